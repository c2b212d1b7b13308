/**
 * @module Sync messages to the hub this page came from: one `POST /api/sync` of
 * `application/cbor` per message (docs/sync.md §6), the answer in the body. An `error`
 * message comes back as bytes like any answer, and the session reads its code.
 */
import { SyncFailure, type SyncTransport } from "../../../src/sync/browser.js";

/** The endpoint and media type of docs/sync.md §6 (as src/sync/transports/http.ts has them). */
const SYNC_PATH = "/api/sync";
const SYNC_MEDIA_TYPE = "application/cbor";

/** A transport to this page's hub; a message gets `timeoutMs` to be answered. */
export function hubTransport(timeoutMs = 60_000): SyncTransport {
  const url = new URL(SYNC_PATH, location.origin).toString();
  return {
    async exchange(message) {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      let response: Response;
      try {
        response = await fetch(url, {
          method: "POST",
          headers: { "content-type": SYNC_MEDIA_TYPE, accept: SYNC_MEDIA_TYPE },
          body: message as Uint8Array<ArrayBuffer>,
          signal: controller.signal,
        });
        const type = response.headers.get("content-type") ?? "";
        if (!response.ok && !type.startsWith(SYNC_MEDIA_TYPE))
          throw new SyncFailure({
            code: "SYNC_PEER_ERROR",
            details: { url, status: response.status },
          });
        return new Uint8Array(await response.arrayBuffer());
      } catch (e) {
        if (e instanceof SyncFailure) throw e;
        throw new SyncFailure({
          code: "SYNC_PEER_UNREACHABLE",
          details: { url, reason: e instanceof Error ? e.message : String(e) },
        });
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {},
  };
}

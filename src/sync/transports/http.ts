/**
 * @module Sync over HTTP: each message is one POST of `application/cbor` to `<hub>/api/sync`,
 * its answer the response body — stateless, so any process of a hub can answer. The
 * client uses fetch; the server side is a plain handler the hub's plugin (or node:http)
 * calls.
 */
import { decodeMessage } from "../protocol.js";
import type { PeerAddress, SyncResponder } from "../responder.js";
import { SyncFailure, syncFail } from "../sync-error.js";
import type { SyncTransport } from "../transport.js";

/** The path of the sync endpoint on a hub. */
export const SYNC_PATH = "/api/sync";
/** The media type of sync messages. */
export const SYNC_MEDIA_TYPE = "application/cbor";

/** The sync endpoint for a hub URL given by a person (`http://host:port`, with or without the path). */
export function syncUrl(hub: string): string {
  const url = new URL(hub);
  if (!url.pathname.endsWith(SYNC_PATH))
    url.pathname = `${url.pathname.replace(/\/+$/, "")}${SYNC_PATH}`;
  return url.toString();
}

/** A client transport to a hub over HTTP(S). */
export function httpTransport(
  hub: string,
  options: { readonly timeoutMs?: number } = {},
): SyncTransport {
  const url = syncUrl(hub);
  return {
    async exchange(message) {
      let response: Response;
      try {
        response = await fetch(url, {
          method: "POST",
          headers: { "content-type": SYNC_MEDIA_TYPE, accept: SYNC_MEDIA_TYPE },
          body: message,
          signal: AbortSignal.timeout(options.timeoutMs ?? 120_000),
        });
      } catch (e) {
        return syncFail("SYNC_PEER_UNREACHABLE", {
          url,
          reason: e instanceof Error ? e.message : String(e),
        });
      }
      const body = new Uint8Array(await response.arrayBuffer());
      if (!response.ok) {
        // A sync error message is passed on (the session reads its code); anything else is the peer's failure.
        try {
          if (decodeMessage(body).type === "error") return body;
        } catch (e) {
          if (!(e instanceof SyncFailure)) throw e;
        }
        return syncFail("SYNC_PEER_ERROR", { url, status: response.status });
      }
      return body;
    },
    async close() {},
  };
}

/** Answers one HTTP request's body: the status, the answer bytes and its media type. */
export async function answerHttp(
  responder: SyncResponder,
  body: Uint8Array,
  from: PeerAddress,
): Promise<{ status: number; body: Uint8Array; type: string }> {
  const answer = await responder.handle(body, from);
  return { status: answer.status, body: answer.body, type: SYNC_MEDIA_TYPE };
}

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
import {
  pinnedCertificate,
  pinnedFingerprint,
  postPinned,
  withoutPin,
} from "./pinned-tls.js";

/** The path of the sync endpoint on a hub. */
export const SYNC_PATH = "/api/sync";
/** The media type of sync messages. */
export const SYNC_MEDIA_TYPE = "application/cbor";

/** The sync endpoint for a hub URL given by a person (`http://host:port`, with or without the path). */
export function syncUrl(hub: string): string {
  const url = withoutPin(new URL(hub));
  if (!url.pathname.endsWith(SYNC_PATH))
    url.pathname = `${url.pathname.replace(/\/+$/, "")}${SYNC_PATH}`;
  return url.toString();
}

/** Why a request failed, in the words of the layer that failed (fetch wraps them in `cause`). */
function reasonOf(e: unknown): string {
  const cause = e instanceof Error ? (e.cause as Error | undefined) : undefined;
  if (cause?.message) return cause.message;
  return e instanceof Error ? e.message : String(e);
}

/**
 * A client transport to a hub over HTTP(S). An `https` URL with `?fp=<fingerprint>` (as invite
 * links carry it) trusts only the certificate with that fingerprint (pinned-tls.ts); without
 * one, the usual certificate authorities.
 */
export function httpTransport(
  hub: string,
  options: { readonly timeoutMs?: number } = {},
): SyncTransport {
  const given = new URL(hub);
  const fingerprint =
    given.protocol === "https:" ? pinnedFingerprint(given) : null;
  const url = syncUrl(withoutPin(given).toString());
  const timeoutMs = options.timeoutMs ?? 120_000;
  const headers = {
    "content-type": SYNC_MEDIA_TYPE,
    accept: SYNC_MEDIA_TYPE,
  };
  let pem: Promise<string> | null = null;
  const post = async (
    message: Uint8Array,
  ): Promise<{ status: number; body: Uint8Array }> => {
    if (fingerprint !== null) {
      pem ??= pinnedCertificate(new URL(url), fingerprint, timeoutMs);
      try {
        return await postPinned(
          new URL(url),
          fingerprint,
          await pem,
          message,
          headers,
          timeoutMs,
        );
      } catch (e) {
        pem = null; // fetched again next time (the hub may have come back)
        throw e;
      }
    }
    const response = await fetch(url, {
      method: "POST",
      headers,
      body: message,
      signal: AbortSignal.timeout(timeoutMs),
    });
    return {
      status: response.status,
      body: new Uint8Array(await response.arrayBuffer()),
    };
  };
  return {
    async exchange(message) {
      let response: { status: number; body: Uint8Array };
      try {
        response = await post(message);
      } catch (e) {
        if (e instanceof SyncFailure) throw e;
        return syncFail("SYNC_PEER_UNREACHABLE", {
          url,
          reason: reasonOf(e),
        });
      }
      const body = response.body;
      if (response.status < 200 || response.status > 299) {
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

/**
 * @module The audit page's data: a body's events, newest first, in the wire form so the
 * browser can re-verify each one itself (id = SHA-256 of the envelope, Ed25519 signature),
 * with what the fold concluded (valid, or invalid with its code; redacted).
 */
import { encodeWireEvent, eventFromParts } from "../../core/index.js";
import type { Hub } from "../hub.js";
import { HubError } from "../hub-error.js";
import type { Viewer } from "./viewer.js";

export interface EventLogEntry {
  /** Position in arrival order on this hub. */
  readonly n: number;
  readonly id: string;
  readonly type: string;
  readonly time: number;
  readonly author: string;
  readonly authorName: string | null;
  readonly seq: number;
  readonly invalid: string | null;
  readonly redacted: boolean;
  /** The wire form `[envelope, signature, payload|null]`, base64url. */
  readonly wire: string;
}

export interface EventLogView {
  readonly body: string;
  readonly total: number;
  readonly events: readonly EventLogEntry[];
  /** Pass as `before` for the next (older) page; null at the start of the log. */
  readonly next: number | null;
}

/** Up to `limit` events of a body, newest first, older than position `before`. */
export async function eventLogView(
  hub: Hub,
  viewer: Viewer,
  body: string,
  before: number | null,
  limit: number,
): Promise<EventLogView> {
  const state = hub.replica.fold.state;
  if (!state.bodies.has(body)) throw new HubError("BODY_NOT_FOUND", { body });
  if (!viewer.reads.has(body))
    throw new HubError(
      viewer.key === null ? "AUTH_REQUIRED" : "READ_NOT_ALLOWED",
      { body },
    );
  const fold = hub.replica.fold;
  const all = hub.eventsOf(body);
  let end = all.length;
  if (before !== null) {
    // Positions are ascending: find the first at or after `before`.
    let lo = 0;
    let hi = all.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (all[mid]! < before) lo = mid + 1;
      else hi = mid;
    }
    end = lo;
  }
  const start = Math.max(0, end - limit);
  const page = all.slice(start, end).reverse();
  const events: EventLogEntry[] = [];
  for (const n of page) {
    const id = fold.index.ids[n]!;
    const stored = await hub.replica.store.get(id);
    if (stored === null) continue;
    const slot = fold.chainSlot(id)!;
    const member = state.keys.get(slot.author)?.member ?? slot.author;
    const e = eventFromParts(stored.envelope, stored.signature, stored.payload);
    if (!e.ok) continue;
    events.push({
      n,
      id,
      type: fold.typeOf(id)!,
      time: fold.timeOf(id)!,
      author: slot.author,
      authorName: state.members.get(member)?.name ?? null,
      seq: slot.seq,
      invalid: fold.invalidReason(id)?.code ?? null,
      redacted: stored.payload === null,
      wire: Buffer.from(encodeWireEvent(e.value)).toString("base64url"),
    });
  }
  return {
    body,
    total: all.length,
    events,
    next: start > 0 ? all[start]! : null,
  };
}

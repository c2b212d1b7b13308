/**
 * @module One event as the audit pages show it: in the wire form, so the browser re-verifies
 * it itself (id = SHA-256 of the envelope, Ed25519 signature), with what the fold concluded
 * (valid, or invalid with its code; redacted). Only an event in a scope the viewer reads is
 * shown: any other is ID_NOT_FOUND, exactly as an event this hub does not hold.
 */
import type { EventEntry } from "../../api/index.js";
import { encodeWireEvent, eventFromParts, pairKey } from "../../core/index.js";
import type { Hub } from "../hub.js";
import { HubError } from "../hub-error.js";
import { nameIn } from "./body-summary.js";
import { canRead, type Viewer } from "./viewer.js";

/** The member a key acts for in a scope: its registration there or above, else the key. */
function memberOfKey(hub: Hub, scope: string, key: string): string {
  const fold = hub.replica.fold;
  for (const s of [scope, ...fold.scopesAbove(scope)]) {
    const r = fold.state.keys.get(pairKey(s, key));
    if (r !== undefined) return r.member;
  }
  return key;
}

/** The entry of a held event at causal-index number `n` (the caller checked it is readable). */
export async function eventEntry(
  hub: Hub,
  n: number,
): Promise<EventEntry | null> {
  const fold = hub.replica.fold;
  const id = fold.index.ids[n]!;
  // Staged by a commit still writing: not stored yet, so not shown yet.
  const stored = await hub.replica.store.get(id);
  if (stored === null) return null;
  const e = eventFromParts(stored.envelope, stored.signature, stored.payload);
  if (!e.ok) return null;
  const slot = fold.chainSlot(id)!;
  const member = memberOfKey(hub, slot.scope, slot.author);
  return {
    n,
    id,
    scope: slot.scope,
    type: fold.typeOf(id)!,
    time: fold.timeOf(id)!,
    author: slot.author,
    authorName:
      fold.state.members.get(pairKey(slot.scope, member)) === undefined
        ? null
        : nameIn(fold.state, slot.scope, member).name,
    seq: slot.seq,
    kseq: slot.kseq,
    invalid: fold.invalidReason(id)?.code ?? null,
    redacted: stored.payload === null,
    wire: Buffer.from(encodeWireEvent(e.value)).toString("base64url"),
  };
}

/** One event in a scope the viewer reads. */
export async function eventView(
  hub: Hub,
  viewer: Viewer,
  id: string,
): Promise<EventEntry> {
  const fold = hub.replica.fold;
  const n = fold.index.indexOf(id);
  const entry =
    n >= 0 && canRead(viewer, fold.scopeOf(id)) && !hub.withheld().has(id)
      ? await eventEntry(hub, n)
      : null;
  if (entry === null) throw new HubError("ID_NOT_FOUND", { kind: "event", id });
  return entry;
}

/**
 * @module The state as plain data: sorted, free of arrival-order artefacts (no event
 * indices), JSON-compatible. Its canonical encoding hashed with SHA-256 is the state hash
 * two replicas compare (docs/events.md, "State hash").
 */
import {
  type CanonicalValue,
  encodeCanonical,
  sha256,
  toHex,
} from "../../crypto/index.js";
import type { FoldState } from "./state.js";

function byId(a: { readonly id: string }, b: { readonly id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Version of the snapshot layout; part of the hashed bytes. */
export const SNAPSHOT_VERSION = 1;

export type Snapshot = { readonly [key: string]: CanonicalValue };

/** Numbers that are not integers (fractional STV votes) become their shortest decimal string. */
function plain(value: unknown): CanonicalValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "number")
    return Number.isSafeInteger(value) ? value : String(value);
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === "object") {
    const out: Record<string, CanonicalValue> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      if (v !== undefined) out[k] = plain(v);
    return out;
  }
  throw new TypeError(`snapshot: unsupported ${typeof value}`);
}

function sortedValues<V>(
  entries: Iterable<[string, V]>,
  map: (key: string, value: V) => unknown = (_k, v) => v,
): CanonicalValue[] {
  return [...entries]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([k, v]) => plain(map(k, v)));
}

/** The whole state as canonical data. `cutoffs` are the key cutoffs the fold holds. */
export function snapshotState(
  state: FoldState,
  cutoffs: ReadonlyMap<string, number> = new Map(),
): Snapshot {
  const redacted = state.redactions;
  return {
    v: SNAPSHOT_VERSION,
    federation: plain(state.federation.get("federation") ?? null),
    bodies: sortedValues(state.bodies.entries(), (_k, b) => ({
      ...b,
      chairs: [...b.chairs].sort(),
    })),
    links: sortedValues(state.links.entries()),
    members: sortedValues(state.members.entries()),
    memberships: sortedValues(state.memberships.entries()),
    joinRequests: sortedValues(state.joinRequests.entries()),
    rotationRequests: sortedValues(state.rotationRequests.entries()),
    keys: sortedValues(state.keys.entries()),
    motions: sortedValues(state.motions.entries(), (id, m) => ({
      ...m,
      // Sorted by id: a late ballot or comment may be applied out of fold order.
      ballots: [...state.ballots.get(id)].sort(byId).map((b) => ({
        id: b.id,
        member: b.member,
        choice: b.choice,
        time: b.time,
      })),
      comments: state.comments
        .get(id)
        .filter((c) => !redacted.has(c.id))
        .sort(byId),
    })),
    redactions: sortedValues(redacted.entries()),
    delegations: sortedValues(state.delegations.entries()),
    delegates: sortedValues(state.delegates.entries()),
    mandates: sortedValues(state.mandates.entries()),
    deviations: sortedValues(state.deviations.entries(), (_k, list) =>
      [...list].sort((a, b) =>
        a.ballot < b.ballot ? -1 : a.ballot > b.ballot ? 1 : 0,
      ),
    ),
    councilDemands: sortedValues(state.councilDemands.entries(), (id, d) => ({
      ...d,
      forwards: state.demandForwards.get(id),
    })),
    calls: sortedValues(state.calls.entries(), (id, c) => ({
      ...c,
      answers: state.answers.get(id),
    })),
    cutoffs: sortedValues(cutoffs.entries(), (key, seq) => ({
      key,
      lastValidSeq: seq,
    })),
    invalid: sortedValues(
      [...state.invalid.entries()].filter(([id]) => !redacted.has(id)),
      (id, e) => ({ id, code: e.code }),
    ),
  };
}

/** SHA-256 of the snapshot's canonical encoding, as hex. */
export function hashSnapshot(snapshot: Snapshot): string {
  return toHex(sha256(encodeCanonical(snapshot)));
}

/**
 * @module The checks pages ask of the fold kept in this browser (local-fold.ts says what
 * they are): each is computed on the copy's own records, never on what the hub said —
 * `auditAttestations` compares the claims about a body on the councils above with the body's
 * own log; `pendingClaims` lists what an attester has yet to carry up; a decided motion's
 * count comes from the fold's own close.
 */
import {
  auditAttestations,
  type ClaimAudit,
  keptPartOf,
  type PendingClaim,
  pairKey,
  pendingClaims,
  readableScopes,
  recountMotion,
  type StatedResult,
  searchState,
  type WaitingItem,
  waitingFor,
} from "../../../src/core/index.js";
import { decodeCanonical } from "../../../src/crypto/index.js";
import { bodyActivities, motionActivity } from "./activity.js";
import type { LocalChecks, LocalMotion } from "./local-fold.js";
import type { BrowserReplica } from "./replica.js";

/** The result a close states, read from its payload (null when redacted or unreadable). */
function statedOf(replica: BrowserReplica, close: string): StatedResult | null {
  const bytes = replica.fold.payloadOf(close);
  if (bytes === null) return null;
  const d = decodeCanonical(bytes);
  if (!d.ok) return null;
  const result = (d.value as { result?: unknown } | null)?.result as
    | StatedResult
    | undefined;
  return result && typeof result.outcome === "string" ? result : null;
}

/** The checks of `replica` as it is now, answered for `key` (hex) where it matters. */
export function localChecks(
  replica: BrowserReplica,
  key: string,
  version: number,
): LocalChecks {
  const fold = replica.fold;
  const state = fold.state;
  let hashes: Map<string, string> | null = null;
  const audits = new Map<string, ClaimAudit[]>();
  const pendings = new Map<string, PendingClaim[]>();
  let waiting: WaitingItem[] | null = null;
  let reads: ReadonlySet<string> | null = null;
  let bodies: Map<string, number> | null = null;
  const attesters: LocalChecks["attesters"] = (council, body) => {
    const facts = state.attesterFacts.get(pairKey(council, body));
    const latest = facts[facts.length - 1]?.value;
    if (latest !== undefined) return latest;
    const link = state.links.get(pairKey(council, body));
    return link === undefined
      ? null
      : { attesters: link.attesters, threshold: link.threshold };
  };
  return {
    version,
    events: replica.size,
    holds: (scope) => replica.holds(scope),
    has: (id) => fold.has(id),
    eventsIn: (scope) => replica.eventsIn(scope),
    scopes: () => replica.scopes(),
    scopeHashes() {
      hashes ??= fold.scopeHashes();
      return hashes;
    },
    audit(body) {
      if (!replica.holds(body) || !state.bodies.has(body)) return null;
      let a = audits.get(body);
      if (a === undefined) {
        a = auditAttestations(fold, body);
        audits.set(body, a);
      }
      return a;
    },
    motion(id): LocalMotion | null {
      const record = state.motions.get(id);
      if (record === undefined) return null;
      const closeAt = state.closeFacts.get(id);
      if (closeAt === undefined)
        return { record, stated: null, counted: null, eligible: null };
      const recount = recountMotion(fold, id);
      return {
        record,
        stated: statedOf(replica, fold.index.ids[closeAt]!),
        counted: recount.ok ? recount.value.counted.length : null,
        eligible: recount.ok ? recount.value.eligible.length : null,
      };
    },
    pending(body) {
      if (!replica.holds(body) || !state.bodies.has(body)) return null;
      let p = pendings.get(body);
      if (p === undefined) {
        p = pendingClaims(fold, body).filter(
          (c) =>
            replica.holds(c.council) &&
            attesters(c.council, body)?.attesters.includes(key) === true &&
            !c.signers.includes(key),
        );
        pendings.set(body, p);
      }
      return p;
    },
    attesters,
    redaction(id) {
      const type = fold.typeOf(id);
      const bytes = fold.payloadOf(id);
      if (type === null || bytes === null) return null;
      const d = decodeCanonical(bytes);
      if (!d.ok) return null;
      const keep = keptPartOf(type, d.value);
      return keep === undefined ? {} : { keep };
    },
    nameIn: (scope, member) =>
      state.members.get(pairKey(scope, member))?.name ?? null,
    claim: (council, hash) =>
      state.claims.get(pairKey(council, hash))?.claim ?? null,
    callTitle: (call) => state.calls.get(call)?.title ?? null,
    waiting() {
      waiting ??= waitingFor(fold, key);
      return waiting;
    },
    search(query) {
      reads ??= readableScopes(fold, { kind: "key", key });
      const scopes = reads;
      return searchState(state, query, (scope) => scopes.has(scope));
    },
    activity(id) {
      bodies ??= bodyActivities(state);
      return bodies.get(id) ?? motionActivity(state, id);
    },
    *activities() {
      bodies ??= bodyActivities(state);
      for (const [id, n] of bodies) yield [id, "body", n] as const;
      for (const id of state.motions.keys()) {
        const n = motionActivity(state, id);
        if (n !== null) yield [id, "motion", n] as const;
      }
    },
  };
}

/**
 * @module The state as plain data, scope by scope: sorted, free of arrival-order artefacts
 * (no event indices), JSON-compatible. The canonical encoding of a scope's snapshot hashed
 * with SHA-256 is the scope's hash — what a partial replica and a full one compare — and the
 * state hash covers the hashes of every scope a replica holds (docs/events.md, "State hash").
 */
import {
  type CanonicalValue,
  encodeCanonical,
  sha256,
  toHex,
} from "../../crypto/index.js";
import type { TokenRequestRecord } from "../secret-ballot/model.js";
import type { CausalIndex } from "./causal-index.js";
import { NONE } from "./causal-index.js";
import { type FoldState, splitPair } from "./state.js";

function byId(a: { readonly id: string }, b: { readonly id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Version of the snapshot layout; part of the hashed bytes. */
export const SNAPSHOT_VERSION = 2;

export type Snapshot = { readonly [key: string]: CanonicalValue };

/**
 * Plain data for the canonical encoding: numbers that are not integers (fractional STV votes)
 * become their shortest decimal string; absent fields are left out.
 */
export function plain(value: unknown): CanonicalValue {
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

/** `deadlineAttestations` of a motion's row, sorted by id, or nothing when it has none. */
function deadlineRows(
  state: FoldState,
  motion: string,
): { deadlineAttestations?: unknown[] } {
  const list = state.deadlineAttestations.get(motion);
  if (list.length === 0) return {};
  return {
    deadlineAttestations: [...list]
      .sort(byId)
      .map(({ at: _at, ...rest }) => rest),
  };
}

/** Cutoffs in force, as the fold reports them. */
export interface SnapshotCutoffs {
  readonly chains: readonly {
    readonly scope: string;
    readonly key: string;
    readonly lastValidSeq: number;
  }[];
  readonly keys: readonly {
    readonly key: string;
    readonly lastValidKseq: number;
  }[];
}

/** Rows of one table, gathered per scope, each with the key it sorts by. */
class Buckets {
  private readonly rows = new Map<string, Map<string, [string, unknown][]>>();
  constructor(private readonly wanted: ReadonlySet<string>) {}

  add(scope: string, table: string, sortKey: string, value: unknown): void {
    if (!this.wanted.has(scope)) return;
    let tables = this.rows.get(scope);
    if (tables === undefined) this.rows.set(scope, (tables = new Map()));
    let list = tables.get(table);
    if (list === undefined) tables.set(table, (list = []));
    list.push([sortKey, value]);
  }

  table(scope: string, table: string): CanonicalValue[] {
    const list = this.rows.get(scope)?.get(table) ?? [];
    return [...list]
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([, v]) => plain(v));
  }
}

/** The tables of a body's scope, in snapshot order. */
const BODY_TABLES = [
  "members",
  "memberships",
  "joinRequests",
  "keys",
  "rotationRequests",
  "motions",
  "redactions",
  "ownDelegations",
  "ownMandates",
  "answers",
  "links",
  "claims",
  "delegations",
  "delegates",
  "mandates",
  "deviations",
  "councilDemands",
  "calls",
  "rollups",
  "cutoffs",
  "invalid",
] as const;

/**
 * Tables of secret ballots, in snapshot order: in a scope's snapshot only when it has rows,
 * so the hashes of scopes that never held a secret vote stay what they were.
 */
const SECRET_TABLES = [
  "registrarOffers",
  "secretMotions",
  // Meetings likewise: only in the snapshots of bodies that held one.
  "meetings",
  // Demands for a meeting: only in the snapshots of bodies where a voter made one.
  "meetingDemands",
  // Referendums: only in the snapshots of councils that put one or hold results of one.
  "referendums",
  "referendumResults",
  // Planning: only in the snapshots of bodies that declared, and councils that hold totals or limits.
  "planProcesses",
  "planActuals",
  "planNeeds",
  "planLimits",
  "planTotals",
] as const;

/**
 * The snapshot of each requested scope. A record belongs to the scope of the events that
 * write it: a body's own tables to the body, cards, claims and what they carried to the
 * council, the genesis and key revocations to the federation scope.
 */
export function snapshotScopes(
  state: FoldState,
  index: CausalIndex,
  scopes: readonly string[],
  options: {
    readonly federation: string | null;
    readonly cutoffs: SnapshotCutoffs;
  },
): Map<string, Snapshot> {
  const wanted = new Set(scopes);
  const b = new Buckets(wanted);
  const redacted = state.redactions;
  const pairScope = (key: string) => splitPair(key)[0];

  for (const [k, m] of state.members.entries()) b.add(m.scope, "members", k, m);
  for (const [k, m] of state.memberships.entries())
    b.add(m.body, "memberships", k, m);
  for (const [k, r] of state.joinRequests.entries())
    b.add(r.body, "joinRequests", k, r);
  for (const [k, r] of state.keys.entries()) b.add(r.scope, "keys", k, r);
  for (const [k, r] of state.rotationRequests.entries())
    b.add(r.body, "rotationRequests", k, r);
  for (const [id, m] of state.motions.entries())
    b.add(m.body, "motions", id, {
      ...m,
      // Sorted by id: a late ballot or comment may be applied out of fold order.
      ballots: [...state.ballots.get(id)].sort(byId).map((x) => ({
        id: x.id,
        member: x.member,
        choice: x.choice,
        time: x.time,
      })),
      // Only on a motion some voter attested: every other motion keeps its hash.
      ...deadlineRows(state, id),
      comments: state.comments
        .get(id)
        .filter((c) => !redacted.has(c.id))
        .sort(byId)
        .map((c) => {
          // Versions only where there are any: the hash of a comment never edited is unchanged.
          const edits = state.commentEdits
            .get(c.id)
            .filter((e) => !redacted.has(e.id))
            .sort(byId);
          return edits.length === 0 ? c : { ...c, edits };
        }),
    });
  for (const [k, r] of redacted.entries()) b.add(r.body, "redactions", k, r);
  for (const [k, r] of state.ownDelegations.entries())
    b.add(pairScope(k), "ownDelegations", k, r);
  for (const [k, r] of state.ownMandates.entries())
    b.add(pairScope(k), "ownMandates", k, r);
  for (const [k, list] of state.answers.entries())
    b.add(pairScope(k), "answers", k, { key: k, answers: list });
  for (const [k, r] of state.links.entries())
    b.add(pairScope(k), "links", k, r);
  for (const [k, r] of state.claims.entries()) b.add(r.council, "claims", k, r);
  for (const [k, r] of state.delegations.entries())
    b.add(pairScope(k), "delegations", k, r);
  for (const [k, r] of state.delegates.entries())
    b.add(pairScope(k), "delegates", k, r);
  for (const [k, r] of state.mandates.entries())
    b.add(pairScope(k), "mandates", k, r);
  for (const [council, list] of state.deviations.entries())
    b.add(
      council,
      "deviations",
      council,
      [...list].sort((x, y) =>
        x.ballot < y.ballot ? -1 : x.ballot > y.ballot ? 1 : 0,
      ),
    );
  for (const [id, d] of state.councilDemands.entries())
    b.add(d.council, "councilDemands", id, {
      ...d,
      support: state.demandSupport.get(id),
    });
  for (const [id, c] of state.calls.entries()) b.add(c.council, "calls", id, c);
  for (const [k, list] of state.rollups.entries())
    b.add(pairScope(k), "rollups", k, {
      key: k,
      claims: list.map(({ at: _at, ...rest }) => rest),
    });
  for (const [id, r] of state.referendums.entries())
    b.add(r.council, "referendums", id, r);
  for (const [k, list] of state.referendumResults.entries())
    b.add(pairScope(k), "referendumResults", k, {
      key: k,
      claims: list.map(({ at: _at, ...rest }) => rest),
    });
  for (const [k, r] of state.planProcesses.entries())
    b.add(r.body, "planProcesses", k, r);
  for (const [k, r] of state.planActuals.entries())
    b.add(r.body, "planActuals", k, r);
  for (const [k, r] of state.planNeeds.entries())
    b.add(r.body, "planNeeds", k, r);
  for (const [k, r] of state.planLimits.entries())
    b.add(r.council, "planLimits", k, r);
  for (const [k, list] of state.planTotals.entries())
    b.add(pairScope(k), "planTotals", k, {
      key: k,
      claims: list.map(({ at: _at, ...rest }) => rest),
    });
  for (const [id, r] of state.registrarOffers.entries())
    b.add(r.body, "registrarOffers", id, {
      ...r,
      citedBy: state.offerCitedBy.get(id) ?? null,
    });
  const requestsOf = new Map<string, TokenRequestRecord[]>();
  for (const r of state.tokenRequests.values()) {
    const list = requestsOf.get(r.motion);
    if (list === undefined) requestsOf.set(r.motion, [r]);
    else list.push(r);
  }
  for (const [id, m] of state.secretMotions.entries()) {
    // Ballots may be applied out of fold order: every list is sorted by id.
    b.add(m.body, "secretMotions", id, {
      ...m,
      requests: (requestsOf.get(id) ?? []).sort(byId),
      issuances: [...state.motionIssuances.get(id)]
        .sort(byId)
        .map(({ at: _at, ...rest }) => rest),
      ballots: [...state.secretBallots.get(id)]
        .sort(byId)
        .map(({ at: _at, ...rest }) => rest),
      tally: state.secretTallies.get(id) ?? null,
    });
  }
  for (const [id, m] of state.meetings.entries())
    b.add(m.body, "meetings", id, m);
  for (const [id, d] of state.meetingDemands.entries())
    b.add(d.body, "meetingDemands", id, d);
  for (const c of options.cutoffs.chains)
    b.add(c.scope, "cutoffs", c.key, {
      key: c.key,
      lastValidSeq: c.lastValidSeq,
    });
  for (const [id, e] of state.invalid.entries()) {
    if (redacted.has(id)) continue;
    const i = index.indexOf(id);
    if (i === NONE) continue;
    b.add(index.scopeIdOf(i), "invalid", id, { id, code: e.code });
  }

  const out = new Map<string, Snapshot>();
  for (const scope of scopes) {
    if (scope === options.federation) {
      out.set(scope, {
        v: SNAPSHOT_VERSION,
        scope,
        federation: plain(state.federation.get("federation") ?? null),
        members: b.table(scope, "members"),
        revocations: [...options.cutoffs.keys]
          .sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0))
          .map((c) => plain(c)),
        cutoffs: b.table(scope, "cutoffs"),
        invalid: b.table(scope, "invalid"),
      });
      continue;
    }
    const body = state.bodies.get(scope);
    const snap: Record<string, CanonicalValue> = {
      v: SNAPSHOT_VERSION,
      scope,
      body:
        body === undefined
          ? null
          : plain({ ...body, chairs: [...body.chairs].sort() }),
    };
    for (const table of BODY_TABLES) snap[table] = b.table(scope, table);
    for (const table of SECRET_TABLES) {
      const rows = b.table(scope, table);
      if (rows.length > 0) snap[table] = rows;
    }
    out.set(scope, snap);
  }
  return out;
}

/** SHA-256 of a snapshot's canonical encoding, as hex. */
export function hashSnapshot(snapshot: Snapshot): string {
  return toHex(sha256(encodeCanonical(snapshot)));
}

/** The state hash of a replica: SHA-256 of the canonical list of [scope, scope hash], sorted by scope. */
export function hashScopes(hashes: ReadonlyMap<string, string>): string {
  const list = [...hashes.entries()].sort((a, b) =>
    a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0,
  );
  return toHex(sha256(encodeCanonical(list)));
}

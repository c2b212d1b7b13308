/**
 * @module `kenges verify`: re-checks a store from nothing — every id, encoding, payload
 * hash, signature and chain link — refolds every event, and compares the result with the
 * state the store says it reached. Anyone can run it on any copy of the log.
 */

import {
  checkEvent,
  EVENT_HANDLERS,
  eventFromParts,
  FoldEngine,
  type FoldInput,
  foldInputOf,
  type SignedEvent,
} from "../core/index.js";
import type { Store } from "../store/index.js";
import {
  type SecretBallotCheck,
  secretBallotChecks,
} from "./secret-ballot-checks.js";
import type { SignaturePool } from "./signature-pool.js";

/** One integrity failure, naming the event and what is wrong. */
export interface IntegrityProblem {
  readonly id: string | null;
  readonly code: string;
  readonly details: Record<string, unknown>;
}

export interface VerifyReport {
  /** False only for integrity failures (encoding, hash, signature, chain, stored state). */
  readonly ok: boolean;
  /** Stored events, invalid ones included. */
  readonly events: number;
  /** Events the fold keeps as invalid (not an integrity failure). */
  readonly invalid: number;
  readonly quarantined: number;
  readonly stateHash: string;
  /**
   * Events held without their payload and without a redaction that removed it (a relay
   * stripped it): kept, not counted by the fold until the payload arrives. Not an integrity
   * failure — the envelope, its signature and the payload hash in it are all checked.
   */
  readonly payloadPending: readonly string[];
  /** Per scope held, the hash of its snapshot (docs/events.md §8). */
  readonly scopes: Readonly<Record<string, string>>;
  /** Per secret motion: tokens checked by the fold, double spends, over-issuance. */
  readonly secretBallots: readonly SecretBallotCheck[];
  readonly problems: readonly IntegrityProblem[];
}

const BATCH = 20_000;

/** Verifies everything in the store; never changes it. */
export async function verifyReplica(
  store: Store,
  options: { pool?: SignaturePool } = {},
): Promise<VerifyReport> {
  const problems: IntegrityProblem[] = [];
  const federation = await store.getMeta("federation");
  const seen = new Set<string>();
  const inputs: FoldInput[] = [];
  let after = 0;
  let count = 0;
  for (;;) {
    const { events: rows, last } = await store.scan(after, BATCH);
    const decoded: SignedEvent[] = [];
    for (const row of rows) {
      count++;
      const e = eventFromParts(row.envelope, row.signature, row.payload);
      if (!e.ok) {
        problems.push({
          id: row.id,
          code: e.error.code,
          details: { ...e.error.details },
        });
        continue;
      }
      if (e.value.id !== row.id) {
        problems.push({
          id: row.id,
          code: "STORE_CORRUPT",
          details: { reason: "id-mismatch", computed: e.value.id },
        });
        continue;
      }
      decoded.push(e.value);
    }
    const signatures = options.pool ? await options.pool.verify(decoded) : null;
    decoded.forEach((e, i) => {
      const checked = checkEvent(e, EVENT_HANDLERS, {
        federation,
        signatureChecked: signatures !== null && signatures[i] === true,
        payloadPending: true,
      });
      if (signatures !== null && !signatures[i]) {
        problems.push({ id: e.id, code: "SIGNATURE_INVALID", details: {} });
        return;
      }
      if (!checked.ok) {
        problems.push({
          id: e.id,
          code: checked.error.code,
          details: { ...checked.error.details },
        });
        return;
      }
      const input = foldInputOf(e);
      // Storage order is causal: parents were stored before their children.
      for (const d of input.prev === null
        ? input.deps
        : [input.prev, ...input.deps])
        if (!seen.has(d))
          problems.push({
            id: e.id,
            code: "STORE_CORRUPT",
            details: { reason: "dep-not-before", dep: d },
          });
      seen.add(e.id);
      inputs.push(input);
    });
    if (rows.length < BATCH) break;
    after = last;
  }
  const fold = new FoldEngine(EVENT_HANDLERS);
  const payloadPending: string[] = [];
  if (problems.length === 0) {
    // The chain and scope rules against each event's parents (docs/events.md §4).
    const added = fold.add(inputs);
    for (const [id, error] of added.rejected)
      problems.push({ id, code: error.code, details: { ...error.details } });
    fold.rebuild();
    // A payload missing where no valid redaction removed it is still on its way.
    for (const input of inputs)
      if (input.payload === null && !fold.state.redactions.has(input.id))
        payloadPending.push(input.id);
  }
  const stateHash = problems.length === 0 ? fold.stateHash() : "";
  const scopes =
    problems.length === 0 ? Object.fromEntries(fold.scopeHashes()) : {};
  const saved = await store.loadFold();
  if (problems.length === 0 && saved !== null && saved.events === count) {
    if (saved.stateHash !== stateHash)
      problems.push({
        id: null,
        code: "STORE_CORRUPT",
        details: {
          reason: "state-differs",
          stored: saved.stateHash,
          rebuilt: stateHash,
        },
      });
    const rebuiltInvalid = [...fold.state.invalid.entries()]
      .map(([id, e]) => `${id}:${e.code}`)
      .sort();
    const storedInvalid = saved.invalid.map((i) => `${i.id}:${i.code}`).sort();
    if (rebuiltInvalid.join() !== storedInvalid.join())
      problems.push({
        id: null,
        code: "STORE_CORRUPT",
        details: { reason: "invalid-list-differs" },
      });
  }
  return {
    ok: problems.length === 0,
    events: count,
    invalid: problems.length === 0 ? fold.state.invalid.size : 0,
    quarantined: await store.countQuarantined(),
    stateHash,
    payloadPending,
    scopes,
    secretBallots: problems.length === 0 ? secretBallotChecks(fold) : [],
    problems,
  };
}

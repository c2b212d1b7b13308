/**
 * @module Signing one action in its scope (event format 2), pure: on the key's chain there
 * (`seq`/`prev` per scope), with a `kseq` above every kseq the key signed, naming the deps
 * given — first `heads.merged` events in the scope when more than 16 would be named; a join
 * request names only the scope's founding event and the federation scope's heads. The
 * outbox (outbox.ts) calls it inside the database transaction that keeps the chain heads
 * and the kseq.
 */
import {
  type FoldInput,
  MAX_DEPS,
  planMerges,
  type SignedEvent,
  signEvent,
} from "../../../src/core/index.js";
import {
  type CanonicalValue,
  type KeyPair,
  toHex,
} from "../../../src/crypto/index.js";

/** A point on the key's chain in one scope. */
export interface ChainHead {
  readonly seq: number;
  readonly id: string;
}

/** The event being signed, before its payload: what a payload computed at signing time sees. */
export interface Draft {
  readonly author: string;
  readonly scope: string;
  readonly seq: number;
  readonly kseq: number;
  readonly prev: string | null;
  readonly deps: readonly string[];
  /** The merges signed before it (fold inputs, parents first). */
  readonly merges: readonly FoldInput[];
}

/** What to sign. */
export interface SignRequest {
  readonly scope: string;
  readonly type: string;
  /** The payload, or a function computing it on the draft (a close states its count). */
  readonly payload: CanonicalValue | ((draft: Draft) => CanonicalValue);
  readonly time: number;
  /** A join request: the key reads nothing of the scope yet, and names only what it may. */
  readonly join?: boolean;
  /** What may be named of the heads given (the member's own secret ballot never). */
  readonly depsOf?: (deps: readonly string[]) => readonly string[];
}

/**
 * Signs `request` in its scope after `chain`, naming `deps`: first `heads.merged` events in
 * the scope when more than 16 would be named (a member's key), each with the next seq and
 * kseq. A join request names only the scope's founding event and the federation scope's heads.
 */
export function signInScope(
  key: KeyPair,
  federation: string,
  request: SignRequest,
  basis: {
    readonly deps: readonly string[];
    readonly scopeHeads: readonly string[];
    readonly chain: ChainHead | null;
    readonly kseq: number;
  },
): SignedEvent[] {
  const author = toHex(key.publicKey);
  const scope = request.scope;
  let seq = (basis.chain?.seq ?? 0) + 1;
  let prev = basis.chain?.id ?? null;
  let kseq = basis.kseq + 1;
  const signed: SignedEvent[] = [];
  const merges: FoldInput[] = [];
  let deps: string[];
  if (request.join) {
    // Its first event in the scope names the scope's founding event (the body id).
    const others = basis.deps.filter((h) => h !== prev && h !== scope);
    deps = [...(prev === null ? [scope] : []), ...others].slice(0, MAX_DEPS);
  } else {
    const named = request.depsOf ?? ((d: readonly string[]) => d);
    let wanted = named(basis.deps);
    let first = named(basis.scopeHeads);
    // A key's first event in the scope needs a parent there; the founding event always is.
    if (prev === null && wanted.length > MAX_DEPS && first.length === 0) {
      wanted = [...wanted, scope];
      first = [scope];
    }
    const plan = planMerges(wanted, prev, prev === null ? first : []);
    for (const m of plan.merges) {
      const merge = signEvent(key, {
        federation,
        scope,
        seq,
        kseq,
        prev,
        deps: m,
        time: request.time,
        type: "heads.merged",
        payload: {},
      });
      signed.push(merge);
      merges.push({
        id: merge.id,
        author,
        scope,
        seq,
        kseq,
        prev,
        deps: [...m].sort(),
        time: request.time,
        type: "heads.merged",
        payload: merge.payloadBytes,
      });
      prev = merge.id;
      seq++;
      kseq++;
    }
    deps = plan.deps;
  }
  const payload =
    typeof request.payload === "function"
      ? request.payload({ author, scope, seq, kseq, prev, deps, merges })
      : request.payload;
  signed.push(
    signEvent(key, {
      federation,
      scope,
      seq,
      kseq,
      prev,
      deps,
      time: request.time,
      type: request.type,
      payload,
    }),
  );
  return signed;
}

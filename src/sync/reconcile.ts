/**
 * @module Range-based set reconciliation, pure (docs/sync.md, "Reconciliation"; after
 * Meyer's description in notes/range-reconciliation.md, written afresh). One side sends
 * ranges of the order with fingerprints or id lists; the other answers each range: equal →
 * skip; small on its side → its id list; different → split into parts of equal count with a
 * fingerprint each. An id list received settles its range: the receiver knows exactly which
 * events to send and which to ask for.
 */
import {
  fingerprintOf,
  isEqualFingerprint,
  limbsOf,
  newSum,
  subLimbs,
} from "./fingerprint.js";
import type { ItemIndex } from "./item-index.js";
import type { Range } from "./range-list.js";
import {
  type Bound,
  boundBetween,
  END,
  isBelow,
  type SortKey,
} from "./sort-key.js";

/** How ranges are split and when an id list is sent instead. */
export interface ReconcileOptions {
  /** Parts a differing range is split into. */
  readonly branching: number;
  /** A range holding at most this many items (on the answering side) is sent as an id list. */
  readonly idListThreshold: number;
  /** Items the opening message lists by id at the very top of the order. */
  readonly openingTopIds: number;
  /**
   * Most parts a range of the opening is split into by the first answer (a range of n items
   * into n/16 parts, at least `branching`): one level deeper at once, so scattered
   * differences in a million events settle within three round trips.
   */
  readonly firstBranching: number;
}

export const DEFAULT_RECONCILE: ReconcileOptions = {
  branching: 16,
  idListThreshold: 32,
  openingTopIds: 8,
  firstBranching: 256,
};

/** What one side holds, as reconciliation sees it. */
export interface ReconcileView {
  readonly index: ItemIndex;
  /** True when the item with this id is held (in this view). */
  has(id: string): boolean;
}

/** The answer to a list of ranges. */
export interface RangeAnswer {
  /** The ranges to send back; empty when every range is settled. */
  readonly ranges: Range[];
  /** Items held here that the peer lacks: send their events. */
  readonly push: SortKey[];
  /** Ids the peer holds that are missing here: ask for them. */
  readonly want: string[];
}

function fingerprintRange(
  index: ItemIndex,
  lo: number,
  hi: number,
  upper: Bound,
): Range {
  return {
    upper,
    mode: "fingerprint",
    count: hi - lo,
    fingerprint: index.fingerprint(lo, hi),
  };
}

function idsRange(
  index: ItemIndex,
  lo: number,
  hi: number,
  upper: Bound,
): Range {
  const ids = index.keys(lo, hi).map((k) => k.id);
  ids.sort();
  return { upper, mode: "ids", ids };
}

/** Splits positions [lo, hi) into `parts` ranges of (nearly) equal count, ending at `upper`. */
function splitRange(
  index: ItemIndex,
  lo: number,
  hi: number,
  upper: Bound,
  parts: number,
): Range[] {
  const n = hi - lo;
  const k = Math.max(1, Math.min(parts, n));
  const out: Range[] = [];
  let from = lo;
  for (let i = 1; i <= k; i++) {
    const to = i === k ? hi : lo + Math.floor((i * n) / k);
    const bound =
      i === k ? upper : boundBetween(index.keyAt(to - 1), index.keyAt(to));
    out.push(fingerprintRange(index, from, to, bound));
    from = to;
  }
  return out;
}

/**
 * The ranges that open a session: the lower part of the order in 15 parts of equal count,
 * and the top sixteenth refined towards the newest events (ranges growing fourfold
 * downwards, the very newest as an id list) — so a peer that only missed the newest events
 * answers with them at once, and one with scattered differences starts from a 16-way split.
 */
export function openingRanges(
  index: ItemIndex,
  options: ReconcileOptions = DEFAULT_RECONCILE,
): Range[] {
  const n = index.size;
  if (n <= options.idListThreshold) return [idsRange(index, 0, n, END)];
  const top = Math.min(
    n,
    Math.max(options.openingTopIds * 4, Math.ceil(n / options.branching)),
  );
  const base = n - top;
  const cuts: number[] = [];
  if (base > 0) {
    const parts = Math.min(options.branching - 1, base);
    for (let i = 1; i <= parts; i++) cuts.push(Math.floor((i * base) / parts));
  }
  // Downwards from the top: the newest items by id, then ranges four times larger each.
  const tops: number[] = [];
  let at = n - options.openingTopIds;
  let step = options.openingTopIds * 3;
  while (at > base) {
    tops.push(at);
    at -= step;
    step *= 4;
  }
  cuts.push(...tops.reverse(), n);
  const out: Range[] = [];
  let from = 0;
  for (const to of cuts) {
    if (to <= from) continue;
    const upper =
      to === n ? END : boundBetween(index.keyAt(to - 1), index.keyAt(to));
    out.push(
      to === n && n - from <= options.openingTopIds
        ? idsRange(index, from, to, upper)
        : fingerprintRange(index, from, to, upper),
    );
    from = to;
  }
  return out;
}

/**
 * Answers a peer's ranges. `inFlight` are items (sorted) this side sends in the same reply
 * before any range is answered; a fingerprint is compared as if the peer already held them.
 */
export function answerRanges(
  view: ReconcileView,
  incoming: readonly Range[],
  inFlight: readonly SortKey[],
  options: ReconcileOptions = DEFAULT_RECONCILE,
  isOpening = false,
): RangeAnswer {
  const { index } = view;
  const out: Range[] = [];
  const push: SortKey[] = [];
  const want: string[] = [];
  const flying = new Set(inFlight.map((k) => k.id));
  const limbs = new Uint32Array(8);
  let lo = 0;
  let q = 0;
  let settled = true;
  for (const r of incoming) {
    const hi = index.position(r.upper);
    // In-flight items of this range: left out of the comparison.
    const firstFlying = q;
    while (q < inFlight.length && isBelow(inFlight[q]!, r.upper)) q++;
    const flyingHere = q - firstFlying;
    if (r.mode === "skip") out.push(r);
    else if (r.mode === "ids") {
      const theirs = new Set(r.ids);
      for (const k of index.keys(lo, hi))
        if (!theirs.has(k.id) && !flying.has(k.id)) push.push(k);
      for (const id of r.ids) if (!view.has(id)) want.push(id);
      out.push({ upper: r.upper, mode: "skip" });
    } else {
      const mine = newSum();
      index.addRange(lo, hi, mine);
      for (let j = firstFlying; j < q; j++) {
        limbsOf(inFlight[j]!.id, limbs, 0);
        subLimbs(mine, limbs, 0);
      }
      const count = hi - lo - flyingHere;
      if (
        count === r.count &&
        isEqualFingerprint(fingerprintOf(mine, count), r.fingerprint)
      )
        out.push({ upper: r.upper, mode: "skip" });
      else if (hi - lo <= options.idListThreshold) {
        out.push(idsRange(index, lo, hi, r.upper));
        settled = false;
      } else if (r.count === 0) {
        // The peer holds nothing here: everything is missing there.
        for (const k of index.keys(lo, hi)) if (!flying.has(k.id)) push.push(k);
        out.push({ upper: r.upper, mode: "skip" });
      } else {
        const parts = isOpening
          ? Math.min(
              options.firstBranching,
              Math.max(options.branching, Math.ceil((hi - lo) / 16)),
            )
          : options.branching;
        out.push(...splitRange(index, lo, hi, r.upper, parts));
        settled = false;
      }
    }
    lo = hi;
  }
  return { ranges: settled ? [] : mergeSkips(out), push, want };
}

/** Joins adjacent skip ranges into one (the later bound covers both). */
function mergeSkips(ranges: readonly Range[]): Range[] {
  const out: Range[] = [];
  for (const r of ranges) {
    const last = out[out.length - 1];
    if (r.mode === "skip" && last?.mode === "skip") out[out.length - 1] = r;
    else out.push(r);
  }
  return out;
}

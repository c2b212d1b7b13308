/**
 * @module Range-based set reconciliation, pure (docs/sync.md, "Reconciliation"; after
 * Meyer's description in notes/range-reconciliation.md, written afresh). One side sends
 * ranges of the order with fingerprints or id lists; the other answers each range: equal →
 * skip; small on its side → its id list; different → split into parts of equal count with a
 * fingerprint each. An id list received settles its range: the receiver knows exactly which
 * events to send and which to ask for.
 */
import {
  addLimbs,
  fingerprintOf,
  isEqualFingerprint,
  limbsOf,
  newSum,
  type Sum,
  subLimbs,
} from "./fingerprint.js";
import type { ItemIndex } from "./item-index.js";
import { type Range, SHORT_ID_HEX } from "./range-list.js";
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
  /** Parts of equal count the lower part of the order is sent in by the opening. */
  readonly openingBaseParts: number;
  /** A hello offering more scopes than this opens each one leanly (`leanOpening`). */
  readonly leanAbove: number;
}

export const DEFAULT_RECONCILE: ReconcileOptions = {
  branching: 16,
  idListThreshold: 32,
  openingTopIds: 8,
  firstBranching: 256,
  openingBaseParts: 15,
  leanAbove: 16,
};

/**
 * The opening of one scope when a hello carries many: the two newest ids and ranges growing
 * fourfold below them, the lower part whole — about a hundred bytes a scope instead of six
 * hundred, so a hub's hello of hundreds of scopes stays small. The first answer splits a
 * differing range deeply (`firstBranching`), so scattered differences cost no more rounds.
 */
export function leanOpening(options: ReconcileOptions): ReconcileOptions {
  return { ...options, openingTopIds: 2, openingBaseParts: 1 };
}

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

/**
 * The items of positions [lo, hi) as a short id list (8-byte prefixes and the range's
 * fingerprint); as a full id list when two of them share a prefix.
 */
function shortRange(
  index: ItemIndex,
  lo: number,
  hi: number,
  upper: Bound,
  reply: boolean,
): Range {
  const prefixes = index
    .keys(lo, hi)
    .map((k) => k.id.slice(0, SHORT_ID_HEX))
    .sort();
  for (let i = 1; i < prefixes.length; i++)
    if (prefixes[i] === prefixes[i - 1]) return idsRange(index, lo, hi, upper);
  return {
    upper,
    mode: "short",
    fingerprint: index.fingerprint(lo, hi),
    prefixes,
    reply,
  };
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
  if (n <= Math.min(options.idListThreshold, options.openingTopIds * 4))
    return [shortRange(index, 0, n, END, false)];
  const top = Math.min(
    n,
    Math.max(options.openingTopIds * 4, Math.ceil(n / options.branching)),
  );
  const base = n - top;
  const cuts: number[] = [];
  if (base > 0) {
    const parts = Math.min(options.openingBaseParts, base);
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
        ? shortRange(index, from, to, upper, false)
        : fingerprintRange(index, from, to, upper),
    );
    from = to;
  }
  return out;
}

/**
 * Whether the subset search looks at a range of `m` items of which `d` may be missing on the
 * other side: the small ranges at the top of the order where the newest events land (up to
 * 128 items for one or two missing, 32 for three). Larger ones are split as usual: there,
 * differences on both sides are the likelier case, and a failed search would cost a round.
 */
function isSearchable(m: number, d: number): boolean {
  return d >= 1 && (d <= 2 ? m <= 128 : d === 3 && m <= 32);
}

/** Tries of the subset search one message may spend (a peer cannot make a hub search more). */
export const SEARCH_TRIES = 10_000;

/**
 * Looks for the `count − peer's count` items of positions [lo, hi) (not in flight) whose
 * removal leaves the peer's fingerprint: the peer then holds exactly the rest, and those
 * items are what it lacks — the usual case of a peer that missed the newest events, settled
 * without listing ids. Newest items are tried first. Spends at most `search.tries`; pushes
 * and returns true when found.
 */
function pushMissing(
  index: ItemIndex,
  lo: number,
  hi: number,
  flying: ReadonlySet<string>,
  mine: Sum,
  theirs: { readonly count: number; readonly fingerprint: Uint8Array },
  search: { tries: number },
  push: SortKey[],
): boolean {
  const items = index.keys(lo, hi).filter((k) => !flying.has(k.id));
  const d = items.length - theirs.count;
  const limbs = new Uint32Array(items.length * 8);
  items.forEach((k, i) => {
    limbsOf(k.id, limbs, i * 8);
  });
  const chosen: number[] = [];
  const work = newSum();
  const found = (from: number, left: number): boolean => {
    if (left === 0) {
      if (search.tries <= 0) return false;
      search.tries--;
      work.set(mine);
      for (const c of chosen) subLimbs(work, limbs, c * 8);
      return isEqualFingerprint(
        fingerprintOf(work, theirs.count),
        theirs.fingerprint,
      );
    }
    for (let i = from; i >= left - 1 && search.tries > 0; i--) {
      chosen.push(i);
      if (found(i - 1, left - 1)) return true;
      chosen.pop();
    }
    return false;
  };
  if (!found(items.length - 1, d)) return false;
  for (const c of chosen) push.push(items[c]!);
  return true;
}

/**
 * Answers a peer's ranges. `inFlight` are items (sorted) this side sends in the same reply
 * before any range is answered; a fingerprint is compared as if the peer already held them.
 * `search` bounds the subset searches of the whole message.
 */
export function answerRanges(
  view: ReconcileView,
  incoming: readonly Range[],
  inFlight: readonly SortKey[],
  options: ReconcileOptions = DEFAULT_RECONCILE,
  isOpening = false,
  search: { tries: number } = { tries: SEARCH_TRIES },
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
    else if (r.mode === "short") {
      // Items here whose prefix the peer did not list go to it; if the peer listed prefixes
      // not held here, answer with this side's short list (once: a reply settles); if every
      // prefix matched, the fingerprint of the matched items must be the peer's — else two
      // ids share a prefix, and full ids settle the range.
      const theirs = new Set(r.prefixes);
      const matched = new Set<string>();
      const sum = newSum();
      let count = 0;
      for (const k of index.keys(lo, hi)) {
        const p = k.id.slice(0, SHORT_ID_HEX);
        if (theirs.has(p)) {
          matched.add(p);
          limbsOf(k.id, limbs, 0);
          addLimbs(sum, limbs, 0);
          count++;
        } else if (!flying.has(k.id)) push.push(k);
      }
      if (matched.size < theirs.size) {
        if (r.reply) out.push({ upper: r.upper, mode: "skip" });
        else {
          out.push(shortRange(index, lo, hi, r.upper, true));
          settled = false;
        }
      } else if (isEqualFingerprint(fingerprintOf(sum, count), r.fingerprint))
        out.push({ upper: r.upper, mode: "skip" });
      else {
        out.push(idsRange(index, lo, hi, r.upper));
        settled = false;
      }
    } else if (r.mode === "ids") {
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
      else if (
        count > r.count &&
        isSearchable(count, count - r.count) &&
        r.count > 0 &&
        pushMissing(index, lo, hi, flying, mine, r, search, push)
      )
        // The peer holds a subset of these: exactly the items found are what it lacks.
        out.push({ upper: r.upper, mode: "skip" });
      else if (count < r.count && isSearchable(r.count, r.count - count)) {
        // This side lacks a few: the peer, holding more, finds them by the same search.
        out.push({
          upper: r.upper,
          mode: "fingerprint",
          count,
          fingerprint: fingerprintOf(mine, count),
        });
        settled = false;
      } else if (hi - lo <= options.idListThreshold) {
        out.push(shortRange(index, lo, hi, r.upper, false));
        settled = false;
      } else if (r.count === 0) {
        // The peer holds nothing here: everything is missing there.
        for (const k of index.keys(lo, hi)) if (!flying.has(k.id)) push.push(k);
        out.push({ upper: r.upper, mode: "skip" });
      } else {
        // The first answer splits into parts of about 16 items (at most firstBranching), so
        // the next round lists them; later rounds split `branching` ways.
        const parts = isOpening
          ? Math.min(
              options.firstBranching,
              Math.max(2, Math.ceil((hi - lo) / 16)),
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

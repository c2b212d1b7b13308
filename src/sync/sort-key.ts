/**
 * @module The order reconciliation works in: (causal height, id). Heights come from the
 * causal graph (one more than the highest parent), so every replica computes the same key
 * for the same event, recent events cluster at the top, and no clock can move an event.
 * A bound splits the order: the items below it are those with a smaller height, or the
 * same height and an id below the bound's prefix (the prefix padded with zero bytes).
 */

/** An item of the order: an event's causal height and its id (64 lower-case hex). */
export interface SortKey {
  readonly h: number;
  readonly id: string;
}

/** A place in the order; `end` lies above every item. */
export type Bound =
  | { readonly end: false; readonly h: number; readonly prefix: string }
  | { readonly end: true };

/** The bound above every item. */
export const END: Bound = { end: true };
/** The bound below every item. */
export const START: Bound = { end: false, h: 0, prefix: "" };

/** True when the item lies below the bound. */
export function isBelow(item: SortKey, bound: Bound): boolean {
  if (bound.end) return true;
  return item.h < bound.h || (item.h === bound.h && item.id < bound.prefix);
}

/** Orders two items: negative, zero or positive. */
export function compareKeys(a: SortKey, b: SortKey): number {
  if (a.h !== b.h) return a.h - b.h;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Orders two bounds: negative, zero or positive. */
export function compareBounds(a: Bound, b: Bound): number {
  if (a.end || b.end) return a.end === b.end ? 0 : a.end ? 1 : -1;
  if (a.h !== b.h) return a.h - b.h;
  // Prefixes never end in a zero byte (the codec refuses it), so string order is bound order.
  return a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0;
}

/**
 * The shortest bound with `below` under it and `above` not: a bare height when the heights
 * differ, else the shortest id prefix of `above` that exceeds `below`'s id.
 */
export function boundBetween(below: SortKey, above: SortKey): Bound {
  if (below.h < above.h) return { end: false, h: above.h, prefix: "" };
  let i = 0;
  while (i < 64 && below.id.slice(i, i + 2) === above.id.slice(i, i + 2))
    i += 2;
  return { end: false, h: above.h, prefix: above.id.slice(0, i + 2) };
}

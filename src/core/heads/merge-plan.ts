/**
 * @module Planning deps for a new event: an event names at most 16 deps, so a client
 * holding more heads first signs effect-free `heads.merged` events, each gathering up to
 * 16 of them (its own chain predecessor travels separately as prev).
 */
import { MAX_DEPS } from "../event/limits.js";

/**
 * Groups heads (other than the author's own previous event) into merge steps: each inner
 * array is the deps of one `heads.merged` event; the final array is the deps of the event
 * itself, which then also depends on the merges through its author's chain.
 */
export function planMerges(
  heads: readonly string[],
  ownPrev: string | null,
  first: readonly string[] = [],
): { merges: string[][]; deps: string[] } {
  // `first` (the scope's own heads, for a key with no chain there yet) go into the first
  // merge: every event of a scope must name a parent of its own scope.
  const priority = new Set(first);
  const others = [...new Set(heads)]
    .filter((h) => h !== ownPrev)
    .sort((a, b) => {
      const pa = priority.has(a) ? 0 : 1;
      const pb = priority.has(b) ? 0 : 1;
      return pa - pb || (a < b ? -1 : a > b ? 1 : 0);
    });
  const merges: string[][] = [];
  let rest = others;
  while (rest.length > MAX_DEPS) {
    merges.push(rest.slice(0, MAX_DEPS));
    rest = rest.slice(MAX_DEPS);
  }
  return { merges, deps: rest };
}

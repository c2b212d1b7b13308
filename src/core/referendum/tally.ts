/**
 * @module A referendum's result as a council sees it: the results the bodies below carried up
 * by attestation, each body once (a claim superseded is dropped, a newer claim of the same
 * child replaces its older one, never adds to it), summed per option, with turnout.
 */
import type { FoldState } from "../fold/state.js";
import { pairKey } from "../fold/state.js";
import type { ReferendumEntry } from "./model.js";
import { REFERENDUM_OPTIONS } from "./model.js";

/** Counts summed over bodies. */
export interface ReferendumSum {
  /** Per option, in REFERENDUM_OPTIONS order. */
  readonly counts: readonly number[];
  readonly eligible: number;
  readonly cast: number;
  /** Bodies whose results are summed. */
  readonly bodies: number;
}

export interface ReferendumTally {
  readonly referendum: string;
  /** The council looking: only bodies below it count. */
  readonly council: string;
  readonly options: readonly string[];
  readonly total: ReferendumSum;
  /** Per body right below this council that carried results up: its subtree's sum. */
  readonly children: readonly ({ readonly body: string } & ReferendumSum)[];
  /** Every body counted, with its result (sorted by body). */
  readonly entries: readonly ReferendumEntry[];
}

function sumOf(entries: readonly ReferendumEntry[]): ReferendumSum {
  const counts = REFERENDUM_OPTIONS.map(() => 0);
  let eligible = 0;
  let cast = 0;
  for (const e of entries) {
    for (let k = 0; k < counts.length; k++) counts[k]! += e.counts[k] ?? 0;
    eligible += e.eligible;
    cast += e.cast;
  }
  return { counts, eligible, cast, bodies: entries.length };
}

/**
 * The results a council holds for a referendum: the latest claim each linked child carried
 * (not superseded), each body below once — a body linked here by its own report; another
 * through a council below, of two such the child with the smaller id — so the rows per child
 * add up to the total. An assembly's or committee's claim counts for itself only.
 */
export function referendumEntries(
  state: FoldState,
  referendum: string,
  council: string,
): { entries: ReferendumEntry[]; byChild: Map<string, ReferendumEntry[]> } {
  const latestByChild = new Map<string, readonly ReferendumEntry[]>();
  for (const r of state.referendumResults.get(pairKey(council, referendum))) {
    if (state.supersededFacts.get(pairKey(council, r.claim)).length > 0)
      continue;
    if (!state.links.has(pairKey(council, r.child))) continue;
    latestByChild.set(r.child, r.entries);
  }
  const byBody = new Map<string, ReferendumEntry>();
  const byChild = new Map<string, ReferendumEntry[]>();
  const children = [...latestByChild.keys()].sort();
  for (const child of children) byChild.set(child, []);
  // A body's own report comes first: no other child's entry for a body linked here counts.
  for (const child of children)
    for (const e of latestByChild.get(child)!)
      if (e.body === child) {
        byBody.set(e.body, e);
        byChild.get(child)!.push(e);
      }
  // Then what councils below carried on, each body once (of two, the smaller child id's). A
  // child whose card says it is no council speaks for itself only.
  for (const child of children) {
    if (state.links.get(pairKey(council, child))?.card.kind !== "council")
      continue;
    for (const e of latestByChild.get(child)!) {
      if (e.body === council || byBody.has(e.body)) continue;
      byBody.set(e.body, e);
      byChild.get(child)!.push(e);
    }
  }
  const entries = [...byBody.values()].sort((a, b) =>
    a.body < b.body ? -1 : 1,
  );
  return { entries, byChild };
}

/** The tally of a referendum as `council` (the council that put it, or one below) sees it. */
export function tallyReferendum(
  state: FoldState,
  referendum: string,
  council: string,
): ReferendumTally | null {
  if (!state.referendums.has(referendum)) return null;
  const { entries, byChild } = referendumEntries(state, referendum, council);
  return {
    referendum,
    council,
    options: REFERENDUM_OPTIONS,
    total: sumOf(entries),
    children: [...byChild.entries()]
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(([body, rows]) => ({ body, ...sumOf(rows) })),
    entries,
  };
}

/** Every referendum with its tally as seen by each council holding results of it. */
export function referendumViews(state: FoldState): {
  referendum: string;
  council: string;
  title: Readonly<Record<string, string>>;
  scope: "all" | readonly string[];
  tallies: ReferendumTally[];
}[] {
  return [...state.referendums.values()].map((r) => {
    const councils = new Set<string>([r.council]);
    for (const key of state.referendumResults.keys()) {
      const space = key.indexOf(" ");
      if (key.slice(space + 1) === r.id) councils.add(key.slice(0, space));
    }
    const tallies: ReferendumTally[] = [];
    for (const c of [...councils].sort()) {
      const t = tallyReferendum(state, r.id, c);
      if (t) tallies.push(t);
    }
    return {
      referendum: r.id,
      council: r.council,
      title: r.title,
      scope: r.scope,
      tallies,
    };
  });
}

/**
 * @module Derived views of the federation for readers (`kenges state --json`, the hub):
 * delegates with their records, as each council knows them. Demands with their aggregates
 * and calls with their roll-ups are in demand/aggregate.ts and action/rollup.ts. They are
 * computed from the state, so they are not part of the state hash.
 */
import { type FoldState, splitPair } from "./fold/state.js";
import type { DeviationRecord } from "./mandate/model.js";
import type { BallotRecord } from "./motion/model.js";
import type { DelegateRecord } from "./seat/model.js";

/** A delegate's record on one council, as their electors (who read the council) see it. */
export interface DelegateView extends DelegateRecord {
  /** Ballots cast on the council's motions, with the motion. */
  readonly ballots: readonly (Omit<BallotRecord, "at"> & {
    readonly motion: string;
  })[];
  readonly deviations: readonly DeviationRecord[];
}

/** Every delegate's record, per council. */
export function delegateViews(state: FoldState): DelegateView[] {
  const out: DelegateView[] = [];
  for (const [key, d] of state.delegates.entries()) {
    const [council, member] = splitPair(key);
    const ballots: DelegateView["ballots"][number][] = [];
    for (const m of state.motions.values()) {
      if (m.body !== council) continue;
      for (const { at: _at, ...b } of state.ballots.get(m.id))
        if (b.member === member) ballots.push({ ...b, motion: m.id });
    }
    out.push({
      ...d,
      ballots,
      deviations: state.deviations
        .get(council)
        .filter((x) => x.delegate === member),
    });
  }
  return out.sort((a, b) =>
    a.council < b.council
      ? -1
      : a.council > b.council
        ? 1
        : a.member < b.member
          ? -1
          : 1,
  );
}

/**
 * @module Derived views of the federation for readers (`kenges state --json`, the hub):
 * demands with their aggregates, calls with their roll-ups, delegates with their records.
 * They are computed from the state, so they are not part of the state hash.
 */
import { type CallRollup, rollupCall } from "./action/rollup.js";
import { aggregateDemand, type DemandAggregate } from "./demand/aggregate.js";
import type { FoldState } from "./fold/state.js";
import type { DeviationRecord } from "./mandate/model.js";
import type { BallotRecord } from "./motion/model.js";
import type { DelegateRecord } from "./seat/model.js";

/** A delegate's record as their electors see it. */
export interface DelegateView extends DelegateRecord {
  readonly name: string;
  /** Ballots cast on council motions, with the motion. */
  readonly ballots: readonly (Omit<BallotRecord, "at"> & {
    readonly motion: string;
    readonly council: string;
  })[];
  readonly deviations: readonly DeviationRecord[];
}

/** Every delegate's record. */
export function delegateViews(state: FoldState): DelegateView[] {
  const councils = new Set(
    [...state.bodies.values()]
      .filter((b) => b.kind === "council")
      .map((b) => b.id),
  );
  const ballotsBy = new Map<string, DelegateView["ballots"][number][]>();
  for (const m of state.motions.values()) {
    if (!councils.has(m.body)) continue;
    for (const { at: _at, ...b } of state.ballots.get(m.id)) {
      const list = ballotsBy.get(b.member) ?? [];
      list.push({ ...b, motion: m.id, council: m.body });
      ballotsBy.set(b.member, list);
    }
  }
  const deviationsBy = new Map<string, DeviationRecord[]>();
  for (const [, list] of state.deviations.entries())
    for (const d of list)
      deviationsBy.set(d.delegate, [
        ...(deviationsBy.get(d.delegate) ?? []),
        d,
      ]);
  return [...state.delegates.values()]
    .map((d) => ({
      ...d,
      name: state.members.get(d.member)?.name ?? "",
      ballots: ballotsBy.get(d.member) ?? [],
      deviations: deviationsBy.get(d.member) ?? [],
    }))
    .sort((a, b) => (a.member < b.member ? -1 : 1));
}

/** Every council demand with its aggregate, most members first. */
export function demandViews(state: FoldState): DemandAggregate[] {
  return [...state.councilDemands.keys()]
    .map((id) => aggregateDemand(state, id)!)
    .sort((a, b) => b.members - a.members || (a.demand < b.demand ? -1 : 1));
}

/** Every call with its roll-up as seen by each council at or below the calling council. */
export function callViews(
  state: FoldState,
): { call: string; rollups: CallRollup[] }[] {
  return [...state.calls.values()].map((call) => {
    const councils = [
      call.council,
      ...[...state.bodies.values()]
        .filter((b) => b.kind === "council")
        .map((b) => b.id),
    ];
    const seen = new Set<string>();
    const rollups: CallRollup[] = [];
    for (const c of councils) {
      if (seen.has(c)) continue;
      seen.add(c);
      const r = rollupCall(state, call.id, c);
      if (
        r &&
        (c === call.council ||
          r.total.bodies["will-join"] +
            r.total.bodies.started +
            r.total.bodies["will-not"] +
            r.total.bodies.ended >
            0)
      )
        rollups.push(r);
    }
    return { call: call.id, rollups };
  });
}

/**
 * @module A demand for a meeting as readers see it (`kenges state --json`, `kenges meeting
 * list`, the hub): who signed, how many of them are voters now, and how many the body's rules
 * ask for now. Derived from the present state, so not hashed; validity counts in each event's
 * causal past instead (demand.ts).
 */
import type { CausalIndex } from "../fold/causal-index.js";
import type { FoldState } from "../fold/state.js";
import { votersIn } from "../seat/authority.js";
import {
  DEFAULT_MEETING_DEMAND_PERCENT,
  type MeetingDemandRecord,
  meetingDemandNeeded,
} from "./model.js";
import { presentView } from "./view.js";

export interface MeetingDemandView extends MeetingDemandRecord {
  /** Signers who are voters of the body now. */
  readonly joined: number;
  /** Signatures the body's rules ask for now: ceil(voters × percent / 100). */
  readonly needed: number;
  /** The body's share (percent) in force. */
  readonly percent: number;
}

/** A body's rule for demanded meetings now: its share (percent) and the signatures it asks for. */
export function meetingDemandRule(
  state: FoldState,
  index: CausalIndex,
  body: string,
): { readonly percent: number; readonly needed: number; voters: Set<string> } {
  const voters = new Set(votersIn(presentView(state, index), body));
  const percent =
    state.bodies.get(body)?.rules.meetingDemandPercent ??
    DEFAULT_MEETING_DEMAND_PERCENT;
  return { percent, needed: meetingDemandNeeded(voters.size, percent), voters };
}

/** One demand as readers see it. */
export function meetingDemandView(
  state: FoldState,
  index: CausalIndex,
  d: MeetingDemandRecord,
): MeetingDemandView {
  const { percent, needed, voters } = meetingDemandRule(state, index, d.body);
  return {
    ...d,
    joined: d.signers.filter((m) => voters.has(m)).length,
    needed,
    percent,
  };
}

/** Every demand of the scopes given (default: all), newest first; `pending` keeps those not convened. */
export function meetingDemandViews(
  state: FoldState,
  index: CausalIndex,
  options: { scopes?: ReadonlySet<string>; pending?: boolean } = {},
): MeetingDemandView[] {
  return [...state.meetingDemands.values()]
    .filter(
      (d) =>
        (options.scopes === undefined || options.scopes.has(d.body)) &&
        !(options.pending === true && d.convened),
    )
    .sort((a, b) => b.demandedAt - a.demandedAt || (a.id < b.id ? -1 : 1))
    .map((d) => meetingDemandView(state, index, d));
}

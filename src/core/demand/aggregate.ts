/**
 * @module A demand's weight as a council sees it: which bodies below carried or adopted it,
 * at which level, and how many people they represent — each body counted once, however many
 * paths its demand took, and people counted at the bodies where they are members (assemblies
 * and committees), never again at the councils above them.
 */
import type { FoldState } from "../fold/state.js";
import { pairKey } from "../fold/state.js";
import type { SupportEntry } from "./model.js";

/** Endorsements of a demand grouped by the level of the endorsing bodies. */
export interface LevelAggregate {
  readonly level: string;
  readonly bodies: readonly string[];
  /**
   * Members of the bodies of this level that endorsed it: people at assemblies and
   * committees; 0 at a council level, whose delegates are counted in their own bodies.
   */
  readonly members: number;
}

/** One attested forwarding into the demand. */
export interface DemandForward {
  readonly body: string;
  /** The demand cited in the forwarding body. */
  readonly from: string;
  readonly event: string;
  readonly time: number;
}

export interface DemandAggregate {
  readonly demand: string;
  readonly council: string;
  /** Every body that stands behind the demand (opaque ids beyond the council's own children). */
  readonly bodies: readonly string[];
  /** People represented by the member bodies behind it, each body once. */
  readonly members: number;
  readonly levels: readonly LevelAggregate[];
  readonly forwards: readonly DemandForward[];
  /** The support entries the aggregate counted, one per body. */
  readonly support: readonly SupportEntry[];
}

const LEVEL_RANK = [
  "assembly",
  "committee",
  "municipal",
  "sectoral",
  "regional",
  "national",
];

/** True when the level is one where people are members (not a council of delegates). */
export function isMemberLevel(level: string): boolean {
  return level === "assembly" || level === "committee";
}

/** The level a body acts at, from its own record: its council level, or its kind. */
export function levelOf(state: FoldState, body: string): string {
  const b = state.bodies.get(body);
  if (b === undefined) return "unknown";
  return b.kind === "council" ? (b.level ?? "council") : b.kind;
}

/**
 * The support behind a council demand: the entries of each forwarding not superseded, the
 * later forwarding of a body replacing its earlier one, one entry per body.
 */
export function demandSupportOf(
  state: FoldState,
  demand: string,
): SupportEntry[] {
  const byBody = new Map<string, SupportEntry>();
  const council = state.councilDemands.get(demand)?.council ?? "";
  for (const f of state.demandSupport.get(demand)) {
    if (state.supersededFacts.get(pairKey(council, f.claim)).length > 0)
      continue;
    for (const e of f.support) byBody.set(e.body, e);
  }
  return [...byBody.values()].sort((a, b) => (a.body < b.body ? -1 : 1));
}

/** Sums support entries: bodies by level, people at the member levels. */
function summarise(entries: readonly SupportEntry[]): {
  members: number;
  levels: LevelAggregate[];
} {
  let members = 0;
  const byLevel = new Map<string, SupportEntry[]>();
  for (const e of entries) {
    if (isMemberLevel(e.level)) members += e.members;
    byLevel.set(e.level, [...(byLevel.get(e.level) ?? []), e]);
  }
  const levels = [...byLevel.entries()]
    .map(([level, list]) => ({
      level,
      bodies: list.map((e) => e.body).sort(),
      members: isMemberLevel(level)
        ? list.reduce((n, e) => n + e.members, 0)
        : 0,
    }))
    .sort((a, b) => LEVEL_RANK.indexOf(a.level) - LEVEL_RANK.indexOf(b.level));
  return { members, levels };
}

/**
 * The aggregate of a council demand, or of a demand motion adopted by a member body (which
 * only that body stands behind, with its members).
 */
export function aggregateDemand(
  state: FoldState,
  demand: string,
): DemandAggregate | null {
  const held = state.councilDemands.get(demand);
  if (held !== undefined) {
    const support = demandSupportOf(state, demand);
    const { members, levels } = summarise(support);
    return {
      demand,
      council: held.council,
      bodies: support.map((e) => e.body),
      members,
      levels,
      forwards: state.demandSupport
        .get(demand)
        .filter(
          (f) =>
            state.supersededFacts.get(pairKey(held.council, f.claim)).length ===
            0,
        )
        .map((f) => ({
          body: f.body,
          from: f.from,
          event: f.event,
          time: f.time,
        })),
      support,
    };
  }
  const motion = state.motions.get(demand);
  if (motion === undefined || motion.kind !== "demand") return null;
  let count = 0;
  for (const m of state.memberships.values())
    if (m.body === motion.body && m.status === "member") count++;
  const entry: SupportEntry = {
    body: motion.body,
    level: levelOf(state, motion.body) as SupportEntry["level"],
    members: count,
  };
  const { members, levels } = summarise([entry]);
  return {
    demand,
    council: motion.body,
    bodies: [motion.body],
    members,
    levels,
    forwards: [],
    support: [entry],
  };
}

/** Every council demand with its aggregate, most members first. */
export function demandViews(state: FoldState): DemandAggregate[] {
  return [...state.councilDemands.keys()]
    .map((id) => aggregateDemand(state, id)!)
    .sort((a, b) => b.members - a.members || (a.demand < b.demand ? -1 : 1));
}

/** The council demand a cited demand was forwarded into on a council, if any. */
export function forwardedInto(
  state: FoldState,
  council: string,
  demand: string,
): string | null {
  return state.forwardedInto.get(pairKey(council, demand)) ?? null;
}

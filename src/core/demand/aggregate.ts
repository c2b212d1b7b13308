/**
 * @module A demand's weight at every level: which bodies endorse it, along which path, and
 * how many people they represent — each person counted once, however many paths their
 * assembly's demand took.
 */
import type { FoldState } from "../fold/state.js";

/** One step of a demand's path: a forwarding into this demand, and what came before it. */
export interface DemandPathNode {
  readonly body: string;
  /** The demand that was forwarded (a demand motion or a council demand). */
  readonly demand: string;
  readonly forwardedBy: string;
  readonly time: number;
  readonly from: readonly DemandPathNode[];
}

/** Endorsements of a demand grouped by the level of the endorsing bodies. */
export interface LevelAggregate {
  readonly level: string;
  readonly bodies: readonly string[];
  readonly members: number;
}

export interface DemandAggregate {
  readonly demand: string;
  readonly council: string;
  /** Every body that forwarded into this demand's tree. */
  readonly bodies: readonly string[];
  /** People represented by the base bodies (assemblies and committees) of the tree, counted once. */
  readonly members: number;
  readonly levels: readonly LevelAggregate[];
  readonly path: readonly DemandPathNode[];
}

/** The members a body represents in the fold's present: its own, or the bodies below a council. */
export function representedNow(
  state: FoldState,
  body: string,
  seen = new Set<string>(),
): Set<string> {
  const out = new Set<string>();
  if (seen.has(body)) return out;
  seen.add(body);
  const record = state.bodies.get(body);
  const children = [...state.links.values()].filter((l) => l.parent === body);
  if (record?.kind !== "council" || children.length === 0)
    for (const m of state.memberships.values())
      if (m.body === body && m.status === "member") out.add(m.member);
  for (const l of children)
    for (const m of representedNow(state, l.child, seen)) out.add(m);
  return out;
}

/** The level a body endorses at: its council level, or "assembly"/"committee". */
export function levelOf(state: FoldState, body: string): string {
  const b = state.bodies.get(body);
  if (b === undefined) return "unknown";
  return b.kind === "council" ? (b.level ?? "council") : b.kind;
}

function pathOf(state: FoldState, demand: string, depth = 0): DemandPathNode[] {
  if (depth > 16) return [];
  return state.demandForwards.get(demand).map((f) => ({
    body: f.body,
    demand: f.from,
    forwardedBy: f.by,
    time: f.time,
    from: state.councilDemands.has(f.from)
      ? pathOf(state, f.from, depth + 1)
      : [],
  }));
}

/** The aggregate of a council demand (or of an adopted demand motion, which only its body endorses). */
export function aggregateDemand(
  state: FoldState,
  demand: string,
): DemandAggregate | null {
  const held = state.councilDemands.get(demand);
  const motion = state.motions.get(demand);
  if (held === undefined && motion === undefined) return null;
  const path = held ? pathOf(state, demand) : [];
  const bodies = new Set<string>();
  const walk = (nodes: readonly DemandPathNode[]) => {
    for (const n of nodes) {
      bodies.add(n.body);
      walk(n.from);
    }
  };
  walk(path);
  if (motion !== undefined) bodies.add(motion.body);
  // People are counted at the bottom of each path: the bodies whose own demand started it.
  const base = new Set<string>();
  const collectBase = (nodes: readonly DemandPathNode[]) => {
    for (const n of nodes) if (n.from.length === 0) base.add(n.body);
    for (const n of nodes) collectBase(n.from);
  };
  collectBase(path);
  if (motion !== undefined) base.add(motion.body);
  const people = new Set<string>();
  for (const b of base) for (const m of representedNow(state, b)) people.add(m);
  const byLevel = new Map<string, string[]>();
  for (const b of bodies)
    byLevel.set(levelOf(state, b), [
      ...(byLevel.get(levelOf(state, b)) ?? []),
      b,
    ]);
  const levels = [...byLevel.entries()]
    .map(([level, list]) => {
      const ps = new Set<string>();
      for (const b of list) for (const m of representedNow(state, b)) ps.add(m);
      return { level, bodies: list.sort(), members: ps.size };
    })
    .sort((a, b) => LEVEL_RANK.indexOf(a.level) - LEVEL_RANK.indexOf(b.level));
  return {
    demand,
    council: held?.council ?? motion!.body,
    bodies: [...bodies].sort(),
    members: people.size,
    levels,
    path,
  };
}

const LEVEL_RANK = [
  "assembly",
  "committee",
  "municipal",
  "sectoral",
  "regional",
  "national",
  "council",
  "unknown",
];

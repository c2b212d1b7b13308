/**
 * @module How a call to action spread, as a council sees it: the bodies below it that
 * answered — through the roll-ups their attesters carried up — by answer and level, with the
 * members they represent and the headcounts they reported, now and at the end of each day
 * since the call. Each body counts once however many paths its answer took; people count
 * only at the bodies where they are members, never again at the councils above them.
 */
import { isMemberLevel, levelOf } from "../demand/aggregate.js";
import type { FoldState } from "../fold/state.js";
import { pairKey } from "../fold/state.js";
import {
  ANSWERS,
  type Answer,
  type RisenAnswer,
  type RollupEntry,
} from "./model.js";

export interface AnswerCounts {
  /** Bodies whose latest answer is this one. */
  readonly bodies: Readonly<Record<Answer, number>>;
  /** Members represented by those bodies (member bodies only). */
  readonly members: Readonly<Record<Answer, number>>;
  /** Headcounts the bodies reported with that answer. */
  readonly headcount: Readonly<Record<Answer, number>>;
}

export interface CallRollup {
  readonly call: string;
  /** The council looking: only bodies below it (and its own answer) count. */
  readonly council: string;
  readonly total: AnswerCounts;
  readonly levels: readonly ({ readonly level: string } & AnswerCounts)[];
  /** Per body below this council that carried answers up: its subtree's counts. */
  readonly children: readonly ({ readonly body: string } & AnswerCounts)[];
  /** At the end of each UTC day from the call's start to the last answer. */
  readonly days: readonly ({ readonly day: string } & AnswerCounts)[];
  /** Every body counted, with its answers. */
  readonly entries: readonly RollupEntry[];
}

const DAY = 86_400_000;

function zero(): Record<Answer, number> {
  return { "will-join": 0, "will-not": 0, started: 0, ended: 0 };
}

/** The latest answer of an entry at or before a time (answers are in time order). */
function latestAt(entry: RollupEntry, until: number): RisenAnswer | null {
  let latest: RisenAnswer | null = null;
  for (const a of entry.answers)
    if (a.time <= until && (latest === null || a.time >= latest.time))
      latest = a;
  return latest;
}

function count(entries: readonly RollupEntry[], until: number): AnswerCounts {
  const bodies = zero();
  const members = zero();
  const headcount = zero();
  for (const e of entries) {
    const a = latestAt(e, until);
    if (a === null) continue;
    bodies[a.answer]++;
    // People count only where they are members: a council's entry adds none, and a body's
    // headcount never more than its members (whatever a claim says).
    if (!isMemberLevel(e.level)) continue;
    members[a.answer] += e.members;
    headcount[a.answer] += Math.min(a.headcount, e.members);
  }
  return { bodies, members, headcount };
}

function lastTime(e: RollupEntry): number {
  let t = 0;
  for (const a of e.answers) if (a.time > t) t = a.time;
  return t;
}

/** Of two entries for one body, the one that knows the later answer (the first if equal). */
function fresher(a: RollupEntry, b: RollupEntry): RollupEntry {
  const ta = lastTime(a);
  const tb = lastTime(b);
  if (ta !== tb) return ta > tb ? a : b;
  return a.answers.length >= b.answers.length ? a : b;
}

/**
 * The entries a council holds for a call: its own answers, and the latest roll-up each body
 * below it carried (not superseded), one entry per body. `members` for the council's own
 * entry: councils count no people of their own.
 */
export function rollupEntries(
  state: FoldState,
  call: string,
  council: string,
): { entries: RollupEntry[]; byChild: Map<string, RollupEntry[]> } {
  const byBody = new Map<string, RollupEntry>();
  const own = state.answers.get(pairKey(council, call));
  if (own.length > 0)
    byBody.set(council, {
      body: council,
      level: levelOf(state, council) as RollupEntry["level"],
      members: 0,
      answers: own.map((a) => ({
        answer: a.answer,
        headcount: a.headcount,
        time: a.time,
      })),
    });
  const latestByChild = new Map<string, readonly RollupEntry[]>();
  for (const r of state.rollups.get(pairKey(council, call))) {
    if (state.supersededFacts.get(pairKey(council, r.claim)).length > 0)
      continue;
    if (!state.links.has(pairKey(council, r.child))) continue;
    latestByChild.set(r.child, r.entries);
  }
  // Each body below is counted once, along one path: the child whose report of it is the
  // freshest (of equal reports, the child with the smaller id), so the rows per child add
  // up to the total even when a body reaches this council through two councils.
  const via = new Map<string, string>();
  for (const child of [...latestByChild.keys()].sort())
    for (const e of latestByChild.get(child)!) {
      if (e.body === council) continue;
      const seen = byBody.get(e.body);
      const kept = seen === undefined ? e : fresher(seen, e);
      if (kept !== seen) via.set(e.body, child);
      byBody.set(e.body, kept);
    }
  const byChild = new Map<string, RollupEntry[]>();
  for (const child of latestByChild.keys()) byChild.set(child, []);
  for (const [body, child] of via) byChild.get(child)!.push(byBody.get(body)!);
  const entries = [...byBody.values()].sort((a, b) =>
    a.body < b.body ? -1 : 1,
  );
  return { entries, byChild };
}

/** The roll-up of a call as `council` (the calling council or one below it) sees it. */
export function rollupCall(
  state: FoldState,
  call: string,
  council: string,
): CallRollup | null {
  const record = state.calls.get(call);
  if (record === undefined) return null;
  const { entries, byChild } = rollupEntries(state, call, council);
  const now = Number.POSITIVE_INFINITY;
  const levels = new Map<string, RollupEntry[]>();
  for (const e of entries) {
    if (latestAt(e, now) === null) continue;
    levels.set(e.level, [...(levels.get(e.level) ?? []), e]);
  }
  const days: ({ day: string } & AnswerCounts)[] = [];
  const times = entries.flatMap((e) => e.answers.map((a) => a.time));
  if (times.length > 0) {
    const first = Math.floor(Math.min(record.startsAt, ...times) / DAY) * DAY;
    const last = Math.max(...times);
    for (let d = first; d <= last && days.length < 366; d += DAY)
      days.push({
        day: new Date(d).toISOString().slice(0, 10),
        ...count(entries, d + DAY - 1),
      });
  }
  return {
    call,
    council,
    total: count(entries, now),
    levels: [...levels.entries()].map(([level, list]) => ({
      level,
      ...count(list, now),
    })),
    children: [...byChild.entries()]
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(([body, list]) => ({ body, ...count(list, now) })),
    days,
    entries,
  };
}

/** Every call with its roll-up as seen by each council holding answers to it. */
export function callViews(
  state: FoldState,
): { call: string; rollups: CallRollup[] }[] {
  return [...state.calls.values()].map((call) => {
    const councils = new Set<string>([call.council]);
    for (const key of state.rollups.keys()) {
      const space = key.indexOf(" ");
      if (key.slice(space + 1) === call.id) councils.add(key.slice(0, space));
    }
    const rollups: CallRollup[] = [];
    for (const c of [...councils].sort()) {
      const r = rollupCall(state, call.id, c);
      if (r) rollups.push(r);
    }
    return { call: call.id, rollups };
  });
}

export { ANSWERS };

/**
 * @module How a call to action spread, as a council sees it: the bodies below it that
 * answered, by answer and level, with the members they represent and the headcounts they
 * reported — now, and at the end of each day since the call.
 */
import { levelOf, representedNow } from "../demand/aggregate.js";
import type { FoldState } from "../fold/state.js";
import { ANSWERS, type Answer, type AnswerRecord } from "./model.js";

export interface AnswerCounts {
  /** Bodies whose latest answer is this one. */
  readonly bodies: Readonly<Record<Answer, number>>;
  /** Members represented by those bodies. */
  readonly members: Readonly<Record<Answer, number>>;
  /** Headcounts the bodies reported with that answer. */
  readonly headcount: Readonly<Record<Answer, number>>;
}

export interface CallRollup {
  readonly call: string;
  /** The council looking: only bodies below it count. */
  readonly council: string;
  readonly total: AnswerCounts;
  readonly levels: readonly ({ readonly level: string } & AnswerCounts)[];
  /** At the end of each UTC day from the call's start to the last answer. */
  readonly days: readonly ({ readonly day: string } & AnswerCounts)[];
}

const DAY = 86_400_000;

function zero(): Record<Answer, number> {
  return { "will-join": 0, "will-not": 0, started: 0, ended: 0 };
}

function count(
  state: FoldState,
  latest: ReadonlyMap<string, AnswerRecord>,
): AnswerCounts {
  const bodies = zero();
  const members = zero();
  const headcount = zero();
  for (const a of latest.values()) {
    bodies[a.answer]++;
    members[a.answer] += representedNow(state, a.body).size;
    headcount[a.answer] += a.headcount;
  }
  return { bodies, members, headcount };
}

/** Bodies below a council through present links. */
export function bodiesBelow(state: FoldState, council: string): Set<string> {
  const out = new Set<string>();
  const stack = [council];
  while (stack.length > 0) {
    const c = stack.pop()!;
    for (const l of state.links.values())
      if (l.parent === c && !out.has(l.child)) {
        out.add(l.child);
        stack.push(l.child);
      }
  }
  return out;
}

/** The latest answer of each body (by fold order) among `answers` up to a time. */
function latestBy(
  answers: readonly AnswerRecord[],
  until: number,
): Map<string, AnswerRecord> {
  const latest = new Map<string, AnswerRecord>();
  for (const a of answers) if (a.time <= until) latest.set(a.body, a);
  return latest;
}

/** The roll-up of a call as `council` (the calling council or one below it) sees it. */
export function rollupCall(
  state: FoldState,
  call: string,
  council: string,
): CallRollup | null {
  const record = state.calls.get(call);
  if (record === undefined) return null;
  const below = bodiesBelow(state, council);
  const answers = state.answers.get(call).filter((a) => below.has(a.body));
  const now = latestBy(answers, Number.POSITIVE_INFINITY);
  const levels = new Map<string, Map<string, AnswerRecord>>();
  for (const [body, a] of now) {
    const level = levelOf(state, body);
    if (!levels.has(level)) levels.set(level, new Map());
    levels.get(level)!.set(body, a);
  }
  const days: ({ day: string } & AnswerCounts)[] = [];
  if (answers.length > 0) {
    const first =
      Math.floor(
        Math.min(record.startsAt, ...answers.map((a) => a.time)) / DAY,
      ) * DAY;
    const last = Math.max(...answers.map((a) => a.time));
    for (let d = first; d <= last && days.length < 366; d += DAY)
      days.push({
        day: new Date(d).toISOString().slice(0, 10),
        ...count(state, latestBy(answers, d + DAY - 1)),
      });
  }
  return {
    call,
    council,
    total: count(state, now),
    levels: [...levels.entries()].map(([level, latest]) => ({
      level,
      ...count(state, latest),
    })),
    days,
  };
}

export { ANSWERS };

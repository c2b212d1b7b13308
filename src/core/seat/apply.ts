/** @module What an adopted delegate election or recall does to a body's seats on a council. */
import type { ApplyContext } from "../fold/context.js";
import { pairKey } from "../fold/state.js";
import type { MotionRecord } from "../motion/model.js";
import { delegatesIn, linkSeatsIn } from "./authority.js";
import type { DelegateRecord, SeatTerm } from "./model.js";

function record(ctx: ApplyContext, member: string): DelegateRecord {
  return ctx.state.delegates.get(member) ?? { member, terms: [], recalls: [] };
}

function endTerms(
  ctx: ApplyContext,
  council: string,
  body: string,
  member: string,
  ended: SeatTerm["ended"],
  recall: string | null,
): void {
  const r = record(ctx, member);
  ctx.state.delegates.set(member, {
    ...r,
    terms: r.terms.map((t) =>
      t.council === council && t.body === body && t.until === null
        ? { ...t, until: ctx.event.time, ended }
        : t,
    ),
    recalls: recall === null ? r.recalls : [...r.recalls, recall],
  });
}

function setDelegation(
  ctx: ApplyContext,
  council: string,
  body: string,
  seats: number,
  delegates: readonly string[],
): void {
  ctx.state.delegations.set(pairKey(council, body), {
    council,
    body,
    seats,
    delegates: [...delegates].sort(),
    changedBy: ctx.event.id,
    changedAt: ctx.event.time,
  });
}

/**
 * Seats the elected members. An election for all the body's seats replaces the delegation;
 * one for fewer seats (a by-election after a recall) fills vacancies and keeps the others.
 */
export function seatDelegates(
  ctx: ApplyContext,
  motion: MotionRecord,
  council: string,
  elected: readonly string[],
): void {
  const body = motion.body;
  const seats = linkSeatsIn(ctx, body, council);
  const current = delegatesIn(ctx, council, body);
  const full = motion.seats >= seats;
  const kept = full ? [] : current;
  const added = elected
    .filter((m) => !kept.includes(m))
    .slice(0, Math.max(0, seats - kept.length));
  const delegates = [...kept, ...added];
  ctx.state.seatFacts.push(pairKey(council, body), {
    at: ctx.event.index,
    kind: full ? "replaced" : "elected",
    members: full ? delegates : added,
  });
  for (const m of added) ctx.state.seatedFor.push(pairKey(council, m), body);
  if (full)
    for (const m of current)
      if (!delegates.includes(m))
        endTerms(ctx, council, body, m, "replaced", null);
  for (const m of added) {
    const r = record(ctx, m);
    if (
      r.terms.some(
        (t) => t.council === council && t.body === body && t.until === null,
      )
    )
      continue;
    ctx.state.delegates.set(m, {
      ...r,
      terms: [
        ...r.terms,
        {
          council,
          body,
          from: ctx.event.time,
          until: null,
          ended: null,
          electedBy: ctx.event.id,
        },
      ],
    });
  }
  setDelegation(ctx, council, body, seats, delegates);
}

/** Removes a recalled delegate at once: the seat is vacant. */
export function recallDelegate(
  ctx: ApplyContext,
  motion: MotionRecord,
  council: string,
  member: string,
): void {
  const body = motion.body;
  ctx.state.seatFacts.push(pairKey(council, body), {
    at: ctx.event.index,
    kind: "recalled",
    members: [member],
  });
  endTerms(ctx, council, body, member, "recalled", motion.id);
  const current = ctx.state.delegations.get(pairKey(council, body));
  setDelegation(
    ctx,
    council,
    body,
    linkSeatsIn(ctx, body, council),
    (current?.delegates ?? []).filter((m) => m !== member),
  );
}

/**
 * @module What delegate elections, recalls and vacancies do to seats: in the body's own
 * scope when its close decides (its own record of its delegates), and in the council's scope
 * when the body's attesters carry the fact up (the council's record).
 */
import type { ApplyContext } from "../fold/context.js";
import { pairKey } from "../fold/state.js";
import type { CausalView } from "../member/authority.js";
import { delegatesIn, linkSeatsIn, ownDelegatesIn } from "./authority.js";
import type { DelegateRecord, SeatTerm } from "./model.js";

/**
 * Which members a delegate election leaves in the delegation: an election for all the
 * body's seats replaces it; one for fewer seats (a by-election) fills vacancies and keeps
 * the others. Returns whether it replaced, and the members added.
 */
function nextDelegation(
  current: readonly string[],
  elected: readonly string[],
  seats: number,
  full: boolean,
): { delegates: string[]; added: string[] } {
  const kept = full ? [] : [...current];
  const added = elected
    .filter((m) => !kept.includes(m))
    .slice(0, Math.max(0, seats - kept.length));
  return { delegates: [...kept, ...added], added };
}

/** The body's own close elected delegates to a council. */
export function electOwnDelegates(
  ctx: ApplyContext,
  body: string,
  council: string,
  electionSeats: number,
  elected: readonly string[],
): void {
  const seats = linkSeatsIn(ctx, body, council);
  const full = electionSeats >= seats;
  const current = ownDelegatesIn(ctx, body, council);
  const { delegates, added } = nextDelegation(current, elected, seats, full);
  const key = pairKey(body, council);
  ctx.state.ownSeatFacts.push(key, {
    at: ctx.event.index,
    kind: full ? "replaced" : "elected",
    members: full ? delegates : added,
    claim: null,
  });
  ctx.state.ownCouncils.push(body, council);
  ctx.state.ownDelegations.set(key, {
    body,
    council,
    delegates: [...delegates].sort(),
    changedBy: ctx.event.id,
    changedAt: ctx.event.time,
  });
}

/** The body's own close recalled one of its delegates: the seat is vacant at once. */
export function recallOwnDelegate(
  ctx: ApplyContext,
  body: string,
  council: string,
  member: string,
): void {
  const key = pairKey(body, council);
  ctx.state.ownSeatFacts.push(key, {
    at: ctx.event.index,
    kind: "recalled",
    members: [member],
    claim: null,
  });
  const own = ctx.state.ownDelegations.get(key);
  ctx.state.ownDelegations.set(key, {
    body,
    council,
    delegates: (own?.delegates ?? []).filter((m) => m !== member),
    changedBy: ctx.event.id,
    changedAt: ctx.event.time,
  });
}

function record(
  ctx: ApplyContext,
  council: string,
  member: string,
): DelegateRecord {
  return (
    ctx.state.delegates.get(pairKey(council, member)) ?? {
      council,
      member,
      name: "",
      terms: [],
      recalls: [],
    }
  );
}

function endTerms(
  ctx: ApplyContext,
  council: string,
  body: string,
  member: string,
  ended: SeatTerm["ended"],
  recall: string | null,
): void {
  const r = record(ctx, council, member);
  ctx.state.delegates.set(pairKey(council, member), {
    ...r,
    terms: r.terms.map((t) =>
      t.body === body && t.until === null
        ? { ...t, until: ctx.event.time, ended }
        : t,
    ),
    recalls: recall === null ? r.recalls : [...r.recalls, recall],
  });
}

/**
 * Brings the council's present record of a body's delegation in line with the attested
 * facts the current event knows (after a seat fact, or a supersession), ending the terms of
 * delegates who no longer sit.
 */
export function refreshDelegation(
  ctx: ApplyContext,
  council: string,
  body: string,
  ended: SeatTerm["ended"],
): void {
  const key = pairKey(council, body);
  const before = ctx.state.delegations.get(key)?.delegates ?? [];
  // The facts this event just added count too.
  const e = ctx.event.index;
  const view: CausalView = {
    state: ctx.state,
    knows: (x) => x === e || ctx.knows(x),
    precedes: ctx.precedes,
    sees: ctx.sees,
    canSee: ctx.canSee,
  };
  const now = delegatesIn(view, council, body);
  for (const m of before)
    if (!now.includes(m))
      endTerms(
        ctx,
        council,
        body,
        m,
        ended,
        ended === "recalled" ? ctx.event.id : null,
      );
  for (const m of now) {
    const r = record(ctx, council, m);
    if (r.terms.some((t) => t.body === body && t.until === null)) continue;
    ctx.state.delegates.set(pairKey(council, m), {
      ...r,
      terms: [
        ...r.terms,
        {
          body,
          from: ctx.event.time,
          until: null,
          ended: null,
          electedBy: ctx.event.id,
        },
      ],
    });
  }
  ctx.state.delegations.set(key, {
    council,
    body,
    seats: linkSeatsIn(ctx, body, council),
    delegates: now,
    changedBy: ctx.event.id,
    changedAt: ctx.event.time,
  });
}

/** An attested delegate election takes effect in the council. */
export function seatAttested(
  ctx: ApplyContext,
  council: string,
  body: string,
  claim: string,
  elected: readonly { readonly member: string; readonly name: string }[],
  full: boolean,
): void {
  const seats = linkSeatsIn(ctx, body, council);
  const current = delegatesIn(ctx, council, body);
  const { delegates, added } = nextDelegation(
    current,
    elected.map((e) => e.member),
    seats,
    full,
  );
  ctx.state.seatFacts.push(pairKey(council, body), {
    at: ctx.event.index,
    kind: full ? "replaced" : "elected",
    members: full ? delegates : added,
    claim,
  });
  for (const m of added) ctx.state.seatedFor.push(pairKey(council, m), body);
  for (const e of elected) {
    const r = record(ctx, council, e.member);
    if (r.name !== e.name)
      ctx.state.delegates.set(pairKey(council, e.member), {
        ...r,
        name: e.name,
      });
    const name = pairKey(council, e.member);
    if (!ctx.state.members.has(name))
      ctx.state.members.set(name, {
        scope: council,
        id: e.member,
        name: e.name,
        keys: [e.member],
      });
  }
  refreshDelegation(ctx, council, body, "replaced");
}

/** An attested recall or vacancy takes effect in the council: the seat is vacant at once. */
export function unseatAttested(
  ctx: ApplyContext,
  council: string,
  body: string,
  claim: string,
  member: string,
  kind: "recalled" | "vacated",
): void {
  ctx.state.seatFacts.push(pairKey(council, body), {
    at: ctx.event.index,
    kind,
    members: [member],
    claim,
  });
  refreshDelegation(ctx, council, body, kind);
}

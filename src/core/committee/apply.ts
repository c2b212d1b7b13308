/**
 * @module committee.seated — in a committee's scope, carries out a close of the body the
 * committee is accountable to: an election for the committee seats the elected, a recall of
 * one of them unseats them. The committee's scope reads its parent's, so every replica of
 * the committee judges the close alike; the parent never reads the committee.
 */
import { z } from "zod";
import { nameMember, ownBody } from "../body/apply.js";
import { type ApplyContext, defineHandler } from "../fold/context.js";
import { membershipKey, pairKey } from "../fold/state.js";
import { isMemberIn } from "../member/authority.js";
import { CLOSE_TYPES, type MotionRecord } from "../motion/model.js";
import { fail, ok, type Result } from "../result.js";
import { isChairIn } from "../seat/authority.js";
import { hexId } from "../text/i18n-text.js";

/** What a parent's close does to a committee: seat these members, or unseat this one. */
export type CommitteeChange =
  | { readonly kind: "election"; readonly elected: readonly string[] }
  | { readonly kind: "recall"; readonly member: string };

/** The members a decided election motion elected, in the method's order. */
export function electedBy(motion: MotionRecord): string[] {
  if (motion.result?.kind !== "election") return [];
  return motion.result.election.elected.map((i) => motion.options[i]!.member!);
}

/** The change a decided motion of the parent makes to `committee`, or null if none. */
export function committeeChange(
  motion: MotionRecord,
  committee: string,
): CommitteeChange | null {
  const s = motion.subject;
  if (
    s?.kind === "election" &&
    s.role === "committee" &&
    s.committee === committee &&
    motion.outcome === "elected"
  )
    return { kind: "election", elected: electedBy(motion) };
  if (
    s?.kind === "recall" &&
    "committee" in s &&
    s.committee === committee &&
    motion.outcome === "adopted"
  )
    return { kind: "recall", member: s.member };
  return null;
}

/**
 * The close the event cites, checked: a valid close of the committee's parent, in the
 * event's causal past, of a motion decided for this committee.
 */
function citedClose(
  ctx: ApplyContext,
  committee: string,
  parent: string,
  close: string,
): Result<{ at: number; motion: MotionRecord; change: CommitteeChange }> {
  const x = ctx.index.indexOf(close);
  if (
    x < 0 ||
    !ctx.knows(x) ||
    !CLOSE_TYPES.has(ctx.typeOf(x)) ||
    ctx.index.scopeIdOf(x) !== parent
  )
    return fail("COMMITTEE_CLOSE_INVALID", { close, committee, parent });
  const motionId = ctx.state.closedMotions.get(close);
  const motion =
    motionId === undefined ? undefined : ctx.state.motions.get(motionId);
  if (
    motion === undefined ||
    ctx.state.closeFacts.get(motion.id) !== x ||
    motion.body !== parent
  )
    return fail("COMMITTEE_CLOSE_INVALID", { close, committee, parent });
  const change = committeeChange(motion, committee);
  if (change === null)
    return fail("COMMITTEE_CLOSE_INVALID", { close, committee, parent });
  return ok({ at: x, motion, change });
}

/** The members the committee's known seatings seated and that still sit, sorted. */
export function seatedIn(ctx: ApplyContext, committee: string): string[] {
  const out: string[] = [];
  for (const m of new Set(ctx.state.bodyMembers.get(committee))) {
    const facts = ctx.state.membershipFacts.get(membershipKey(committee, m));
    const seated = facts.some(
      (f) =>
        f.kind === "seated" &&
        ctx.knows(f.at) &&
        !facts.some(
          (g) =>
            (g.kind === "unseated" || g.kind === "ended") &&
            ctx.knows(g.at) &&
            ctx.precedes(f.at, g.at),
        ),
    );
    if (seated) out.push(m);
  }
  return out.sort();
}

function unseat(ctx: ApplyContext, committee: string, member: string): void {
  const key = membershipKey(committee, member);
  ctx.state.membershipFacts.push(key, {
    at: ctx.event.index,
    kind: "unseated",
    episode: -1,
    needed: 0,
  });
  // A member admitted otherwise (by a join request) stays one.
  const view = {
    state: ctx.state,
    knows: (x: number) => x === ctx.event.index || ctx.knows(x),
    precedes: ctx.precedes,
    sees: ctx.sees,
    canSee: ctx.canSee,
  };
  if (!isMemberIn(view, committee, member))
    ctx.state.memberships.set(key, {
      body: committee,
      member,
      status: "removed",
      since: ctx.event.time,
    });
}

export const committeeSeated = defineHandler({
  type: "committee.seated",
  schema: z.object({ close: hexId }).strict(),
  apply(ctx, p) {
    const committee = ctx.event.scope;
    const body = ownBody(ctx);
    if (!body.ok) return body;
    if (body.value.kind !== "committee" || body.value.accountableTo === null)
      return fail("BODY_KIND_INVALID", {
        body: committee,
        kind: body.value.kind,
      });
    const parent = body.value.accountableTo;
    const cited = citedClose(ctx, committee, parent, p.close);
    if (!cited.ok) return cited;
    const { at, change } = cited.value;
    // Who may carry the decision out: the parent's chair, or those it concerns (someone
    // elected takes up the seats; the committee's members see a recall through).
    const concerned =
      change.kind === "election"
        ? change.elected.includes(ctx.actor)
        : isMemberIn(ctx, committee, ctx.actor);
    if (!concerned && !isChairIn(ctx, parent, ctx.actor))
      return fail("NOT_A_CHAIR", { body: parent, member: ctx.actor });
    // Once a close, or a later one of the parent, is seated, this one is spent: carrying it
    // out again could undo what the later decision did.
    for (const s of ctx.state.committeeSeatings.get(committee))
      if (ctx.knows(s.at) && (s.close === at || ctx.precedes(at, s.close)))
        return fail("COMMITTEE_SEATING_STALE", { close: p.close, committee });
    const s = ctx.state;
    const here = ctx.event.index;
    if (change.kind === "election") {
      // A new election replaces the elected members; members admitted otherwise stay.
      for (const m of seatedIn(ctx, committee))
        if (!change.elected.includes(m)) unseat(ctx, committee, m);
      for (const m of change.elected) {
        s.membershipFacts.push(membershipKey(committee, m), {
          at: here,
          kind: "seated",
          episode: here,
          needed: 0,
        });
        s.memberships.set(membershipKey(committee, m), {
          body: committee,
          member: m,
          status: "member",
          since: ctx.event.time,
        });
        s.bodyMembers.push(committee, m);
        const name = s.members.get(pairKey(parent, m))?.name;
        nameMember(ctx, m, name ?? m.slice(0, 8));
      }
    } else {
      if (!seatedIn(ctx, committee).includes(change.member))
        return fail("NOT_A_MEMBER", { body: committee, member: change.member });
      unseat(ctx, committee, change.member);
    }
    s.committeeSeatings.push(committee, { at: here, close: at });
    return ok(undefined);
  },
});

/**
 * @module meeting.demanded, meeting.demand-joined — a meeting convened by the rules: a voter
 * demands a meeting and other voters join the demand; the signature that puts
 * ceil(voters × meetingDemandPercent / 100) distinct voters in its own causal past convenes
 * the meeting, under the demand's id, as a chair's `meeting.convened` would (no door key:
 * chairs check members in). Counted like `motion.deadline-passed`: each signature judges only
 * what it knows, so every replica agrees in any delivery order.
 */
import { z } from "zod";
import { ownBody } from "../body/apply.js";
import { type ApplyContext, defineHandler, knowsId } from "../fold/context.js";
import { requireMember } from "../member/apply.js";
import { rulesIn } from "../member/authority.js";
import { fail, ok, type Result } from "../result.js";
import { isVoterIn, votersIn } from "../seat/authority.js";
import { hexId, i18nText } from "../text/i18n-text.js";
import {
  convenedMeeting,
  DEFAULT_MEETING_DEMAND_PERCENT,
  type MeetingDemandRecord,
  meetingDemandNeeded,
  REDACTED_WORDS,
} from "./model.js";

/** The distinct voters (voters in the current event's causal past) whose signatures on the demand it knows, sorted. */
export function demandSignersKnown(
  ctx: ApplyContext,
  demand: string,
  body: string,
): string[] {
  const found = new Set<string>();
  for (const s of ctx.state.demandSignatures.get(demand))
    if (ctx.knows(s.at) && isVoterIn(ctx, body, s.member)) found.add(s.member);
  return [...found].sort();
}

/** The signatures the body's rules ask for, as the current event knows the body. */
export function demandNeededIn(ctx: ApplyContext, body: string): number {
  const rules = rulesIn(ctx, body) ?? ctx.state.bodies.get(body)?.rules;
  const percent = rules?.meetingDemandPercent ?? DEFAULT_MEETING_DEMAND_PERCENT;
  return meetingDemandNeeded(votersIn(ctx, body).length, percent);
}

/** A demand of the event's own body, made in the event's causal past. */
function knownDemand(
  ctx: ApplyContext,
  demand: string,
): Result<MeetingDemandRecord> {
  const record = ctx.state.meetingDemands.get(demand);
  if (
    record === undefined ||
    record.body !== ctx.event.scope ||
    !knowsId(ctx, demand)
  )
    return fail("MEETING_DEMAND_NOT_FOUND", { demand });
  return ok(record);
}

/**
 * Records the actor's signature on the demand and, when it completes the count, convenes the
 * meeting. `again`: the actor's signature was already known (only valid when it completes).
 */
function sign(ctx: ApplyContext, demand: MeetingDemandRecord): Result<void> {
  const known = demandSignersKnown(ctx, demand.id, demand.body);
  const needed = demandNeededIn(ctx, demand.body);
  const again = known.includes(ctx.actor);
  const signers = again ? known.length : known.length + 1;
  // Once per voter — unless enough are in its past already (they signed concurrently, so no
  // single signature saw them all): then signing again convenes.
  if (again && signers < needed)
    return fail("MEETING_DEMAND_ALREADY_JOINED", {
      demand: demand.id,
      signers,
      needed,
    });
  ctx.state.demandSignatures.push(demand.id, {
    at: ctx.event.index,
    member: ctx.actor,
  });
  const present = ctx.state.meetingDemands.get(demand.id)!;
  const all = new Set([...present.signers, ctx.actor]);
  const reaches = signers >= needed;
  ctx.state.meetingDemands.set(demand.id, {
    ...present,
    signers: [...all].sort(),
    convened: present.convened || reaches,
  });
  if (!reaches) return ok(undefined);
  ctx.state.demandConvenings.push(demand.id, ctx.event.index);
  // Of concurrent signatures that each complete the count, the first in fold order convenes;
  // the others stay valid and convene nothing again (so does a join after the convening).
  if (ctx.state.meetings.has(demand.id)) return ok(undefined);
  const record = convenedMeeting({
    id: demand.id,
    body: demand.body,
    title: demand.title,
    when: demand.when,
    place: demand.place,
    door: null,
    convenedBy: demand.demandedBy,
    convenedAt: ctx.event.time,
    redacted: demand.redacted === true,
  });
  ctx.state.meetings.set(demand.id, record);
  return ok(undefined);
}

const meetingDemandedSchema = z
  .object({
    title: i18nText(300),
    /** When, as free text. */
    when: z.string().max(200),
    /** Where, as free text; may be left vague for safety. */
    place: z.string().max(200),
  })
  .strict();
type MeetingDemandedPayload = z.infer<typeof meetingDemandedSchema>;

function demandMeeting(
  ctx: ApplyContext,
  p: MeetingDemandedPayload,
  redacted: boolean,
): Result<void> {
  const body = ownBody(ctx);
  if (!body.ok) return body;
  const member = requireMember(ctx, ctx.event.scope);
  if (!member.ok) return member;
  const record: MeetingDemandRecord = {
    id: ctx.event.id,
    body: ctx.event.scope,
    title: p.title,
    when: p.when,
    place: p.place,
    demandedBy: ctx.actor,
    demandedAt: ctx.event.time,
    signers: [],
    convened: false,
    ...(redacted ? { redacted: true as const } : {}),
  };
  ctx.state.meetingDemands.set(ctx.event.id, record);
  // The demand is the demander's own signature: in a body small enough, it convenes at once.
  return sign(ctx, record);
}

export const meetingDemanded = defineHandler({
  type: "meeting.demanded",
  schema: meetingDemandedSchema,
  redactable: true,
  // Any voter may demand a meeting, so its words may be an informer's; the demand and the
  // meeting it convenes (which copies them) stand without them.
  redacted: {
    kept: z.object({}).strict(),
    keptOf: () => ({}),
    applyKept: (ctx) => demandMeeting(ctx, REDACTED_WORDS, true),
  },
  apply: (ctx, p) => demandMeeting(ctx, p, false),
});

export const meetingDemandJoined = defineHandler({
  type: "meeting.demand-joined",
  schema: z.object({ demand: hexId }).strict(),
  apply(ctx, p) {
    const body = ownBody(ctx);
    if (!body.ok) return body;
    const demand = knownDemand(ctx, p.demand);
    if (!demand.ok) return demand;
    const member = requireMember(ctx, ctx.event.scope);
    if (!member.ok) return member;
    return sign(ctx, demand.value);
  },
});

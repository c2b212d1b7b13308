/** @module motion.opened, motion.withdrawn. */
import { z } from "zod";
import { findElectionMethod } from "../../voting/index.js";
import { ACTION_KINDS } from "../action/model.js";
import { MAX_ATTESTERS } from "../attestation/model.js";
import { ownBody } from "../body/apply.js";
import { rulesSchema } from "../body/model.js";
import { type ApplyContext, defineHandler, knowsId } from "../fold/context.js";
import { checkAgenda, knownItem, knownMeeting } from "../meeting/authority.js";
import {
  checkMeetingVote,
  recordMeetingVote,
} from "../meeting/meeting-vote.js";
import { requireTakingPart } from "../member/apply.js";
import { isMemberIn } from "../member/authority.js";
import { planLimitsSubjectSchema, planPeriodName } from "../plan/model.js";
import {
  checkPlanVariants,
  isVariantOptions,
  MAX_PLAN_VARIANTS,
  MIN_PLAN_VARIANTS,
  planVariantSchema,
} from "../plan/plan-variants.js";
import { checkKept } from "../redaction/redact.js";
import { isAskedBy, knownReferendum } from "../referendum/authority.js";
import { fail, ok, type Result } from "../result.js";
import {
  isChairIn,
  isVoterIn,
  linkSeatsIn,
  ownDelegatesIn,
} from "../seat/authority.js";
import {
  checkSecretMotion,
  recordSecretMotion,
  secretSchema,
} from "../secret-ballot/secret-motion.js";
import { hexId, i18nText } from "../text/i18n-text.js";
import {
  choiceSchema,
  defaultMethod,
  ELECTION_METHODS,
  type ElectionMethodName,
  isElectionKind,
  isMethodName,
  positionChoice,
} from "./methods.js";
import {
  MOTION_KINDS,
  type MotionRecord,
  type MotionSubject,
} from "./model.js";

/** The latest time an event may name: the last millisecond JavaScript dates can hold. */
const MAX_TIME = 8_640_000_000_000_000;

const REDACTABLE_TYPES = new Set([
  "comment.posted",
  "comment.edited",
  "member.join-requested",
  "motion.opened",
  // A meeting's words (title, when, place), a demand for one, an agenda item's title.
  "meeting.convened",
  "meeting.demanded",
  "meeting.item-proposed",
]);

/** True when events of this type may lose their payload to a redaction. */
export function isRedactableType(type: string): boolean {
  return REDACTABLE_TYPES.has(type);
}

/**
 * Checks that a redaction by `body` may target event `target`: it is known to the
 * redaction, of a redactable type, and of the body's own scope (read from the envelope, so
 * it holds whether or not the payload was ever seen).
 */
export function checkRedactionTarget(
  ctx: ApplyContext,
  body: string,
  target: string,
): Result<void> {
  const x = ctx.index.indexOf(target);
  if (x < 0 || !ctx.knows(x))
    return fail("REDACTION_TARGET_UNKNOWN", { event: target });
  if (!isRedactableType(ctx.typeOf(x)))
    return fail("NOT_REDACTABLE", { event: target, type: ctx.typeOf(x) });
  const actual = ctx.index.scopeIdOf(x);
  if (actual !== body)
    return fail("REDACTION_SCOPE_MISMATCH", { event: target, body, actual });
  return ok(undefined);
}

const subjectSchema = z.union([
  z.object({ kind: z.literal("rules"), rules: rulesSchema }).strict(),
  z.object({ kind: z.literal("admission"), request: hexId }).strict(),
  z.object({ kind: z.literal("removal"), member: hexId }).strict(),
  z
    .object({
      kind: z.literal("redaction"),
      event: hexId,
      /** What stays of a motion to redact (see event.redacted's `keep`). */
      keep: z.unknown().optional(),
    })
    .strict(),
  z.object({ kind: z.literal("election"), role: z.literal("chair") }).strict(),
  z
    .object({
      kind: z.literal("election"),
      role: z.literal("meeting-chair"),
      meeting: hexId,
    })
    .strict(),
  z
    .object({
      kind: z.literal("agenda"),
      meeting: hexId,
      items: z.array(hexId).max(200),
    })
    .strict(),
  z
    .object({ kind: z.literal("minutes"), meeting: hexId, hash: hexId })
    .strict(),
  z
    .object({
      kind: z.literal("election"),
      role: z.literal("delegate"),
      council: hexId,
    })
    .strict(),
  z
    .object({
      kind: z.literal("election"),
      role: z.literal("committee"),
      committee: hexId,
    })
    .strict(),
  z
    .object({ kind: z.literal("recall"), council: hexId, member: hexId })
    .strict(),
  z
    .object({ kind: z.literal("recall"), committee: hexId, member: hexId })
    .strict(),
  z
    .object({
      kind: z.literal("mandate"),
      council: hexId,
      positions: z
        .array(z.object({ motion: hexId, choice: positionChoice }).strict())
        .max(50),
    })
    .strict(),
  z
    .object({
      kind: z.literal("action"),
      action: z.enum(ACTION_KINDS),
      startsAt: z.number().int().min(0),
      scope: z.union([z.literal("all"), z.array(hexId).min(1).max(500)]),
    })
    .strict(),
  z
    .object({
      kind: z.literal("referendum"),
      scope: z.union([z.literal("all"), z.array(hexId).min(1).max(500)]),
    })
    .strict(),
  z.object({ kind: z.literal("referendum"), referendum: hexId }).strict(),
  planLimitsSubjectSchema,
  z
    .object({
      kind: z.literal("plan"),
      period: planPeriodName.optional(),
      variants: z
        .array(planVariantSchema)
        .min(MIN_PLAN_VARIANTS)
        .max(MAX_PLAN_VARIANTS),
    })
    .strict(),
  z
    .object({
      kind: z.literal("credentials"),
      body: hexId,
      attesters: z.array(hexId).min(1).max(MAX_ATTESTERS),
      threshold: z.number().int().min(1).max(MAX_ATTESTERS),
    })
    .strict(),
]);

/**
 * The motion, if it is known to the current event and still open there (no close or
 * withdrawal in the event's causal past).
 */
export function openMotion(
  ctx: ApplyContext,
  motion: string,
): Result<MotionRecord> {
  const record = ctx.state.motions.get(motion);
  if (record === undefined || !ctx.sees(record.body) || !knowsId(ctx, motion))
    return fail("MOTION_NOT_FOUND", { motion });
  const closed = ctx.state.closeFacts.get(motion);
  if (closed !== undefined && ctx.knows(closed))
    return fail("BALLOT_AFTER_CLOSE", { motion });
  const withdrawn = ctx.state.withdrawFacts.get(motion);
  if (withdrawn !== undefined && ctx.knows(withdrawn))
    return fail("MOTION_NOT_OPEN", { motion, status: "withdrawn" });
  return ok(record);
}

/** A motion of the event's own scope, open as the event knows it (see openMotion). */
export function ownMotion(
  ctx: ApplyContext,
  motion: string,
): Result<MotionRecord> {
  const record = ctx.state.motions.get(motion);
  if (record !== undefined && record.body !== ctx.event.scope)
    return fail("MOTION_NOT_FOUND", { motion });
  return openMotion(ctx, motion);
}

function checkSubject(
  ctx: ApplyContext,
  body: string,
  kind: (typeof MOTION_KINDS)[number],
  subject: MotionSubject | undefined,
  seats: number,
  meeting: string | undefined,
): Result<void> {
  const expected: Partial<Record<string, MotionSubject["kind"]>> = {
    rules: "rules",
    admission: "admission",
    removal: "removal",
    redaction: "redaction",
    election: "election",
    recall: "recall",
    mandate: "mandate",
    action: "action",
    credentials: "credentials",
    agenda: "agenda",
    minutes: "minutes",
    referendum: "referendum",
    "plan-limits": "plan-limits",
    plan: "plan",
  };
  const want = expected[kind];
  if (want === undefined) {
    if (subject !== undefined)
      return fail("SUBJECT_INVALID", { kind, expected: "none" });
    return ok(undefined);
  }
  if (subject === undefined || subject.kind !== want)
    return fail("SUBJECT_INVALID", { kind, expected: want });
  switch (subject.kind) {
    case "plan":
      return checkPlanVariants(subject.variants);
    case "admission": {
      const r = ctx.state.joinRequests.get(subject.request);
      if (r === undefined || !knowsId(ctx, subject.request) || r.body !== body)
        return fail("JOIN_REQUEST_NOT_FOUND", { request: subject.request });
      if (r.status !== "pending")
        return fail("JOIN_REQUEST_DECIDED", { request: subject.request });
      return ok(undefined);
    }
    case "removal":
      if (!isMemberIn(ctx, body, subject.member))
        return fail("NOT_A_MEMBER", { body, member: subject.member });
      return ok(undefined);
    case "redaction": {
      const target = checkRedactionTarget(ctx, body, subject.event);
      if (!target.ok) return target;
      const kept = checkKept(ctx, subject.event, subject.keep);
      return kept.ok ? ok(undefined) : kept;
    }
    case "election": {
      if (subject.role === "meeting-chair")
        return inItsMeeting(subject.meeting, meeting, kind);
      // A committee's founding lies in its own scope, below the body, which the body
      // cannot read: the committee judges the election when it is seated (committee.seated).
      if (subject.role === "committee") return ok(undefined);
      if (subject.role !== "delegate") return ok(undefined);
      const link = linkSeatsIn(ctx, body, subject.council);
      if (link === 0)
        return fail("NO_SEATS", { body, council: subject.council });
      // More delegates than the link seats would leave the council to pick whom to seat.
      if (seats > link)
        return fail("SEATS_EXCEED_LINK", {
          body,
          council: subject.council,
          seats,
          link,
        });
      return ok(undefined);
    }
    case "recall":
      // A committee's members are in its own scope, which the body cannot read: the
      // recall takes effect there (committee.seated) only if the member sits.
      if ("committee" in subject) return ok(undefined);
      // The body recalls a delegate its own closes elected: its own facts, whether or not
      // its attesters have told the council yet.
      if (!ownDelegatesIn(ctx, body, subject.council).includes(subject.member))
        return fail("NOT_A_DELEGATE", {
          member: subject.member,
          body,
          council: subject.council,
        });
      return ok(undefined);
    case "mandate": {
      if (linkSeatsIn(ctx, body, subject.council) === 0)
        return fail("NO_SEATS", { body, council: subject.council });
      for (const pos of subject.positions) {
        const m = ctx.state.motions.get(pos.motion);
        if (
          m === undefined ||
          m.body !== subject.council ||
          !ctx.sees(m.body) ||
          !knowsId(ctx, pos.motion)
        )
          return fail("MOTION_NOT_FOUND", { motion: pos.motion });
        if (
          !isMethodName(m.method) ||
          !choiceSchema(m.method, m.options.length).safeParse(pos.choice)
            .success
        )
          return fail("BALLOT_INVALID", {
            motion: pos.motion,
            method: m.method,
            problem: "position",
          });
      }
      return ok(undefined);
    }
    case "plan-limits":
    case "action": {
      const council = ctx.state.bodies.get(body);
      if (council?.kind !== "council")
        return fail("BODY_KIND_INVALID", {
          body,
          kind: council?.kind ?? "unknown",
        });
      return ok(undefined);
    }
    case "referendum": {
      const kindOf = ctx.state.bodies.get(body)?.kind ?? "unknown";
      // A council puts the question; a body below votes on it, where its people are members
      // (a council below carries its bodies' results up, it does not vote on them).
      if ("scope" in subject) {
        if (kindOf !== "council")
          return fail("BODY_KIND_INVALID", { body, kind: kindOf });
        return ok(undefined);
      }
      if (kindOf === "council")
        return fail("BODY_KIND_INVALID", { body, kind: kindOf });
      const referendum = knownReferendum(ctx, subject.referendum);
      if (!referendum.ok) return referendum;
      if (!isAskedBy(ctx, referendum.value, body))
        return fail("REFERENDUM_NOT_ASKED", {
          body,
          referendum: subject.referendum,
        });
      return ok(undefined);
    }
    case "credentials": {
      if (ctx.state.bodies.get(body)?.kind !== "council")
        return fail("BODY_KIND_INVALID", {
          body,
          kind: ctx.state.bodies.get(body)?.kind ?? "unknown",
        });
      if (linkSeatsIn(ctx, subject.body, body) === 0)
        return fail("NO_SEATS", { body: subject.body, council: body });
      if (
        new Set(subject.attesters).size !== subject.attesters.length ||
        subject.threshold > subject.attesters.length
      )
        return fail("LINK_INVALID", { child: subject.body });
      return ok(undefined);
    }
    case "agenda": {
      const inMeeting = inItsMeeting(subject.meeting, meeting, kind);
      if (!inMeeting.ok) return inMeeting;
      return checkAgenda(ctx, subject.meeting, subject.items);
    }
    case "minutes": {
      // Minutes are adopted by a vote in a meeting: this one, or a later one of the body.
      if (meeting === undefined)
        return fail("MEETING_VOTE_REQUIRED", {
          kind,
          meeting: subject.meeting,
        });
      const known = knownMeeting(ctx, subject.meeting);
      return known.ok ? ok(undefined) : known;
    }
    default:
      return ok(undefined);
  }
}

/**
 * The agenda item a vote in a meeting decides: an item proposed in that meeting, in the causal
 * past. An item belongs to one meeting, so naming one without opening the vote in its meeting
 * asks for the meeting (the vote would not be the meeting's).
 */
function checkVoteItem(
  ctx: ApplyContext,
  kind: string,
  meeting: string | undefined,
  item: string,
): Result<void> {
  if (meeting === undefined)
    return fail("MEETING_VOTE_REQUIRED", {
      kind,
      meeting: ctx.state.meetingItems.get(item) ?? "",
    });
  return knownItem(ctx, meeting, item);
}

/** A motion about a meeting that only that meeting may vote on. */
function inItsMeeting(
  subjectMeeting: string,
  meeting: string | undefined,
  kind: string,
): Result<void> {
  if (meeting !== subjectMeeting)
    return fail("MEETING_VOTE_REQUIRED", { kind, meeting: subjectMeeting });
  return ok(undefined);
}

const motionOpenedSchema = z
  .object({
    kind: z.enum(MOTION_KINDS),
    title: i18nText(300),
    text: i18nText(20_000),
    method: z.string().max(32).optional(),
    options: z
      .array(
        z
          .object({
            label: z.string().min(1).max(200),
            member: hexId.optional(),
          })
          .strict(),
      )
      .max(100)
      .optional(),
    seats: z.number().int().min(1).max(100).optional(),
    amends: hexId.optional(),
    subject: subjectSchema.optional(),
    /** A secret vote: ballots by one-time keys with tokens from these registrars' offers. */
    secret: secretSchema.optional(),
    /** The closing time, ms since the epoch (an integer, as every time in an event). */
    closesAt: z.number().int().min(0).max(MAX_TIME).optional(),
    /** A vote in this open meeting: those present at the opening are its electorate. */
    meeting: hexId.optional(),
    /** The agenda item of that meeting the vote decides (only with `meeting`). */
    item: hexId.optional(),
  })
  .strict();

type MotionOpenedPayload = z.infer<typeof motionOpenedSchema>;

/** What a redaction keeps of a motion: everything but its title and text. */
const keptMotionSchema = motionOpenedSchema.omit({ title: true, text: true });

/**
 * Opens the motion. `redacted` when its title and text were redacted: it is opened all the
 * same (its ballots, close and result stand) with no words, and says so.
 */
function applyMotionOpened(
  ctx: ApplyContext,
  p: MotionOpenedPayload,
  redacted: boolean,
): Result<void> {
  const bodyId = ctx.event.scope;
  const body = ownBody(ctx);
  if (!body.ok) return body;
  const member = requireTakingPart(ctx, bodyId);
  if (!member.ok) return member;
  const method = p.method ?? defaultMethod(p.kind);
  if (!isMethodName(method)) return fail("METHOD_UNKNOWN", { method });
  const election = isElectionKind(p.kind);
  if (election !== (method !== "yes-no-abstain"))
    return fail("METHOD_NOT_ALLOWED", { method, kind: p.kind });
  const options = p.options ?? [];
  const seats = p.seats ?? 1;
  if (election) {
    if (options.length < 1 || seats > options.length)
      return fail("OPTIONS_INVALID", {
        reason: "seats",
        options: options.length,
        seats,
      });
    const found = findElectionMethod(method);
    const maxSeats = found.ok ? found.value.maxSeats : undefined;
    if (maxSeats !== undefined && seats > maxSeats)
      return fail("METHOD_NOT_ALLOWED", { method, kind: p.kind, seats });
    if (p.kind === "plan") {
      // One adopted plan, by a ranked count, among options that are the variants.
      if (ELECTION_METHODS[method as ElectionMethodName] !== "ranking")
        return fail("METHOD_NOT_ALLOWED", { method, kind: p.kind });
      if (seats !== 1)
        return fail("OPTIONS_INVALID", { reason: "seats", seats });
      const variants = p.subject?.kind === "plan" ? p.subject.variants : [];
      if (!isVariantOptions(options, variants))
        return fail("OPTIONS_INVALID", { reason: "plan-variants" });
    } else {
      const members = options.map((o) => o.member);
      if (members.some((m) => m === undefined || !isVoterIn(ctx, bodyId, m)))
        return fail("OPTIONS_INVALID", { reason: "candidate-not-member" });
      if (new Set(members).size !== members.length)
        return fail("OPTIONS_INVALID", { reason: "duplicate-candidate" });
    }
  } else if (options.length > 0 || p.seats !== undefined)
    return fail("OPTIONS_INVALID", { reason: "options-need-an-election" });
  if ((p.kind === "amendment") !== (p.amends !== undefined))
    return fail("AMENDMENT_TARGET_INVALID", { kind: p.kind });
  if (p.amends !== undefined) {
    const target = openMotion(ctx, p.amends);
    if (!target.ok)
      return fail("AMENDMENT_TARGET_INVALID", { motion: p.amends });
    if (target.value.body !== bodyId || target.value.kind === "amendment")
      return fail("AMENDMENT_TARGET_INVALID", { motion: p.amends });
    if (target.value.status !== "open")
      return fail("AMENDMENT_TARGET_INVALID", { motion: p.amends });
  }
  const inMeeting =
    p.meeting === undefined
      ? null
      : checkMeetingVote(ctx, body.value, p.meeting);
  if (inMeeting !== null && !inMeeting.ok) return inMeeting;
  if (p.item !== undefined) {
    const item = checkVoteItem(ctx, p.kind, p.meeting, p.item);
    if (!item.ok) return item;
  }
  const subject = checkSubject(
    ctx,
    bodyId,
    p.kind,
    p.subject,
    seats,
    p.meeting,
  );
  if (!subject.ok) return subject;
  const secret =
    p.secret === undefined
      ? null
      : checkSecretMotion(ctx, body.value, p.secret, inMeeting?.value.roll);
  if (secret !== null && !secret.ok) return secret;
  // Compared with the opening's own claimed time, never a clock.
  if (p.closesAt !== undefined && p.closesAt <= ctx.event.time)
    return fail("CLOSES_AT_INVALID", {
      closesAt: p.closesAt,
      openedAt: ctx.event.time,
    });
  const id = ctx.event.id;
  const rules = body.value.rules;
  ctx.state.motions.set(id, {
    id,
    body: bodyId,
    kind: p.kind,
    proposer: ctx.actor,
    title: p.title,
    text: p.text,
    method,
    options: options.map((o) => ({
      label: o.label,
      member: o.member ?? null,
    })),
    seats,
    threshold:
      p.kind === "rules" || p.kind === "removal"
        ? "two-thirds"
        : p.kind === "recall"
          ? rules.recallThreshold
          : rules.majority,
    amends: p.amends ?? null,
    subject: p.subject ?? null,
    status: "open",
    outcome: null,
    openedAt: ctx.event.time,
    ...(p.closesAt === undefined ? {} : { closesAt: p.closesAt }),
    closedBy: null,
    closedAt: null,
    result: null,
    amendments: [],
    amendedBy: null,
    ...(inMeeting === null
      ? {}
      : { meeting: inMeeting.value.meeting, roll: inMeeting.value.roll }),
    ...(p.item === undefined ? {} : { item: p.item }),
    ...(redacted ? { redacted: true as const } : {}),
  });
  ctx.state.motionOpenedAt.set(id, ctx.event.index);
  if (inMeeting !== null) recordMeetingVote(ctx, inMeeting.value, id);
  if (secret !== null) recordSecretMotion(ctx, secret.value);
  if (p.amends !== undefined) {
    const target = ctx.state.motions.get(p.amends)!;
    ctx.state.motions.set(p.amends, {
      ...target,
      amendments: [...target.amendments, id],
    });
  }
  return ok(undefined);
}

export const motionOpened = defineHandler({
  type: "motion.opened",
  schema: motionOpenedSchema,
  redactable: true,
  redacted: {
    kept: keptMotionSchema,
    keptOf: ({ title: _title, text: _text, ...kept }: MotionOpenedPayload) =>
      kept,
    applyKept: (ctx, kept) =>
      applyMotionOpened(
        ctx,
        { ...(kept as z.infer<typeof keptMotionSchema>), title: {}, text: {} },
        true,
      ),
  },
  apply: (ctx, p) => applyMotionOpened(ctx, p, false),
});

export const motionWithdrawn = defineHandler({
  type: "motion.withdrawn",
  schema: z.object({ motion: hexId }).strict(),
  apply(ctx, p) {
    const motion = ownMotion(ctx, p.motion);
    if (!motion.ok)
      return motion.error.code === "MOTION_NOT_FOUND"
        ? motion
        : fail("MOTION_NOT_OPEN", { motion: p.motion });
    if (motion.value.status !== "open")
      return fail("MOTION_NOT_OPEN", {
        motion: p.motion,
        status: motion.value.status,
      });
    if (
      motion.value.proposer !== ctx.actor &&
      !isChairIn(ctx, motion.value.body, ctx.actor)
    )
      return fail("NOT_THE_PROPOSER", { motion: p.motion });
    ctx.state.motions.set(p.motion, { ...motion.value, status: "withdrawn" });
    ctx.state.withdrawFacts.set(p.motion, ctx.event.index);
    return ok(undefined);
  },
});

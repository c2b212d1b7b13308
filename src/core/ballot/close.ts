/**
 * @module vote.closed — counts a motion in the close's causal past, checks the result the
 * close states against that count, and applies its effect in the motion's scope.
 */
import { z } from "zod";
import {
  tallyYesNoAbstain,
  type Weighted,
  type YesNoChoice,
} from "../../voting/index.js";
import { setAttesters } from "../attestation/apply.js";
import { ownBody, requireChair } from "../body/apply.js";
import type { Rules } from "../body/model.js";
import type { CausalIndex } from "../fold/causal-index.js";
import { type ApplyContext, defineHandler } from "../fold/context.js";
import { pairKey } from "../fold/state.js";
import type { MandateRecord } from "../mandate/model.js";
import {
  adoptMinutes,
  electMeetingChairs,
  requireMeetingChair,
  setAgendaByVote,
} from "../meeting/meeting-effects.js";
import { admit, endMembership } from "../member/apply.js";
import { type CausalView, rulesIn } from "../member/authority.js";
import { ownMotion } from "../motion/apply.js";
import {
  ELECTION_METHODS,
  type ElectionMethodName,
} from "../motion/methods.js";
import type { MotionRecord, MotionResult } from "../motion/model.js";
import { setPlanLimits } from "../plan/apply.js";
import { planVariantId } from "../plan/plan-variants.js";
import { redact } from "../redaction/redact.js";
import { REFERENDUM_OPTIONS } from "../referendum/model.js";
import { fail, ok, type Result } from "../result.js";
import { electOwnDelegates, recallOwnDelegate } from "../seat/apply.js";
import type { SecretCount } from "../secret-ballot/model.js";
import { hexId } from "../text/i18n-text.js";
import { countedBallots } from "./counted-ballots.js";
import { tallyElection } from "./tally-election.js";

/** What a close states: the outcome and, for an election, who was elected, in the method's order. */
export const statedResultSchema = z
  .object({
    outcome: z.enum([
      "adopted",
      "rejected",
      "no-quorum",
      "elected",
      "no-valid-votes",
    ]),
    elected: z.array(hexId).max(100).optional(),
  })
  .strict();
export type StatedResult = z.infer<typeof statedResultSchema>;

/** The count of a motion at a close: the result, its outcome, and who it elects. */
export interface MotionCount {
  readonly result: MotionResult;
  readonly outcome: NonNullable<MotionRecord["outcome"]>;
  readonly elected: readonly string[];
  readonly threshold: MotionRecord["threshold"];
  /** For a secret motion: what the count found beside the result; null otherwise. */
  readonly secret: SecretCount | null;
}

/** What a close states as elected: members, or for a plan motion the adopted variant's id. */
function electedIds(
  motion: MotionRecord,
  elected: readonly number[],
): string[] {
  const subject = motion.subject;
  return elected.map((i) =>
    subject?.kind === "plan"
      ? planVariantId(subject.variants[i]!)
      : motion.options[i]!.member!,
  );
}

/** The threshold a motion's kind needs under the body's rules. */
function thresholdOf(motion: MotionRecord, rules: Rules) {
  return motion.kind === "rules" || motion.kind === "removal"
    ? "two-thirds"
    : motion.kind === "recall"
      ? rules.recallThreshold
      : rules.majority;
}

/**
 * Counts a motion for a close whose causal past is `view` (`close` is the close's index, or
 * for a close being drafted, the newest event of its past).
 */
export function countMotion(
  view: CausalView,
  index: CausalIndex,
  motion: MotionRecord,
  close: number,
  rules: Rules,
): Result<MotionCount> {
  const { eligible, eligibleWeight, counted, secret } = countedBallots(
    view,
    index,
    motion.id,
    motion.body,
    close,
    rules,
  );
  if (motion.method === "yes-no-abstain") {
    const threshold = thresholdOf(motion, rules);
    const ballots: Weighted<YesNoChoice>[] = counted.map(
      ({ ballot, weight }) => ({
        choice: "vote" in ballot.choice ? ballot.choice.vote : "abstain",
        weight,
      }),
    );
    const decision = tallyYesNoAbstain({
      ballots,
      eligible: eligibleWeight,
      quorumPercent: rules.quorumPercent,
      threshold,
    });
    return ok({
      result: { kind: "decision", decision },
      outcome: decision.outcome,
      elected: [],
      threshold,
      secret,
    });
  }
  const method = motion.method as ElectionMethodName;
  if (!Object.hasOwn(ELECTION_METHODS, method))
    return fail("METHOD_UNKNOWN", { method });
  const election = tallyElection(
    method,
    motion.options.length,
    motion.seats,
    counted.map(({ ballot, weight }) => ({ choice: ballot.choice, weight })),
  );
  if (!election.ok) return election;
  let presentWeight = 0;
  for (const c of counted) presentWeight += c.weight;
  const quorumMet =
    presentWeight > 0 &&
    presentWeight * 100 >= eligibleWeight * rules.quorumPercent;
  return ok({
    result: {
      kind: "election",
      election: election.value,
      eligible: eligible.length,
      present: counted.length,
    },
    // Quorum is counted from everyone who cast a ballot, blank ones too; a present quorum with
    // no valid ballot elects no one (never a seat by lot with no one's vote behind it).
    outcome: !quorumMet
      ? "no-quorum"
      : election.value.noValidVotes
        ? "no-valid-votes"
        : "elected",
    elected: quorumMet ? electedIds(motion, election.value.elected) : [],
    threshold: motion.threshold,
    secret,
  });
}

/** The result a close of this count must state. */
export function statedResultOf(count: MotionCount): StatedResult {
  return count.outcome === "elected"
    ? { outcome: "elected", elected: [...count.elected] }
    : { outcome: count.outcome };
}

function sameResult(a: StatedResult, b: StatedResult): boolean {
  if (a.outcome !== b.outcome) return false;
  const x = a.elected ?? [];
  const y = b.elected ?? [];
  return x.length === y.length && x.every((m, i) => m === y[i]);
}

/** Fails while an amendment known to the close is neither decided nor withdrawn in its past. */
export function checkAmendmentsDecided(
  ctx: ApplyContext,
  motion: MotionRecord,
): Result<void> {
  for (const a of motion.amendments) {
    const opened = ctx.state.motionOpenedAt.get(a);
    if (opened === undefined || !ctx.knows(opened)) continue;
    const closed = ctx.state.closeFacts.get(a);
    const withdrawn = ctx.state.withdrawFacts.get(a);
    const decided =
      (closed !== undefined && ctx.knows(closed)) ||
      (withdrawn !== undefined && ctx.knows(withdrawn));
    if (!decided) return fail("AMENDMENTS_PENDING", { amendment: a });
  }
  return ok(undefined);
}

/** What an adopted motion (or an election) changes besides its own record. */
function applyEffect(
  ctx: ApplyContext,
  motion: MotionRecord,
  elected: readonly string[],
): void {
  const s = ctx.state;
  const at = ctx.event.index;
  const subject = motion.subject;
  if (motion.kind === "amendment" && motion.amends !== null) {
    const target = s.motions.get(motion.amends)!;
    // An amendment adopted after its motion was decided (they were concurrent) changes nothing.
    if (target.status !== "open") return;
    s.motions.set(motion.amends, {
      ...target,
      text: motion.text,
      amendedBy: motion.id,
      // The adopted words were redacted: the motion now reads as redacted too.
      ...(motion.redacted ? { redacted: true as const } : {}),
    });
    return;
  }
  if (subject === null) return;
  switch (subject.kind) {
    case "rules": {
      s.rulesFacts.push(motion.body, { at, value: subject.rules });
      const body = s.bodies.get(motion.body)!;
      s.bodies.set(motion.body, { ...body, rules: subject.rules });
      return;
    }
    case "admission": {
      const request = s.joinRequests.get(subject.request)!;
      s.membershipFacts.push(pairKey(request.body, request.member), {
        at,
        kind: "admitted",
        episode: ctx.index.indexOf(subject.request),
        needed: 0,
      });
      admit(ctx, request);
      return;
    }
    case "removal":
      endMembership(ctx, motion.body, subject.member, "removed");
      return;
    case "redaction": {
      // Judged at the opening; a motion's kept part is checked there against its payload.
      const form = ctx.redactedFormOf(ctx.index.indexOf(subject.event));
      const kept = form?.kept.safeParse(subject.keep ?? {}).data;
      redact(ctx, subject.event, kept, {
        by: motion.proposer,
        body: motion.body,
      });
      return;
    }
    case "election": {
      // A committee election takes effect in the committee's scope (committee.seated).
      if (subject.role === "committee") return;
      if (subject.role === "chair") {
        s.chairFacts.push(motion.body, { at, value: [...elected] });
        const body = s.bodies.get(motion.body)!;
        s.bodies.set(motion.body, { ...body, chairs: [...elected] });
      } else if (subject.role === "meeting-chair")
        electMeetingChairs(ctx, subject.meeting, elected);
      else
        electOwnDelegates(
          ctx,
          motion.body,
          subject.council,
          motion.seats,
          elected,
        );
      return;
    }
    case "recall":
      if ("committee" in subject) return;
      recallOwnDelegate(ctx, motion.body, subject.council, subject.member);
      return;
    case "mandate": {
      const mandate: MandateRecord = {
        council: subject.council,
        body: motion.body,
        motion: motion.id,
        instructions: motion.text,
        positions: subject.positions,
        adoptedAt: ctx.event.time,
      };
      s.ownMandates.set(pairKey(motion.body, subject.council), mandate);
      return;
    }
    case "action":
      s.calls.set(motion.id, {
        id: motion.id,
        council: motion.body,
        kind: subject.action,
        title: motion.title,
        text: motion.text,
        startsAt: subject.startsAt,
        scope: subject.scope,
        adoptedAt: ctx.event.time,
      });
      return;
    case "referendum":
      // A council's adopted referendum motion puts its question to the bodies below; a
      // body's own vote on the question changes nothing here (its attesters carry it up).
      if ("scope" in subject)
        s.referendums.set(motion.id, {
          id: motion.id,
          council: motion.body,
          title: motion.title,
          text: motion.text,
          scope: subject.scope,
          method: "yes-no-abstain",
          options: REFERENDUM_OPTIONS,
          adoptedAt: ctx.event.time,
        });
      return;
    case "plan-limits":
      setPlanLimits(ctx, motion.body, motion.id, subject);
      return;
    case "agenda":
      setAgendaByVote(ctx, subject.meeting, subject.items);
      return;
    case "minutes":
      adoptMinutes(ctx, subject.meeting, motion.id, subject.hash);
      return;
    case "plan":
      // The adopted variant is the body's plan in force: a view of the decided motion
      // (plan/plan-in-force.ts), no record of its own.
      return;
    case "credentials":
      setAttesters(
        ctx,
        motion.body,
        subject.body,
        subject.attesters,
        subject.threshold,
      );
      return;
  }
}

/**
 * Decides an open motion at the current event — a chair's close, or the attestation that the
 * deadline passed which completes k of them (`byDeadline`) — with the count in its causal
 * past: records the close and applies the effect.
 */
export function decideMotion(
  ctx: ApplyContext,
  motion: MotionRecord,
  count: MotionCount,
  byDeadline: boolean,
): void {
  const { result, outcome, elected, threshold, secret } = count;
  const decided: MotionRecord = {
    ...motion,
    threshold,
    status: "decided",
    outcome,
    closedBy: ctx.actor,
    closedAt: ctx.event.time,
    ...(byDeadline ? { closedByDeadline: true as const } : {}),
    result,
  };
  ctx.state.motions.set(motion.id, decided);
  ctx.state.closeFacts.set(motion.id, ctx.event.index);
  ctx.state.closedMotions.set(ctx.event.id, motion.id);
  if (secret !== null)
    ctx.state.secretTallies.set(motion.id, {
      ...secret,
      close: ctx.event.id,
      counted:
        result.kind === "election" ? result.present : result.decision.present,
      rollSize: ctx.state.secretMotions.get(motion.id)!.roll.length,
    });
  if (outcome === "adopted" || outcome === "elected")
    applyEffect(ctx, decided, elected);
}

export const voteClosed = defineHandler({
  type: "vote.closed",
  schema: z.object({ motion: hexId, result: statedResultSchema }).strict(),
  apply(ctx, p) {
    const open = ownMotion(ctx, p.motion);
    if (!open.ok)
      return open.error.code === "MOTION_NOT_FOUND"
        ? open
        : fail("MOTION_NOT_OPEN", { motion: p.motion });
    const motion = open.value;
    // Of concurrent closes (or a close concurrent with a withdrawal), the first in fold order counts.
    if (motion.status !== "open")
      return fail("MOTION_NOT_OPEN", {
        motion: p.motion,
        status: motion.status,
      });
    const body = ownBody(ctx);
    if (!body.ok) return body;
    // A vote in a meeting is closed by the meeting's chair; any other by a chair of the body.
    const chair =
      motion.meeting === undefined
        ? requireChair(ctx, motion.body)
        : requireMeetingChair(ctx, motion.meeting);
    if (!chair.ok) return chair;
    const amendments = checkAmendmentsDecided(ctx, motion);
    if (!amendments.ok) return amendments;
    const rules = rulesIn(ctx, motion.body) ?? body.value.rules;
    const count = countMotion(ctx, ctx.index, motion, ctx.event.index, rules);
    if (!count.ok) return count;
    const expected = statedResultOf(count.value);
    if (!sameResult(expected, p.result))
      return fail("RESULT_MISMATCH", {
        motion: p.motion,
        stated: p.result,
        counted: expected,
      });
    decideMotion(ctx, motion, count.value, false);
    return ok(undefined);
  },
});

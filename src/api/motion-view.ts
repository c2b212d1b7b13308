/**
 * @module `GET /api/motions/:id`: the motion page — text, amendments, comments, ballots, the
 * live count, and once closed the stated result, the fold's count and the count sheet.
 */
import { z } from "zod";
import { motionSummarySchema } from "./motion-summary.js";
import { secretMotionViewSchema } from "./secret-motion-view.js";
import {
  ballotChoiceSchema,
  hexIdSchema,
  i18nTextSchema,
  namedSchema,
  statedResultSchema,
} from "./shapes.js";

const liveCountSchema = z.object({
  /** Members whose latest ballot is counted here. */
  voters: z.number().int(),
  yes: z.number().int(),
  no: z.number().int(),
  abstain: z.number().int(),
  /** For elections: first preferences (picks, approvals) per option. */
  options: z.array(z.number().int()),
});
export type LiveCount = z.infer<typeof liveCountSchema>;

const countSchema = z.number();

/** The count of a yes/no/abstain vote. */
const decisionResultSchema = z.object({
  method: z.literal("yes-no-abstain"),
  outcome: z.enum(["adopted", "rejected", "no-quorum"]),
  yes: countSchema,
  no: countSchema,
  abstain: countSchema,
  /** Ballots counted towards the quorum (yes, no and abstain). */
  present: countSchema,
  quorumRequired: countSchema,
  threshold: z.enum(["simple", "two-thirds", "absolute"]),
});

/**
 * The count of an election (voting's `ElectionResult`): the fields every method gives, the
 * rounds as the method writes them; method-specific fields (quota, ranking, pairwise, lot)
 * pass unchecked.
 */
const electionResultSchema = z.object({
  method: z.string(),
  seats: z.number().int(),
  /** Candidates, withdrawn ones included (indices run 0..candidates-1). */
  candidates: z.number().int(),
  /** Candidate indices in order of election. */
  elected: z.array(z.number().int()).readonly(),
  rounds: z.array(z.unknown()).readonly(),
  withdrawn: z.array(z.number().int()).readonly(),
  /** Total weight of the ballots counted, and of those set aside as invalid. */
  valid: countSchema,
  invalid: countSchema,
});

/** The fold's count at a motion's close (core's `MotionResult`). */
export const motionResultSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("decision"), decision: decisionResultSchema }),
  z.object({
    kind: z.literal("election"),
    election: electionResultSchema,
    eligible: countSchema,
    present: countSchema,
  }),
]);
export type MotionResult = z.infer<typeof motionResultSchema>;

export const motionViewSchema = z.object({
  id: hexIdSchema,
  body: hexIdSchema,
  bodyName: i18nTextSchema,
  bodyKind: z.string(),
  kind: z.string(),
  proposer: namedSchema,
  title: i18nTextSchema,
  text: i18nTextSchema,
  /** True when a redaction removed the title and text (both then empty); the motion stands. */
  redacted: z.boolean(),
  method: z.string(),
  options: z.array(
    z.object({ label: z.string(), member: hexIdSchema.nullable() }),
  ),
  seats: z.number().int(),
  threshold: z.string(),
  amends: motionSummarySchema.nullable(),
  subject: z.record(z.string(), z.unknown()).nullable(),
  status: z.enum(["open", "withdrawn", "decided"]),
  outcome: z
    .enum(["adopted", "rejected", "no-quorum", "elected", "no-valid-votes"])
    .nullable(),
  openedAt: z.number(),
  /** The closing time the opening carries (ms since the epoch), or null. */
  closesAt: z.number().nullable(),
  closedAt: z.number().nullable(),
  closedBy: namedSchema.nullable(),
  /** True when the close was the k-th member's word that the deadline passed, not a chair's. */
  closedByDeadline: z.boolean(),
  /**
   * For a motion with a closing time: the members (still voters) who said it passed, in the
   * order they did, and how many close it (k); null without a closing time.
   */
  deadline: z
    .object({
      closesAt: z.number(),
      attesters: z.array(namedSchema),
      needed: z.number().int(),
    })
    .nullable(),
  /** The close event. */
  close: hexIdSchema.nullable(),
  /** The meeting the motion was voted in (those present at its opening its electorate), or null. */
  meeting: hexIdSchema.nullable(),
  /** For a vote in a meeting: how many were present at its opening; else null. */
  electorate: z.number().int().nullable(),
  /** The result the close states (the fold checked it against the count). */
  stated: statedResultSchema.nullable(),
  /** The fold's count at the close (for elections, with the method's rounds). */
  result: motionResultSchema.nullable(),
  /** The ballots that counted at the close, with their weights. */
  countSheet: z
    .object({
      eligible: z.number().int(),
      eligibleWeight: z.number(),
      counted: z.array(
        z.object({
          ballot: hexIdSchema,
          voter: namedSchema,
          choice: ballotChoiceSchema,
          weight: z.number(),
        }),
      ),
    })
    .nullable(),
  amendments: z.array(motionSummarySchema),
  amendedBy: hexIdSchema.nullable(),
  /**
   * For a secret motion, the figures anyone can check (never who voted how: its ballots are
   * listed nowhere beside a member, and the count sheet names one-time keys); else null.
   */
  secret: secretMotionViewSchema.nullable(),
  live: liveCountSchema,
  /** Every ballot cast, members' earlier ones too (the event log lists them all). */
  ballotCount: z.number().int(),
  /** Each voter's latest ballot, newest first. */
  ballots: z.array(
    namedSchema.extend({
      ballot: hexIdSchema,
      choice: ballotChoiceSchema,
      time: z.number(),
    }),
  ),
  comments: z.array(
    z.object({
      id: hexIdSchema,
      member: namedSchema,
      /** The latest version's text and language (the comment's own when never edited). */
      text: z.string(),
      lang: z.string(),
      time: z.number(),
      /** When the latest version was written; null when never edited. */
      editedAt: z.number().nullable(),
      /** The earlier versions, oldest first (the comment as posted among them). */
      earlier: z.array(
        z.object({ text: z.string(), lang: z.string(), time: z.number() }),
      ),
    }),
  ),
  /** For an adopted demand: the councils above and the demand it went into on each, if any. */
  carried: z.array(
    z.object({
      council: hexIdSchema,
      councilName: i18nTextSchema,
      into: hexIdSchema.nullable(),
    }),
  ),
  /**
   * Who may vote now: members, or on a council its members and seated delegates; for a decided
   * motion, who could at its close (in the close's causal past).
   */
  eligible: z.number().int(),
  viewer: z.object({
    canVote: z.boolean(),
    canClose: z.boolean(),
    canWithdraw: z.boolean(),
    canComment: z.boolean(),
    /**
     * May remove the motion's title and text (event.redacted): its proposer, or a chair where
     * the body's rules let chairs redact; never once they are removed.
     */
    canRedact: z.boolean(),
    /**
     * May say the deadline passed (once the viewer's clock has reached `closesAt`): a voter on
     * an open timed motion who has not said so, or one who has when k have and it is still open.
     */
    canSayDeadlinePassed: z.boolean(),
    myBallot: ballotChoiceSchema.nullable(),
    /**
     * The vote is decided and the viewer could vote at its close (in its electorate then) but
     * cast no ballot: "it closed without your ballot". Never said of a secret vote, whose
     * ballots name nobody.
     */
    missed: z.boolean(),
  }),
});
export type MotionView = z.infer<typeof motionViewSchema>;

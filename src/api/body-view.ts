/**
 * @module `GET /api/bodies/:id`: the body page — its rules, members, motions, join requests,
 * delegations, calls, the audit of its claims above, and for a council the bodies below it.
 */
import { z } from "zod";
import { rulesSchema } from "../core/index.js";
import { bodySummarySchema } from "./body-summary.js";
import { joinLookalikesSchema } from "./join-lookalikes.js";
import { mandateSchema } from "./mandate-view.js";
import { motionSummarySchema } from "./motion-summary.js";
import {
  answerCountsSchema,
  answerSchema,
  ballotChoiceSchema,
  cardSchema,
  hexIdSchema,
  i18nTextSchema,
  namedSchema,
} from "./shapes.js";

const auditSchema = z.object({
  council: hexIdSchema,
  hash: hexIdSchema,
  kind: z.string(),
  effective: z.boolean(),
  superseded: z.boolean(),
  signers: z.array(hexIdSchema),
  status: z.enum(["confirmed", "mismatch", "unverifiable"]),
  problem: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});

const councilSectionSchema = z.object({
  /** The cards of the bodies below, as this council holds them. */
  children: z.array(
    z.object({
      body: hexIdSchema,
      card: cardSchema,
      seats: z.number().int(),
      attesters: z.array(hexIdSchema),
      threshold: z.number().int(),
      /** The member count its attesters last reported; null when none did. */
      members: z.number().int().nullable(),
      /** Its delegates seated here, by attestation, with the names attested. */
      delegates: z.array(namedSchema),
      mandate: mandateSchema.nullable(),
    }),
  ),
  deviations: z.array(
    z.object({
      ballot: hexIdSchema,
      delegate: namedSchema,
      body: hexIdSchema,
      motion: hexIdSchema,
      title: i18nTextSchema.nullable(),
      bound: ballotChoiceSchema,
      cast: ballotChoiceSchema,
      mandate: hexIdSchema,
      time: z.number(),
    }),
  ),
  demands: z.array(
    z.object({
      id: hexIdSchema,
      title: i18nTextSchema,
      members: z.number().int(),
      bodies: z.number().int(),
    }),
  ),
  /** Calls this council issued or that reach it, each rolled up as this council sees it. */
  calls: z.array(
    z.object({
      id: hexIdSchema,
      council: hexIdSchema,
      title: i18nTextSchema,
      kind: z.string(),
      startsAt: z.number(),
      total: answerCountsSchema,
    }),
  ),
  /**
   * Referendums this council put or that ask it, with the results its attested claims carry
   * (each body below once) and their sum: `counts` per option, in `options` order.
   */
  referendums: z.array(
    z.object({
      id: hexIdSchema,
      council: hexIdSchema,
      title: i18nTextSchema,
      options: z.array(z.string()),
      total: z.object({
        counts: z.array(z.number().int()),
        eligible: z.number().int(),
        cast: z.number().int(),
        bodies: z.number().int(),
      }),
      entries: z.array(
        z.object({
          body: hexIdSchema,
          cites: hexIdSchema,
          counts: z.array(z.number().int()),
          eligible: z.number().int(),
          cast: z.number().int(),
        }),
      ),
    }),
  ),
});

export const bodyViewSchema = bodySummarySchema.extend({
  rules: rulesSchema,
  createdAt: z.number(),
  createdBy: namedSchema,
  accountableTo: hexIdSchema.nullable(),
  chairs: z.array(namedSchema),
  memberList: z.array(namedSchema.extend({ chair: z.boolean() })),
  motions: z.array(motionSummarySchema),
  joinRequests: z.array(
    z
      .object({
        id: hexIdSchema,
        member: hexIdSchema,
        /** Empty when a redaction removed it (then `redacted`). */
        name: z.string(),
        redacted: z.boolean(),
        time: z.number(),
        needed: z.number().int(),
        endorsedBy: z.array(namedSchema),
      })
      .extend(joinLookalikesSchema.shape),
  ),
  /** The councils this body holds seats on, with its card, attesters and delegates there. */
  delegations: z.array(
    z.object({
      council: hexIdSchema,
      councilName: i18nTextSchema,
      seats: z.number().int(),
      card: cardSchema,
      attesters: z.array(hexIdSchema),
      threshold: z.number().int(),
      /** Whom the body's own closes elected and did not recall. */
      elected: z.array(namedSchema),
      /** Whom the council seated on its attesters' word. */
      seated: z.array(namedSchema),
      /** The mandate the body adopted for its delegates there. */
      mandate: mandateSchema.nullable(),
    }),
  ),
  /** Calls from councils above that reach this body, with its answers so far. */
  calls: z.array(
    z.object({
      call: hexIdSchema,
      council: hexIdSchema,
      councilName: i18nTextSchema,
      kind: z.string(),
      title: i18nTextSchema,
      startsAt: z.number(),
      answers: z.array(
        z.object({
          answer: answerSchema,
          headcount: z.number().int(),
          note: z.string().nullable(),
          time: z.number(),
        }),
      ),
    }),
  ),
  /** Every claim about this body on the councils above, checked against its own log. */
  audit: z.array(auditSchema),
  mismatches: z.number().int(),
  /** Claims the viewer, an attester of this body, has yet to help carry up. */
  pending: z.array(
    z.object({
      council: hexIdSchema,
      kind: z.string(),
      hash: hexIdSchema,
      claim: z.record(z.string(), z.unknown()),
      signers: z.array(hexIdSchema),
      signedByMe: z.boolean(),
    }),
  ),
  council: councilSectionSchema.nullable(),
  /**
   * Keys frozen here by a fork (one key signed two different events with one sequence
   * number in this body): the member each acts for, and the number from which its events
   * here do not count. Every member sees them, so a chair can help the member recover.
   */
  frozenKeys: z.array(
    namedSchema.extend({ key: hexIdSchema, fromSeq: z.number().int() }),
  ),
  /**
   * Members asking to go on with a new key after losing theirs or seeing it frozen
   * (`key.rotation-requested`), not yet endorsed by enough members: whom each request names,
   * the old key and the last of its events here that still counts, and who endorsed so far.
   * Only members see them (an outsider could learn who is in the body from the names).
   */
  rotationRequests: z.array(
    namedSchema.extend({
      request: hexIdSchema,
      oldKey: hexIdSchema,
      newKey: hexIdSchema,
      lastValidSeq: z.number().int(),
      needed: z.number().int(),
      endorsedBy: z.array(namedSchema),
    }),
  ),
  viewer: z.object({
    member: z.boolean(),
    chair: z.boolean(),
    /** Councils on which the viewer's key attests for this body. */
    attesterOn: z.array(hexIdSchema),
  }),
});
export type BodyView = z.infer<typeof bodyViewSchema>;
/** One claim about a body on a council above, checked against the body's own log. */
export type ClaimAudit = z.infer<typeof auditSchema>;
/** What a council's page shows of the bodies below it. */
export type CouncilSection = z.infer<typeof councilSectionSchema>;

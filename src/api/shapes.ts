/**
 * @module The pieces every read answer is built of, each a zod schema: the answer types are
 * inferred from them, the OpenAPI document is written from them (src/server/openapi.ts), and the tests
 * check every answer against them.
 */
import { z } from "zod";

export const hexIdSchema = z
  .string()
  .regex(/^[0-9a-f]{64}$/)
  .describe("a 32-byte id or key as 64 lower-case hex digits");

export const i18nTextSchema = z
  .record(z.string(), z.string())
  .readonly()
  .describe("text keyed by language tag (en, ur, kk, ru, …)");
export type Text = z.infer<typeof i18nTextSchema>;

/** A member as pages name them: the name the scope being shown knows them by. */
export const namedSchema = z.object({ id: hexIdSchema, name: z.string() });
export type Named = z.infer<typeof namedSchema>;

export const bodyKindSchema = z.enum(["assembly", "committee", "council"]);

/** A body's card on a council: what the council knows of a body below it (never its members). */
export const cardSchema = z.object({
  name: i18nTextSchema,
  kind: bodyKindSchema,
  setting: z.string().optional(),
  level: z.string().optional(),
});
export type Card = z.infer<typeof cardSchema>;

export const answerSchema = z.enum([
  "will-join",
  "will-not",
  "started",
  "ended",
]);
export type AnswerName = z.infer<typeof answerSchema>;

const perAnswer = z.object({
  "will-join": z.number().int(),
  "will-not": z.number().int(),
  started: z.number().int(),
  ended: z.number().int(),
});

/** Bodies, people (at member bodies only, each body once) and headcounts per answer. */
export const answerCountsSchema = z.object({
  bodies: perAnswer,
  members: perAnswer,
  headcount: perAnswer,
});
export type AnswerCounts = z.infer<typeof answerCountsSchema>;

export const ballotChoiceSchema = z.union([
  z.object({ vote: z.enum(["yes", "no", "abstain"]) }),
  z.object({ approve: z.array(z.number().int()).readonly() }),
  z.object({ pick: z.number().int() }),
  z.object({
    ranking: z.array(z.array(z.number().int()).readonly()).readonly(),
  }),
]);
export type Choice = z.infer<typeof ballotChoiceSchema>;

/** What a close states: the outcome and, for an election, who was elected. */
export const statedResultSchema = z.object({
  outcome: z.enum([
    "adopted",
    "rejected",
    "no-quorum",
    "elected",
    "no-valid-votes",
  ]),
  elected: z.array(hexIdSchema).optional(),
});
export type StatedResult = z.infer<typeof statedResultSchema>;

export const errorSchema = z.object({
  code: z.string().describe("a code of docs/errors.md"),
  message: z.string().describe("in the language asked for"),
  details: z.record(z.string(), z.unknown()),
});
export type ErrorBody = z.infer<typeof errorSchema>;

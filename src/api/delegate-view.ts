/**
 * @module `GET /api/delegates/:id`: a delegate's terms, ballots, deviations and recalls, per
 * council.
 */
import { z } from "zod";
import { mandateSchema } from "./mandate-view.js";
import {
  ballotChoiceSchema,
  cardSchema,
  hexIdSchema,
  i18nTextSchema,
} from "./shapes.js";

const recordSchema = z.object({
  council: hexIdSchema,
  councilName: i18nTextSchema,
  /** The name attested for the delegate on this council. */
  name: z.string(),
  terms: z.array(
    z.object({
      body: hexIdSchema,
      /** The electing body's card on this council. */
      card: cardSchema.nullable(),
      from: z.number(),
      until: z.number().nullable(),
      ended: z.string().nullable(),
      /** The attestation that seated them. */
      electedBy: hexIdSchema,
      /** The mandate in force for a current term, as attested. */
      mandate: mandateSchema.nullable(),
      /** True when the viewer is a member of the electing body and the term is current. */
      canRecall: z.boolean(),
      /** An open recall motion of this seat in the electing body, when the viewer reads it. */
      openRecall: hexIdSchema.nullable(),
    }),
  ),
  ballots: z.array(
    z.object({
      ballot: hexIdSchema,
      motion: hexIdSchema,
      title: i18nTextSchema.nullable(),
      choice: ballotChoiceSchema,
      time: z.number(),
      outcome: z.string().nullable(),
    }),
  ),
  deviations: z.array(
    z.object({
      ballot: hexIdSchema,
      body: hexIdSchema,
      motion: hexIdSchema,
      title: i18nTextSchema.nullable(),
      bound: ballotChoiceSchema,
      cast: ballotChoiceSchema,
      mandate: hexIdSchema,
      time: z.number(),
    }),
  ),
  /** Attestations of recalls that removed them. */
  recalls: z.array(hexIdSchema),
});

export const delegateViewSchema = z.object({
  id: hexIdSchema,
  /** One record per council the viewer reads where the member was seated. */
  councils: z.array(recordSchema),
});
export type DelegateView = z.infer<typeof delegateViewSchema>;
/** The delegate on one council. */
export type DelegateRecord = z.infer<typeof recordSchema>;

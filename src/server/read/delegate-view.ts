/**
 * @module The delegate page: a member's record as delegate on each council the viewer reads —
 * the terms they held there and for which body (by the body's card on that council), the
 * ballots they cast on its motions, their deviations from the mandates attested there, the
 * recalls that removed them — and, where the viewer is a member of the electing body, whether
 * they may start a recall and whether one runs. A member with no record on a council the
 * viewer reads is MEMBER_NOT_FOUND, as one that does not exist.
 */
import { z } from "zod";
import {
  type DelegateView as CoreDelegateView,
  delegateViews,
  pairKey,
} from "../../core/index.js";
import type { Hub } from "../hub.js";
import { HubError } from "../hub-error.js";
import { mandateSchema, mandateView } from "./mandate-view.js";
import {
  ballotChoiceSchema,
  cardSchema,
  hexIdSchema,
  i18nTextSchema,
} from "./shapes.js";
import { canRead, type Viewer } from "./viewer.js";

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

/** A delegate's records, on the councils the viewer reads (narrowed to one with `council`). */
export function delegateView(
  hub: Hub,
  viewer: Viewer,
  member: string,
  council: string | null,
): DelegateView {
  const state = hub.replica.fold.state;
  const records = hub
    .memo("delegates", () => delegateViews(state))
    .filter(
      (d: CoreDelegateView) =>
        d.member === member &&
        canRead(viewer, d.council) &&
        (council === null || d.council === council),
    );
  if (records.length === 0) throw new HubError("MEMBER_NOT_FOUND", { member });
  const mine = viewer.takesPart;
  return {
    id: member,
    councils: records.map((d) => ({
      council: d.council,
      councilName: state.bodies.get(d.council)?.name ?? {},
      name: d.name,
      terms: d.terms.map((t) => {
        const current = t.until === null;
        const mandate = current
          ? state.mandates.get(pairKey(d.council, t.body))
          : undefined;
        const recall = canRead(viewer, t.body)
          ? [...state.motions.values()].find(
              (m) =>
                m.body === t.body &&
                m.status === "open" &&
                m.subject?.kind === "recall" &&
                "council" in m.subject &&
                m.subject.council === d.council &&
                m.subject.member === member,
            )
          : undefined;
        return {
          body: t.body,
          card: state.links.get(pairKey(d.council, t.body))?.card ?? null,
          from: t.from,
          until: t.until,
          ended: t.ended,
          electedBy: t.electedBy,
          mandate: mandate ? mandateView(hub, viewer, mandate) : null,
          canRecall: current && mine.has(t.body),
          openRecall: recall?.id ?? null,
        };
      }),
      ballots: d.ballots
        .map((b) => {
          const m = state.motions.get(b.motion);
          return {
            ballot: b.id,
            motion: b.motion,
            title: m?.title ?? null,
            choice: b.choice,
            time: b.time,
            outcome: m?.outcome ?? null,
          };
        })
        .sort((a, b) => b.time - a.time),
      deviations: d.deviations.map((x) => ({
        ballot: x.ballot,
        body: x.body,
        motion: x.motion,
        title: state.motions.get(x.motion)?.title ?? null,
        bound: x.bound,
        cast: x.cast,
        mandate: x.mandate,
        time: x.time,
      })),
      recalls: [...d.recalls],
    })),
  };
}

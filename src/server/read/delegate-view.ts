/**
 * @module The delegate page: the seats a member holds (and held) on councils, the mandate
 * each electing body gave, every ballot cast on a council, the ballots that deviated from a
 * mandate, recalls — and whether the viewer may start a recall (a member of an electing body).
 * Shown to whoever reads one of the bodies or councils involved; terms elsewhere are left out.
 */
import type {
  BallotChoice,
  DeviationRecord,
  I18nText,
  SeatTerm,
} from "../../core/index.js";
import type { Hub } from "../hub.js";
import { HubError } from "../hub-error.js";
import type { Named } from "./body-summary.js";
import { named } from "./body-summary.js";
import type { Viewer } from "./viewer.js";

export interface DelegateView extends Named {
  readonly terms: readonly (SeatTerm & {
    readonly councilName: I18nText;
    readonly bodyName: I18nText;
    /** The mandate in force for this seat (current terms only). */
    readonly mandate: {
      readonly motion: string;
      readonly instructions: I18nText;
      readonly positions: readonly {
        readonly motion: string;
        readonly title: I18nText | null;
        readonly choice: BallotChoice;
      }[];
    } | null;
    /** True when the viewer may open a recall of this seat (a member of the electing body). */
    readonly canRecall: boolean;
    /** An open recall motion of this seat, if one runs. */
    readonly openRecall: string | null;
  })[];
  readonly ballots: readonly {
    readonly ballot: string;
    readonly motion: string;
    readonly title: I18nText | null;
    readonly council: string;
    readonly choice: BallotChoice;
    readonly time: number;
    readonly outcome: string | null;
  }[];
  readonly deviations: readonly (DeviationRecord & {
    readonly title: I18nText | null;
  })[];
  readonly recalls: readonly string[];
}

/** A delegate's record as the viewer may see it. */
export function delegateView(
  hub: Hub,
  viewer: Viewer,
  member: string,
): DelegateView {
  const state = hub.replica.fold.state;
  const record = state.delegates.get(member);
  if (record === undefined) throw new HubError("MEMBER_NOT_FOUND", { member });
  const visible = (t: SeatTerm) =>
    viewer.reads.has(t.body) || viewer.reads.has(t.council);
  const terms = record.terms.filter(visible);
  if (terms.length === 0)
    throw new HubError(
      viewer.key === null ? "AUTH_REQUIRED" : "READ_NOT_ALLOWED",
      { member },
    );
  const councils = new Set(terms.map((t) => t.council));
  const ballots: DelegateView["ballots"][number][] = [];
  for (const m of state.motions.values()) {
    if (!councils.has(m.body)) continue;
    for (const b of state.ballots.get(m.id))
      if (b.member === member)
        ballots.push({
          ballot: b.id,
          motion: m.id,
          title: m.title,
          council: m.body,
          choice: b.choice,
          time: b.time,
          outcome: m.outcome,
        });
  }
  ballots.sort((a, b) => b.time - a.time);
  const deviations: DelegateView["deviations"][number][] = [];
  for (const [, list] of state.deviations.entries())
    for (const d of list)
      if (d.delegate === member && councils.has(d.council))
        deviations.push({
          ...d,
          title: state.motions.get(d.motion)?.title ?? null,
        });
  const openRecalls = [...state.motions.values()].filter(
    (m) =>
      m.kind === "recall" &&
      m.status === "open" &&
      m.subject?.kind === "recall" &&
      m.subject.member === member,
  );
  return {
    ...named(state, member),
    terms: terms.map((t) => {
      const mandate =
        t.until === null
          ? state.mandates.get(`${t.council} ${t.body}`)
          : undefined;
      const recall = openRecalls.find(
        (m) =>
          m.body === t.body &&
          m.subject?.kind === "recall" &&
          m.subject.council === t.council,
      );
      return {
        ...t,
        councilName: state.bodies.get(t.council)?.name ?? {},
        bodyName: state.bodies.get(t.body)?.name ?? {},
        mandate: mandate
          ? {
              motion: mandate.motion,
              instructions: mandate.instructions,
              positions: mandate.positions.map((p) => ({
                motion: p.motion,
                title: state.motions.get(p.motion)?.title ?? null,
                choice: p.choice,
              })),
            }
          : null,
        canRecall:
          t.until === null &&
          viewer.member !== null &&
          hub.index().takesPart(t.body, viewer.member),
        openRecall: recall?.id ?? null,
      };
    }),
    ballots,
    deviations,
    recalls: record.recalls,
  };
}

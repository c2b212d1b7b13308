/**
 * @module The delegate page: a member's record as delegate on each council the viewer reads —
 * the terms they held there and for which body (by the body's card on that council), the
 * ballots they cast on its motions, their deviations from the mandates attested there, the
 * recalls that removed them — and, where the viewer is a member of the electing body, whether
 * they may start a recall and whether one runs. A member with no record on a council the
 * viewer reads is MEMBER_NOT_FOUND, as one that does not exist.
 */
import type { DelegateView } from "../../api/index.js";
import {
  type DelegateView as CoreDelegateView,
  delegateViews,
  pairKey,
} from "../../core/index.js";
import type { Hub } from "../hub.js";
import { HubError } from "../hub-error.js";
import { mandateView } from "./mandate-view.js";
import { canRead, type Viewer } from "./viewer.js";

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

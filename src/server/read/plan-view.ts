/**
 * @module A body's planning rounds for `GET /api/bodies/:id/plan`, from core's `planViews`, for
 * a body the viewer reads (any other is BODY_NOT_FOUND, exactly as one that does not exist,
 * as for `/api/bodies/:id`). A council's view holds what its children's attesters carried up,
 * named by the council's card of each — never the workplaces below them. Beside them, the plan
 * in force (the variant the body's last plan motion adopted) with its figures, and for each
 * period where anything was reported made, the progress against it (core's planMonitor, as
 * `kenges plan monitor --body` reckons it).
 */
import type {
  PlanInForceView,
  PlanMonitorView,
  PlanPeriod,
  PlanViewAnswer,
} from "../../api/index.js";
import {
  type FoldEngine,
  isChairIn,
  type NeedDeclaration,
  type PlanInForce,
  type ProcessDeclaration,
  pairKey,
  planInForce,
  planMonitor,
  planViews,
} from "../../core/index.js";
import type { Hub } from "../hub.js";
import { HubError } from "../hub-error.js";
import { nameIn } from "./body-summary.js";
import { figuresOf } from "./plan-figures-view.js";
import { canRead, presentView, type Viewer } from "./viewer.js";

export function planView(hub: Hub, viewer: Viewer, id: string): PlanViewAnswer {
  const fold = hub.replica.fold;
  const state = fold.state;
  const body = state.bodies.get(id);
  if (body === undefined || !canRead(viewer, id))
    throw new HubError("BODY_NOT_FOUND", { body: id });
  const view = presentView(fold, viewer);
  const chair = [...viewer.members].some((m) => isChairIn(view, id, m));
  const by = (d: ProcessDeclaration | NeedDeclaration) => ({
    event: d.event,
    by: nameIn(state, id, d.by),
    time: d.time,
  });
  const periods = planViews(state, { body: id }).map(
    (v): PlanPeriod => ({
      period: v.period,
      // "0" withdraws a declaration: it stays in the fold as the latest, but is not in force.
      processes: v.processes
        .filter((p) => p.capacity !== "0")
        .map((p) => ({
          name: p.name,
          region: p.region,
          outputs: p.outputs,
          inputs: p.inputs,
          labour: p.labour,
          capacity: p.capacity,
          ...by(p),
        })),
      needs: v.needs
        .filter((n) => n.quantity !== "0")
        .map((n) => ({
          product: n.product,
          tier: n.tier,
          region: n.region,
          quantity: n.quantity,
          ...by(n),
        })),
      totals: v.totals,
      labour: [...v.labour],
      round: v.round,
      children: v.children.map((c) => ({
        body: c.body,
        name: state.links.get(pairKey(id, c.body))?.card.name ?? {},
        claim: c.claim,
        totals: c.totals,
      })),
      limits:
        v.limits === null
          ? null
          : {
              motion: v.limits.motion,
              adoptedAt: v.limits.adoptedAt,
              labour: v.limits.labour,
              resources: v.limits.resources,
              imports: v.limits.imports,
            },
      monitor:
        (v.totals.actual ?? []).length > 0
          ? monitorOf(fold, id, v.period)
          : null,
      inForce: inForceView(planInForce(state, id, v.period)),
    }),
  );
  return {
    body: id,
    kind: body.kind,
    workplace: body.kind === "assembly" && body.setting === "workplace",
    chair,
    periods,
    inForce: inForceView(planInForce(state, id)),
  };
}

/** A plan in force as the view carries it, with its figures. */
function inForceView(adopted: PlanInForce | null): PlanInForceView | null {
  return adopted === null
    ? null
    : {
        motion: adopted.motion,
        label: adopted.variant.label,
        index: adopted.index,
        labels: [...adopted.labels],
        period: adopted.period,
        adoptedAt: adopted.adoptedAt,
        figures: figuresOf(adopted.variant),
      };
}

/** A float the view can carry: JSON has no infinity (made where nothing was due). */
const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** The body's progress against the plan in force for the period, or null when there is none. */
function monitorOf(
  fold: FoldEngine,
  body: string,
  period: string,
): PlanMonitorView | null {
  const m = planMonitor(fold, body, period);
  if (!m.ok) return null;
  const { plan, progress, regions } = m.value;
  const row = (p: (typeof progress.processes)[number]) => ({
    name: p.name,
    product: p.main.product,
    region: regions.get(p.name) ?? "",
    planned: p.main.planned,
    due: p.main.expected,
  });
  return {
    council: plan.council,
    motion: plan.motion,
    label: plan.label,
    elapsed: progress.elapsed,
    threshold: progress.threshold,
    processes: progress.processes.flatMap((p) =>
      p.actual === null
        ? []
        : [
            {
              ...row(p),
              reported: p.main.actual ?? 0,
              deviation: p.main.expected === 0 ? null : finite(p.deviation),
              exception:
                p.exception === "under" || p.exception === "over"
                  ? p.exception
                  : null,
            },
          ],
    ),
    silent: progress.processes.filter((p) => p.exception === "silent").map(row),
  };
}

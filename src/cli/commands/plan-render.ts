/**
 * @module An optimised plan as text for a council, in the reader's language: how far each tier
 * is met, the needs not met in full and what holds them back, and what one more hour, run or
 * unit of something would add (the shadow prices, in percentage points of a tier's guarantee).
 */
import type {
  HoldingConstraint,
  Plan,
  PlanModel,
  ShadowPrices,
} from "../../planning/index.js";
import { table } from "../render.js";
import { say, term } from "../words.js";

/** A quantity as a council reads it: whole above a thousand, six significant digits below. */
export const amount = (v: number) =>
  Math.abs(v) >= 1000 ? v.toFixed(0) : Number(v.toPrecision(6)).toString();
export const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
/** A shadow price as percentage points, signed: "+1.25". */
const points = (v: number) => `+${(v * 100).toPrecision(3)}`;

/** Shadow prices by tier, in percentage points: "basic +1.25, standard +0.300". */
export function prices(lang: string, p: ShadowPrices): string {
  return Object.entries(p)
    .map(([tier, v]) => `${term(lang, "plan-tier", tier)} ${points(v!)}`)
    .join(", ");
}

/** What holds a need back, in the reader's words (with its price when it has one). */
export function holding(lang: string, h: HoldingConstraint): string {
  const at = h.price > 0 ? ` (${points(h.price)})` : "";
  switch (h.kind) {
    case "labour":
      return say(lang, "plan.solve.held.labour", { skill: h.skill }) + at;
    case "capacity":
      return say(lang, "plan.solve.held.capacity", { process: h.process }) + at;
    case "resource":
      return say(lang, "plan.solve.held.resource", { product: h.product }) + at;
    case "import":
      return say(lang, "plan.solve.held.import", { product: h.product }) + at;
    case "tier":
      return say(lang, "plan.solve.held.tier", {
        tier: term(lang, "plan-tier", h.tier),
      });
    case "guarantee":
      return say(lang, "plan.solve.held.guarantee", {
        tier: term(lang, "plan-tier", h.tier),
      });
    case "no-source":
      return say(lang, "plan.solve.held.no-source", { product: h.product });
  }
}

/** The plan as text. */
export function renderPlan(
  file: string,
  model: PlanModel,
  plan: Plan,
  lang: string,
): string {
  const column = (key: string) => say(lang, `plan.solve.column.${key}`);
  const out = [
    say(lang, "plan.solve.title", {
      file,
      products: model.products.length,
      processes: model.processes.length,
      needs: model.needs.length,
      stages: plan.stages,
      hours: amount(plan.totalHours),
    }),
    "",
    say(lang, "plan.solve.tiers"),
    table([
      ["tier", "needs", "guarantee", "mean-share"].map(column),
      ...plan.tiers.map((t) => [
        term(lang, "plan-tier", t.tier),
        String(t.needs),
        percent(t.guarantee),
        percent(t.meanShare),
      ]),
    ]),
    "",
  ];
  const unmet = plan.needs.filter((n) => n.share < 1 - 1e-6);
  if (unmet.length === 0) out.push(say(lang, "plan.solve.all-met"));
  else
    out.push(
      say(lang, "plan.solve.unmet"),
      table([
        [
          "product",
          "region",
          "tier",
          "needed",
          "met",
          "share",
          "held-back",
        ].map(column),
        ...unmet.map((n) => [
          n.product,
          n.region,
          term(lang, "plan-tier", n.tier),
          amount(n.quantity),
          amount(n.met),
          percent(n.share),
          n.heldBackBy.map((h) => holding(lang, h)).join("; "),
        ]),
      ]),
    );
  if (plan.labour.length > 0)
    out.push(
      "",
      say(lang, "plan.solve.labour"),
      table([
        ["skill", "used", "available", "adds"].map(column),
        ...plan.labour.map((l) => [
          l.skill,
          amount(l.used),
          amount(l.available),
          prices(lang, l.shadowPrices),
        ]),
      ]),
    );
  const binding = plan.processes.filter(
    (p) => Object.keys(p.shadowPrices).length > 0,
  );
  if (binding.length > 0)
    out.push(
      "",
      say(lang, "plan.solve.capacities"),
      table([
        ["process", "runs", "capacity", "adds"].map(column),
        ...binding.map((p) => [
          p.name,
          amount(p.runs),
          amount(p.capacity ?? 0),
          prices(lang, p.shadowPrices),
        ]),
      ]),
    );
  const scarce = plan.products.flatMap((p) => [
    ...(Object.keys(p.resourceShadowPrices).length > 0
      ? [
          [
            p.name,
            term(lang, "plan-limit", "resource"),
            prices(lang, p.resourceShadowPrices),
          ],
        ]
      : []),
    ...(Object.keys(p.importShadowPrices).length > 0
      ? [
          [
            p.name,
            term(lang, "plan-limit", "import"),
            prices(lang, p.importShadowPrices),
          ],
        ]
      : []),
  ]);
  if (scarce.length > 0)
    out.push(
      "",
      say(lang, "plan.solve.resources"),
      table([["product", "limit", "adds"].map(column), ...scarce]),
    );
  out.push(
    "",
    say(lang, "plan.solve.processes"),
    table([
      ["process", "runs", "capacity"].map(column),
      ...plan.processes.map((p) => [
        p.name,
        amount(p.runs),
        p.capacity === null ? "—" : amount(p.capacity),
      ]),
    ]),
  );
  return out.join("\n");
}

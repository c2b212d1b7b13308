/**
 * @module A plan in force against what workplaces report, as text for a council: the exceptions
 * first (processes and products off plan beyond the threshold, workplaces that reported nothing),
 * then the needs put at risk and by what.
 */
import type { PlanProgress } from "../../planning/index.js";
import { table } from "../render.js";
import { say, term } from "../words.js";
import { amount, percent } from "./plan-render.js";

/** A deviation as a signed percentage: "−20.0 %", "+5.0 %". */
const signed = (v: number) =>
  Number.isFinite(v) ? `${v < 0 ? "−" : "+"}${percent(Math.abs(v))}` : "+∞";

export function renderProgress(progress: PlanProgress, lang: string): string {
  const column = (key: string) => say(lang, `plan.monitor.column.${key}`);
  const off = progress.processes.filter((p) => p.exception !== null);
  const products = progress.products.filter((p) => p.exception !== null);
  const out = [
    say(lang, "plan.monitor.title", {
      elapsed: percent(progress.elapsed),
      threshold: percent(progress.threshold),
    }),
  ];
  if (off.length === 0 && products.length === 0)
    out.push(say(lang, "plan.monitor.on-plan"));
  if (off.length > 0)
    out.push(
      "",
      say(lang, "plan.monitor.processes"),
      table([
        ["process", "planned", "due", "reported", "off", "exception"].map(
          column,
        ),
        ...off.map((p) => [
          p.name,
          amount(p.planned),
          amount(p.expected),
          p.actual === null ? "—" : amount(p.actual),
          p.actual === null ? "—" : signed(p.deviation),
          term(lang, "plan-exception", p.exception!),
        ]),
      ]),
    );
  if (products.length > 0)
    out.push(
      "",
      say(lang, "plan.monitor.products"),
      table([
        ["product", "due", "made", "off"].map(column),
        ...products.map((p) => [
          p.name,
          amount(p.expected),
          amount(p.actual),
          signed(p.deviation),
        ]),
      ]),
    );
  if (progress.needsAtRisk.length > 0)
    out.push(
      "",
      say(lang, "plan.monitor.at-risk"),
      table([
        ["product", "region", "tier", "because"].map(column),
        ...progress.needsAtRisk.map((n) => [
          n.product,
          n.region,
          term(lang, "plan-tier", n.tier),
          n.because.join(", "),
        ]),
      ]),
    );
  return out.join("\n");
}

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

/** A body's plan from events: whose, for which period, and the variant in force. */
export interface ProgressOf {
  readonly body: string;
  readonly period: string;
  readonly variant: string;
}

/**
 * The progress as text. Of a body (`of`), in each process's main product rather than runs, the
 * exceptions apart from what reported nothing; from files, as the file monitor always showed it.
 */
export function renderProgress(
  progress: PlanProgress,
  lang: string,
  of?: ProgressOf,
): string {
  const column = (key: string) => say(lang, `plan.monitor.column.${key}`);
  const off = progress.processes.filter((p) => p.exception !== null);
  const products = progress.products.filter((p) => p.exception !== null);
  const out = [
    of === undefined
      ? say(lang, "plan.monitor.title", {
          elapsed: percent(progress.elapsed),
          threshold: percent(progress.threshold),
        })
      : say(lang, "plan.monitor.body-title", {
          ...of,
          elapsed: percent(progress.elapsed),
          threshold: percent(progress.threshold),
        }),
  ];
  if (off.length === 0 && products.length === 0)
    out.push(say(lang, "plan.monitor.on-plan"));
  if (of !== undefined) out.push(...byOutput(progress, lang));
  else if (off.length > 0)
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

/** Each process in its main product: those off plan, then those with no report, apart. */
function byOutput(progress: PlanProgress, lang: string): string[] {
  const column = (key: string) => say(lang, `plan.monitor.column.${key}`);
  const out: string[] = [];
  const off = progress.processes.filter(
    (p) => p.exception === "under" || p.exception === "over",
  );
  const silent = progress.processes.filter((p) => p.exception === "silent");
  if (off.length > 0)
    out.push(
      "",
      say(lang, "plan.monitor.off-plan"),
      table([
        [
          "process",
          "product",
          "planned",
          "due",
          "reported",
          "off",
          "exception",
        ].map(column),
        ...off.map((p) => [
          p.name,
          p.main.product,
          amount(p.main.planned),
          amount(p.main.expected),
          amount(p.main.actual ?? 0),
          signed(p.deviation),
          term(lang, "plan-exception", p.exception!),
        ]),
      ]),
    );
  if (silent.length > 0)
    out.push(
      "",
      say(lang, "plan.monitor.silent"),
      table([
        ["process", "product", "planned", "due"].map(column),
        ...silent.map((p) => [
          p.name,
          p.main.product,
          amount(p.main.planned),
          amount(p.main.expected),
        ]),
      ]),
    );
  return out;
}

/**
 * @module A planning round as text for the councils and assemblies revising their declarations:
 * whether the plan balances, how far each tier is met, where revisions would do most (what is
 * short, what is spare, what one more unit is worth) and, after several rounds, the trajectory.
 */
import {
  type RoundReport,
  revisionsWanted,
  trajectory,
} from "../../planning/index.js";
import { table } from "../render.js";
import { say, term } from "../words.js";
import { amount, percent, prices } from "./plan-render.js";

/** Products shown in the trajectory: at most this many, of those some round found short or priced. */
const TRAJECTORY_PRODUCTS = 12;

/** The round `report`, after `history` (which ends with it), as text. */
export function renderRound(
  file: string,
  report: RoundReport,
  history: readonly RoundReport[],
  lang: string,
): string {
  const column = (key: string) => say(lang, `plan.round.column.${key}`);
  const wanted = revisionsWanted(report);
  const out = [
    say(lang, "plan.round.title", {
      round: report.round,
      file,
      hours: amount(report.hours),
    }),
    report.balanced
      ? say(lang, "plan.round.balanced")
      : say(lang, "plan.round.not-balanced", { products: wanted.length }),
    "",
    table([
      ["tier", "guarantee", "mean-share"].map(column),
      ...report.tiers.map((t) => [
        term(lang, "plan-tier", t.tier),
        percent(t.guarantee),
        percent(t.meanShare),
      ]),
    ]),
  ];
  if (wanted.length > 0)
    out.push(
      "",
      say(lang, "plan.round.revisions"),
      table([
        ["product", "needed", "short", "surplus", "spare-capacity", "adds"].map(
          column,
        ),
        ...wanted.map((p) => [
          p.name,
          amount(p.needed),
          amount(p.short),
          amount(p.surplus),
          amount(p.spareCapacity),
          prices(lang, p.prices),
        ]),
      ]),
    );
  if (history.length > 1) {
    const path = trajectory(history);
    const rounds = path.rounds.map((r) =>
      say(lang, "plan.round.column.round", { round: r }),
    );
    // The products some round found short or priced, the largest shortfalls first.
    const worst = (p: (typeof path.products)[number]) => Math.max(...p.short);
    const shown = new Set(
      path.products
        .filter((p) => worst(p) > 0 || p.price.some((v) => v > 0))
        .sort((a, b) => worst(b) - worst(a))
        .slice(0, TRAJECTORY_PRODUCTS)
        .map((p) => p.name),
    );
    out.push(
      "",
      say(lang, "plan.round.trajectory"),
      table([
        ["", ...rounds],
        ...Object.entries(path.tiers).map(([tier, g]) => [
          say(lang, "plan.round.guarantee-of", {
            tier: term(lang, "plan-tier", tier),
          }),
          ...g!.map(percent),
        ]),
        ...path.products
          .filter((p) => shown.has(p.name))
          .map((p) => [
            say(lang, "plan.round.short-of", { product: p.name }),
            ...p.short.map(amount),
          ]),
      ]),
    );
  }
  return out.join("\n");
}

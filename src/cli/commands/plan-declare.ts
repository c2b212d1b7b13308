/**
 * @module `kenges plan declare process|need …` and `kenges plan show`: a body's chair declares
 * a process or a need for a planning period (signed in the body's scope; a declaration of the
 * same process, or product, tier and region, revises it), and the planning rounds this replica
 * holds are shown — a body's declarations, and a council's totals as its bodies attested them.
 */
import {
  PLAN_TIERS,
  type PlanTotals,
  type PlanView,
  planViews,
} from "../../core/index.js";
import type { ParsedArgs } from "../args.js";
import { CliError } from "../cli-error.js";
import { type CommandIo, stringFlag } from "../command.js";
import { choiceFlag, requireFlag } from "../flags.js";
import { bodyName } from "../names.js";
import { resolveId } from "../resolve.js";
import { type Session, withSession } from "../session.js";
import { say, term } from "../words.js";

/**
 * `name=quantity` pairs of a repeatable flag (`--output bread=2.5 --output bran=0.25`). The
 * quantities travel as written: the fold refuses one that is not canonical fixed-point text
 * (PLAN_DECLARATION_INVALID, naming the field).
 */
export function pairsFlag(
  args: ParsedArgs,
  flag: string,
  key: "product" | "skill",
  value: "quantity" | "hours",
): Record<string, string>[] {
  const given = stringFlag(args, flag);
  if (given === undefined) return [];
  return given.split(",").map((pair) => {
    const eq = pair.indexOf("=");
    if (eq <= 0 || eq === pair.length - 1)
      throw new CliError("FLAG_INVALID", { flag, value: pair });
    return {
      [key]: pair.slice(0, eq).trim(),
      [value]: pair.slice(eq + 1).trim(),
    };
  });
}

/** `kenges plan declare process|need --body <body> --period <period> …` */
export function declare(args: ParsedArgs, io: CommandIo): Promise<number> {
  const what = args.positionals[1];
  if (what !== "process" && what !== "need")
    throw new CliError("USAGE", { command: "plan declare", verb: what ?? "" });
  return withSession(args, io, async (s) => {
    const body = resolveId(s.replica, "body", requireFlag(args, "body"));
    const period = requireFlag(args, "period");
    const region = requireFlag(args, "region");
    const payload =
      what === "process"
        ? {
            period,
            name: requireFlag(args, "name"),
            region,
            outputs: pairsFlag(args, "output", "product", "quantity"),
            inputs: pairsFlag(args, "input", "product", "quantity"),
            labour: pairsFlag(args, "labour", "skill", "hours"),
            capacity: requireFlag(args, "capacity"),
          }
        : {
            period,
            product: requireFlag(args, "product"),
            tier: choiceFlag(args, "tier", PLAN_TIERS) ?? "basic",
            region,
            quantity: requireFlag(args, "quantity"),
          };
    const e = await s.act(body, `plan.${what}-declared`, payload);
    s.print({ event: e.id, body, ...payload }, () =>
      say(s.lang, `plan.declared.${what}`, {
        ...payload,
        tier:
          "tier" in payload
            ? term(s.lang, "plan-tier", payload.tier ?? "")
            : "",
        body: bodyName(s.replica.fold.state, body, s.lang),
        id: e.id,
      }),
    );
    return 0;
  });
}

/**
 * `kenges plan report --body <workplace> --period <period> --name <process> --output <made>
 * --elapsed <share>`: what a declared process made so far of its main product, and the share
 * of the period gone (a later report of the process replaces it).
 */
export function report(args: ParsedArgs, io: CommandIo): Promise<number> {
  return withSession(args, io, async (s) => {
    const body = resolveId(s.replica, "body", requireFlag(args, "body"));
    const payload = {
      period: requireFlag(args, "period"),
      name: requireFlag(args, "name"),
      output: requireFlag(args, "output"),
      elapsed: requireFlag(args, "elapsed"),
    };
    const e = await s.act(body, "plan.actual-reported", payload);
    s.print({ event: e.id, body, ...payload }, () =>
      say(s.lang, "plan.reported", {
        ...payload,
        body: bodyName(s.replica.fold.state, body, s.lang),
        id: e.id,
      }),
    );
    return 0;
  });
}

/** `kenges plan show [--body <body>] [--period <period>] [--json]` */
export function show(args: ParsedArgs, io: CommandIo): Promise<number> {
  return withSession(args, io, async (s) => {
    const named = stringFlag(args, "body");
    const views = planViews(s.replica.fold.state, {
      ...(named === undefined
        ? {}
        : { body: resolveId(s.replica, "body", named) }),
      ...(stringFlag(args, "period") === undefined
        ? {}
        : { period: stringFlag(args, "period")! }),
    });
    s.print({ rounds: views }, () =>
      views.length === 0
        ? say(s.lang, "plan.show.none")
        : views.map((v) => renderView(s, v)).join("\n\n"),
    );
    return 0;
  });
}

const list = (
  rows: readonly Record<string, string>[],
  key: string,
  value: string,
) =>
  rows.length === 0 ? "—" : rows.map((r) => `${r[key]} ${r[value]}`).join(", ");

function renderTotals(s: Session, totals: PlanTotals): string[] {
  return [
    ...totals.needs.map((n) =>
      say(s.lang, "plan.show.need", {
        ...n,
        tier: term(s.lang, "plan-tier", n.tier),
      }),
    ),
    ...totals.supply.map((x) =>
      say(s.lang, "plan.show.supply", {
        product: x.product,
        region: x.region,
        capacity: x.capacity,
        coproducts: list(x.coproducts, "product", "quantity"),
        inputs: list(x.inputs, "product", "quantity"),
        labour: list(x.labour, "skill", "hours"),
      }),
    ),
    ...(totals.actual ?? []).map((a) => say(s.lang, "plan.show.actual", a)),
  ];
}

function renderView(s: Session, v: PlanView): string {
  const st = s.replica.fold.state;
  const lines = [
    say(s.lang, "plan.show.heading", {
      body: bodyName(st, v.body, s.lang),
      period: v.period,
    }),
  ];
  if (v.processes.length > 0) {
    lines.push(say(s.lang, "plan.show.processes"));
    for (const p of v.processes)
      lines.push(
        say(s.lang, "plan.show.process", {
          name: p.name,
          region: p.region,
          capacity: p.capacity,
          outputs: list(p.outputs, "product", "quantity"),
          inputs: list(p.inputs, "product", "quantity"),
          labour: list(p.labour, "skill", "hours"),
        }),
      );
  }
  if (v.needs.length > 0) {
    lines.push(say(s.lang, "plan.show.needs"));
    for (const n of v.needs)
      lines.push(
        say(s.lang, "plan.show.need", {
          ...n,
          tier: term(s.lang, "plan-tier", n.tier),
        }),
      );
  }
  lines.push(
    say(s.lang, "plan.show.totals", {
      children:
        v.children
          .map((c) => bodyName(st, c.body, s.lang, v.body))
          .join(", ") || "—",
    }),
    ...renderTotals(s, v.totals),
    say(s.lang, "plan.show.labour", {
      labour: list(v.labour, "skill", "hours"),
    }),
  );
  if (v.limits !== null)
    lines.push(
      say(s.lang, "plan.show.limits", {
        labour: list(v.limits.labour, "skill", "hours"),
        resources: list(v.limits.resources, "product", "quantity"),
        imports: list(v.limits.imports, "product", "quantity"),
      }),
    );
  return lines.join("\n");
}

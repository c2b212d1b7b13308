/**
 * @module `kenges plan variants | propose | adopted` (#15): variants of a plan side by side,
 * put to a council's ranked vote as a plan motion whose variants carry their solutions and
 * certificates, and the plan the vote adopted. (`kenges plan show` is for declarations.)
 */
import {
  checkPlanVariants,
  MAX_EVENT_BYTES,
  planInForce,
  planMotionPayload,
} from "../../core/index.js";
import { encodeCanonical } from "../../crypto/index.js";
import {
  checkCarriedPlan,
  highsSolver,
  planVariants,
  readPlanModel,
  readPlanVariants,
  type VariantSummary,
} from "../../planning/index.js";
import type { ParsedArgs } from "../args.js";
import { CliError } from "../cli-error.js";
import { type CommandIo, stringFlag } from "../command.js";
import { requireFlag, textFlags } from "../flags.js";
import {
  details,
  langOf,
  readJsonFile,
  solveFailure,
  timeLimitOf,
} from "../plan-files.js";
import { short, table } from "../render.js";
import { resolveId } from "../resolve.js";
import { domainError, withSession } from "../session.js";
import { say, term } from "../words.js";
import { councilModel } from "./plan-council.js";
import { holding } from "./plan-render.js";

export const PLAN_VOTE_USAGE = `kenges plan variants <model.json> <variants.json> [--json] [--time-limit S]     2–5 variants (other limits or floors) solved side by side; --json also carries each solution, the input of propose
  kenges plan variants --body <council> --period <period> <variants.json> [--json] [--time-limit S]     the same on the council's attested totals under its limits
  kenges plan propose <variants-solved.json> --body <council> [--period <period>] --title <title> --text <text> [--method schulze|irv|ranked-pairs]     put the solved variants to the body's ranked vote (a plan motion for the period: the one they were solved for with --body, else --period)
  kenges plan adopted --body <body> [--period <period>] [--json]     the plan in force (for the period): the variant the body's last plan motion adopted`;

/**
 * Room left in an event for the envelope, the title and the text beside the variants: an
 * envelope is under 2 KiB with 16 deps; the words are the proposer's and are measured too.
 */
const ENVELOPE_ROOM = 2048;

const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
const hours = (v: number) =>
  Math.abs(v) >= 1000 ? v.toFixed(0) : Number(v.toPrecision(6)).toString();

/** The variants as one table: a row per figure, a column per variant. */
export function renderVariants(
  summaries: readonly VariantSummary[],
  lang: string,
): string {
  const tierName = (t: string) => term(lang, "plan-tier", t);
  const rows: string[][] = [["", ...summaries.map((s) => s.label)]];
  const tiers = summaries[0]?.tiers.map((t) => t.tier) ?? [];
  for (const [i, tier] of tiers.entries()) {
    rows.push([
      say(lang, "plan.variants.guarantee", { tier: tierName(tier) }),
      ...summaries.map((s) => percent(s.tiers[i]?.guarantee ?? 0)),
    ]);
    rows.push([
      say(lang, "plan.variants.mean-share", { tier: tierName(tier) }),
      ...summaries.map((s) => percent(s.tiers[i]?.meanShare ?? 0)),
    ]);
  }
  for (const [i, r] of (summaries[0]?.regions ?? []).entries())
    rows.push([
      say(lang, "plan.variants.region", {
        tier: tierName(r.tier),
        region:
          r.region === "" ? say(lang, "plan.variants.everywhere") : r.region,
      }),
      ...summaries.map((s) => percent(s.regions[i]?.share ?? 0)),
    ]);
  for (const [i, l] of (summaries[0]?.labour ?? []).entries())
    rows.push([
      say(lang, "plan.variants.labour", { skill: l.skill }),
      ...summaries.map((s) => {
        const x = s.labour[i];
        return x === undefined
          ? ""
          : `${hours(x.used)} / ${hours(x.available)}`;
      }),
    ]);
  rows.push([
    say(lang, "plan.variants.hours"),
    ...summaries.map((s) => hours(s.totalHours)),
  ]);
  rows.push([
    say(lang, "plan.variants.bottlenecks"),
    ...summaries.map((s) =>
      s.bottlenecks.length === 0
        ? "—"
        : s.bottlenecks
            .slice(0, 3)
            .map((b) => `${holding(lang, b.constraint)} (${b.needs})`)
            .join(", "),
    ),
  ]);
  return [
    say(lang, "plan.variants.title", { count: summaries.length }),
    table(rows),
  ].join("\n");
}

/** `kenges plan variants <model.json> <variants.json>`. */
export async function variantsVerb(
  args: ParsedArgs,
  io: CommandIo,
): Promise<number> {
  // The model is a file's, or with --body the council's attested totals under its limits.
  const council = stringFlag(args, "body") !== undefined;
  const [, first, second] = args.positionals;
  const variantsPath = council ? first : second;
  if (first === undefined || variantsPath === undefined)
    throw new CliError("PLAN_VARIANTS_FILES_REQUIRED");
  const seconds = timeLimitOf(args);
  const { model, label: modelPath } = council
    ? await withSession(args, io, async (s) => {
        const m = councilModel(s, args);
        return { model: { ok: true as const, value: m.model }, label: m.label };
      })
    : {
        model: readPlanModel(readJsonFile(first, io, "PLAN_MODEL_NOT_JSON")),
        label: first,
      };
  // Solved on a council's totals, the variants plan for that period; propose carries it.
  const period = council ? stringFlag(args, "period") : undefined;
  if (!model.ok)
    throw new CliError(
      model.error.code,
      details(modelPath, model.error.details),
    );
  const variants = readPlanVariants(
    readJsonFile(variantsPath, io, "PLAN_MODEL_NOT_JSON"),
  );
  if (!variants.ok)
    throw new CliError(
      variants.error.code,
      details(variantsPath, variants.error.details),
    );
  const solver = await highsSolver({ timeLimitSeconds: seconds });
  const solved = planVariants(model.value, variants.value, solver);
  solver.release();
  if (!solved.ok)
    throw solveFailure(
      solved.error,
      `${modelPath} (${solved.error.details.variant})`,
      langOf(args, io),
      seconds,
    );
  if (args.flags.get("json") === true)
    io.stdout(
      `${JSON.stringify({
        ...(period === undefined ? {} : { period }),
        variants: solved.value.map((v) => ({
          ...v.summary,
          carried: v.carried,
        })),
      })}\n`,
    );
  else
    io.stdout(
      `${renderVariants(
        solved.value.map((v) => v.summary),
        langOf(args, io),
      )}\n`,
    );
  return 0;
}

/**
 * The period a proposal plans for: the one its variants were solved for (`period` of `kenges
 * plan variants --body --period --json` output), else `--period`; both must agree.
 */
function periodOf(data: unknown, file: string, args: ParsedArgs): string {
  const solvedFor =
    typeof data === "object" && data !== null && "period" in data
      ? (data as { period: unknown }).period
      : undefined;
  const flag = stringFlag(args, "period");
  if (solvedFor !== undefined && typeof solvedFor !== "string")
    throw new CliError("PLAN_MODEL_MALFORMED", { file, path: "period" });
  if (solvedFor !== undefined && flag !== undefined && flag !== solvedFor)
    throw new CliError("PLAN_PERIOD_MISMATCH", {
      file,
      solved: solvedFor,
      period: flag,
    });
  const period = solvedFor ?? flag;
  if (period === undefined || period === "")
    throw new CliError("USAGE", { missing: "--period" });
  return period;
}

/** The variants of `kenges plan variants --json` output, as a plan motion's subject. */
function subjectOf(data: unknown, file: string) {
  const list =
    typeof data === "object" && data !== null && "variants" in data
      ? (data as { variants: unknown }).variants
      : null;
  if (!Array.isArray(list))
    throw new CliError("PLAN_MODEL_MALFORMED", { file, path: "variants" });
  return list.map((v: unknown, i) => {
    const { label, carried } = (v ?? {}) as {
      label?: unknown;
      carried?: unknown;
    };
    if (typeof label !== "string" || carried === undefined)
      throw new CliError("PLAN_MODEL_MALFORMED", {
        file,
        path: `variants[${i}]`,
      });
    return { label, plan: carried };
  });
}

/** `kenges plan propose <variants-solved.json> --body B …`. */
async function proposeVerb(args: ParsedArgs, io: CommandIo): Promise<number> {
  const path = args.positionals[1];
  if (path === undefined) throw new CliError("PLAN_VARIANTS_FILES_REQUIRED");
  const solved = readJsonFile(path, io, "PLAN_MODEL_NOT_JSON");
  const variants = subjectOf(solved, path);
  const period = periodOf(solved, path, args);
  // The fold will check every variant; say why here, before anything is signed.
  const checked = checkPlanVariants(variants);
  if (!checked.ok) throw domainError(checked.error);
  return withSession(args, io, async (s) => {
    const body = resolveId(s.replica, "body", requireFlag(args, "body"));
    const payload = planMotionPayload(
      textFlags(args, "title")!,
      textFlags(args, "text")!,
      period,
      variants,
      stringFlag(args, "method"),
    );
    const bytes = encodeCanonical(payload).length;
    if (bytes > MAX_EVENT_BYTES - ENVELOPE_ROOM)
      throw new CliError("PLAN_PROPOSAL_TOO_LARGE", {
        bytes,
        limit: MAX_EVENT_BYTES - ENVELOPE_ROOM,
      });
    const e = await s.act(body, "motion.opened", payload);
    s.print({ motion: e.id }, () =>
      say(s.lang, "plan.propose.opened", {
        id: e.id,
        period,
        count: variants.length,
        command: `kenges vote ${short(e.id)} --rank "0;1;2"`,
      }),
    );
    return 0;
  });
}

/** `kenges plan adopted --body B`. */
async function adoptedVerb(args: ParsedArgs, io: CommandIo): Promise<number> {
  return withSession(args, io, async (s) => {
    const body = resolveId(s.replica, "body", requireFlag(args, "body"));
    const period = stringFlag(args, "period");
    const inForce = planInForce(s.replica.fold.state, body, period);
    if (inForce === null) throw new CliError("PLAN_NOT_ADOPTED", { body });
    // Checked when the motion opened; checked again here for its figures.
    const checked = checkCarriedPlan(inForce.variant.plan);
    const figures = checked.ok
      ? {
          tiers: checked.value.tiers,
          totalHours: checked.value.totalHours,
        }
      : null;
    s.print({ ...inForce, figures }, () =>
      [
        say(s.lang, "plan.adopted.title", {
          label: inForce.variant.label,
          motion: short(inForce.motion),
          count: inForce.labels.length,
        }),
        inForce.period === null
          ? say(s.lang, "plan.adopted.any-period")
          : say(s.lang, "plan.adopted.period", { period: inForce.period }),
        ...(figures === null
          ? []
          : [
              table([
                [
                  say(s.lang, "plan.solve.column.tier"),
                  say(s.lang, "plan.solve.column.guarantee"),
                  say(s.lang, "plan.solve.column.mean-share"),
                ],
                ...figures.tiers.map((t) => [
                  term(s.lang, "plan-tier", t.tier),
                  percent(t.guarantee),
                  percent(t.meanShare),
                ]),
              ]),
              say(s.lang, "plan.variants.hours") +
                `: ${hours(figures.totalHours)}`,
            ]),
      ].join("\n"),
    );
    return 0;
  });
}

/** Runs a verb of this module, or returns null when `verb` is not one. */
export function runPlanVoteVerb(
  verb: string | undefined,
  args: ParsedArgs,
  io: CommandIo,
): Promise<number> | null {
  if (verb === "variants") return variantsVerb(args, io);
  if (verb === "propose") return proposeVerb(args, io);
  if (verb === "adopted") return adoptedVerb(args, io);
  return null;
}

/**
 * @module A count sheet as readable text: candidates down the side, rounds across (in blocks that fit
 * the width), then what each round decided and why, the pairwise tables of Condorcet methods, and
 * the lot's seed when it was drawn. Pure: the words come in as labels.
 */
import {
  type CountSheetLabels,
  englishCountSheetLabels,
} from "./count-sheet-labels.js";
import type { CountStep, ElectionResult } from "./types.js";

/** Options for {@link renderCountSheet}. */
export interface RenderOptions {
  /** The widest a line may grow before rounds wrap into another block (default 100). */
  readonly width?: number;
}

/**
 * Renders an election result as a text count sheet, naming candidates by `names` (by index).
 * @example io.stdout(renderCountSheet(result, file.names))
 */
export function renderCountSheet(
  result: ElectionResult,
  names: readonly string[],
  labels: CountSheetLabels = englishCountSheetLabels,
  options: RenderOptions = {},
): string {
  const width = options.width ?? 100;
  const decimals = allIntegers(result) ? 0 : 5;
  const num = (v: number) => v.toFixed(decimals);
  const name = (c: number) => names[c] ?? `#${c + 1}`;
  const out: string[] = [];

  // Totals read best without decimals when they are whole numbers, whatever the table shows.
  const total = (v: number) => (Number.isInteger(v) ? String(v) : num(v));
  const head = [
    `${labels.method}: ${result.method}`,
    `${labels.seats}: ${result.seats}`,
    `${labels.valid}: ${total(result.valid)}`,
    `${labels.invalid}: ${total(result.invalid)}`,
  ];
  if (result.quota !== undefined && result.method !== "meek-stv")
    head.push(`${labels.quota}: ${total(result.quota)}`);
  out.push(head.join("   "));
  if (result.withdrawn.length > 0)
    out.push(`${labels.withdrawn}: ${result.withdrawn.map(name).join(", ")}`);
  out.push("");

  if (result.pairwise === undefined)
    out.push(...roundsTable(result, names, labels, num, width));
  else out.push(...pairwiseTables(result, names, labels, num));

  out.push("");
  for (const step of result.rounds) {
    const said = describeRound(step, labels, name);
    if (said !== "") out.push(`${labels.round} ${step.round}: ${said}`);
  }
  if (result.ranking !== undefined)
    out.push(`${labels.ranking}: ${result.ranking.map(name).join(" > ")}`);
  if (result.noValidVotes) out.push(labels.noValidVotes);
  else out.push(`${labels.elected}: ${result.elected.map(name).join(", ")}`);
  if (result.lot !== undefined)
    out.push(
      `${labels.lot}: ${result.lot.seed} (${result.lot.order.map(name).join(", ")})`,
    );
  return `${out.join("\n")}\n`;
}

function allIntegers(result: ElectionResult): boolean {
  const whole = (v: number | undefined) =>
    v === undefined || Number.isInteger(v);
  if (!whole(result.valid) || !whole(result.invalid) || !whole(result.quota))
    return false;
  for (const step of result.rounds) {
    if (!step.tallies.every((v) => Number.isInteger(v))) return false;
    if (!whole(step.exhausted) || !whole(step.lostToRounding)) return false;
  }
  return true;
}

function truncate(text: string, size: number): string {
  return text.length <= size ? text : `${text.slice(0, size - 1)}…`;
}

function roundsTable(
  result: ElectionResult,
  names: readonly string[],
  labels: CountSheetLabels,
  num: (v: number) => string,
  width: number,
): string[] {
  const m = result.candidates;
  const rounds = result.rounds;
  const nameWidth = Math.min(
    32,
    Math.max(
      labels.candidate.length,
      labels.nonTransferable.length,
      ...names.map((s) => s.length),
    ),
  );
  // What each cell shows: the tally, with * in the round of election and x in the round of exclusion.
  const gone = new Int32Array(m).fill(-1);
  for (const c of result.withdrawn) gone[c] = 0;
  const cells: string[][] = rounds.map((step, r) =>
    Array.from({ length: m }, (_, c) => {
      if (gone[c]! >= 0 && gone[c]! < r + 1 && !step.excluded.includes(c))
        return "-";
      let mark = "";
      if (step.elected.includes(c)) mark = "*";
      if (step.excluded.includes(c)) {
        mark = "x";
        gone[c] = r + 1;
      }
      return `${num(step.tallies[c] ?? 0)}${mark}`;
    }),
  );
  const showExhausted = rounds.some((s) => (s.exhausted ?? 0) !== 0);
  const showRounding = rounds.some((s) => (s.lostToRounding ?? 0) !== 0);
  const showQuota = result.method === "meek-stv";
  const columnWidths = rounds.map((step, r) =>
    Math.max(
      8,
      ...cells[r]!.map((s) => s.length),
      labels.actions[step.action].length,
      num(step.exhausted ?? 0).length,
      step.candidate === undefined
        ? 0
        : Math.min(12, (names[step.candidate] ?? "").length),
    ),
  );
  const lines: string[] = [];
  let first = 0;
  while (first < rounds.length) {
    let last = first;
    let used = nameWidth + 3 + columnWidths[first]!;
    while (
      last + 1 < rounds.length &&
      used + 3 + columnWidths[last + 1]! <= width
    ) {
      last++;
      used += 3 + columnWidths[last]!;
    }
    const block = Array.from({ length: last - first + 1 }, (_, k) => first + k);
    const row = (label: string, values: (r: number) => string) =>
      `${truncate(label, nameWidth).padEnd(nameWidth)} | ${block
        .map((r) => values(r).padStart(columnWidths[r]!))
        .join(" | ")}`;
    lines.push(row(labels.round, (r) => String(rounds[r]!.round)));
    lines.push(row("", (r) => labels.actions[rounds[r]!.action]));
    if (block.some((r) => rounds[r]!.candidate !== undefined))
      lines.push(
        row("", (r) => {
          const c = rounds[r]!.candidate;
          return c === undefined
            ? ""
            : truncate(names[c] ?? "", Math.min(12, columnWidths[r]!));
        }),
      );
    lines.push(
      `${"-".repeat(nameWidth)}-+-${block.map((r) => "-".repeat(columnWidths[r]!)).join("-+-")}`,
    );
    for (let c = 0; c < m; c++)
      lines.push(row(names[c] ?? `#${c + 1}`, (r) => cells[r]![c]!));
    if (showExhausted)
      lines.push(
        row(labels.nonTransferable, (r) => num(rounds[r]!.exhausted ?? 0)),
      );
    if (showRounding)
      lines.push(
        row(labels.lostToRounding, (r) => num(rounds[r]!.lostToRounding ?? 0)),
      );
    if (showQuota)
      lines.push(row(labels.quota, (r) => num(rounds[r]!.quota ?? 0)));
    lines.push("");
    first = last + 1;
  }
  lines.pop();
  return lines;
}

function pairwiseTables(
  result: ElectionResult,
  names: readonly string[],
  labels: CountSheetLabels,
  num: (v: number) => string,
): string[] {
  const sheet = result.pairwise!;
  const m = result.candidates;
  const standing = Array.from({ length: m }, (_, c) => c).filter(
    (c) => !result.withdrawn.includes(c),
  );
  const nameWidth = Math.min(
    32,
    Math.max(...standing.map((c) => (names[c] ?? "").length), 4) + 5,
  );
  const matrix = (title: string, rows: readonly (readonly number[])[]) => {
    const cellWidth = Math.max(
      6,
      ...standing.flatMap((a) => standing.map((b) => num(rows[a]![b]!).length)),
    );
    const lines = [title];
    lines.push(
      `${"".padEnd(nameWidth)} | ${standing.map((b) => String(b + 1).padStart(cellWidth)).join(" ")}`,
    );
    for (const a of standing)
      lines.push(
        `${truncate(`${a + 1}. ${names[a] ?? ""}`, nameWidth).padEnd(nameWidth)} | ${standing
          .map((b) => (a === b ? "-" : num(rows[a]![b]!)).padStart(cellWidth))
          .join(" ")}`,
      );
    return lines;
  };
  const lines = matrix(labels.preferences, sheet.preferences);
  if (sheet.strongestPaths !== undefined)
    lines.push("", ...matrix(labels.strongestPaths, sheet.strongestPaths));
  if (sheet.pairs !== undefined) {
    lines.push("", labels.pairs);
    for (const pair of sheet.pairs)
      lines.push(
        `  ${names[pair.winner] ?? pair.winner} > ${names[pair.loser] ?? pair.loser}  ${num(pair.votes)}–${num(pair.against)}  ${pair.locked ? labels.locked : labels.skipped}`,
      );
  }
  return lines;
}

function describeRound(
  step: CountStep,
  labels: CountSheetLabels,
  name: (c: number) => string,
): string {
  const parts: string[] = [];
  if (step.action === "surplus" && step.transferValues !== undefined)
    parts.push(
      `${labels.actions.surplus} ${name(step.candidate!)}, ${labels.transferValue} ${step.transferValues
        .map((v) => v.toFixed(5))
        .join(", ")}`,
    );
  for (const d of step.decisions)
    parts.push(
      `${d.outcome === "elected" ? labels.elected : labels.excluded} ${name(d.candidate)} (${d.reasons
        .map((r) => labels.reasons[r])
        .join(", ")})`,
    );
  if (
    step.action === "iteration" &&
    step.iterations !== undefined &&
    parts.length === 0
  )
    parts.push(`${labels.actions.iteration} ×${step.iterations}`);
  return parts.join("; ");
}

/**
 * @module A count sheet as plain JSON data with candidates named: what `kenges tally --json` prints,
 * so other software can re-check a count without knowing candidate indices.
 */
import type { ElectionResult } from "./types.js";

/** One round with candidates named; tallies map each name to its votes. */
export interface CountSheetRoundJson {
  readonly round: number;
  readonly action: string;
  readonly candidate?: string;
  readonly tallies: Readonly<Record<string, number>>;
  readonly elected: readonly string[];
  readonly excluded: readonly string[];
  readonly reasons: readonly string[];
  readonly decisions: readonly {
    readonly candidate: string;
    readonly outcome: string;
    readonly reasons: readonly string[];
  }[];
  readonly exhausted?: number;
  readonly lostToRounding?: number;
  readonly quota?: number;
  readonly transfers?: readonly {
    readonly from: string;
    readonly to: string | null;
    readonly votes: number;
  }[];
  readonly transferValues?: readonly number[];
  readonly keepFactors?: Readonly<Record<string, number>>;
  readonly iterations?: number;
}

/** The whole sheet: `{method, seats, elected, rounds, ...}` with names for indices. */
export interface CountSheetJson {
  readonly method: string;
  readonly seats: number;
  readonly elected: readonly string[];
  readonly rounds: readonly CountSheetRoundJson[];
  readonly candidates: readonly string[];
  readonly withdrawn: readonly string[];
  readonly valid: number;
  readonly invalid: number;
  readonly quota?: number;
  readonly ranking?: readonly string[];
  readonly pairwise?: {
    readonly preferences: Readonly<
      Record<string, Readonly<Record<string, number>>>
    >;
    readonly strongestPaths?: Readonly<
      Record<string, Readonly<Record<string, number>>>
    >;
    readonly pairs?: readonly {
      readonly winner: string;
      readonly loser: string;
      readonly votes: number;
      readonly against: number;
      readonly locked: boolean;
    }[];
  };
  readonly lot?: { readonly seed: string; readonly order: readonly string[] };
}

/**
 * Converts a result to named JSON data. Names that repeat (after nothing else distinguishes them)
 * get a " (#n)" suffix with their 1-based number, so that every key is unique.
 */
export function countSheetJson(
  result: ElectionResult,
  names: readonly string[],
): CountSheetJson {
  const keys = uniqueNames(result.candidates, names);
  const name = (c: number) => keys[c]!;
  const byName = (values: readonly number[], only?: (c: number) => boolean) => {
    const out: Record<string, number> = {};
    values.forEach((v, c) => {
      if (only === undefined || only(c)) out[name(c)] = v;
    });
    return out;
  };
  const standing = (c: number) => !result.withdrawn.includes(c);
  const matrix = (rows: readonly (readonly number[])[]) => {
    const out: Record<string, Record<string, number>> = {};
    rows.forEach((row, a) => {
      if (!standing(a)) return;
      out[name(a)] = byName(row, (b) => b !== a && standing(b));
    });
    return out;
  };
  const sheet = result.pairwise;
  return {
    method: result.method,
    seats: result.seats,
    elected: result.elected.map(name),
    rounds: result.rounds.map((step) => ({
      round: step.round,
      action: step.action,
      ...(step.candidate === undefined
        ? {}
        : { candidate: name(step.candidate) }),
      tallies: byName(step.tallies, standing),
      elected: step.elected.map(name),
      excluded: step.excluded.map(name),
      reasons: step.reasons,
      decisions: step.decisions.map((d) => ({
        candidate: name(d.candidate),
        outcome: d.outcome,
        reasons: d.reasons,
      })),
      ...(step.exhausted === undefined ? {} : { exhausted: step.exhausted }),
      ...(step.lostToRounding === undefined
        ? {}
        : { lostToRounding: step.lostToRounding }),
      ...(step.quota === undefined ? {} : { quota: step.quota }),
      ...(step.transfers === undefined
        ? {}
        : {
            transfers: step.transfers.map((t) => ({
              from: name(t.from),
              to: t.to < 0 ? null : name(t.to),
              votes: t.votes,
            })),
          }),
      ...(step.transferValues === undefined
        ? {}
        : { transferValues: step.transferValues }),
      ...(step.keepFactors === undefined
        ? {}
        : { keepFactors: byName(step.keepFactors, standing) }),
      ...(step.iterations === undefined ? {} : { iterations: step.iterations }),
    })),
    candidates: keys,
    withdrawn: result.withdrawn.map(name),
    valid: result.valid,
    invalid: result.invalid,
    ...(result.quota === undefined ? {} : { quota: result.quota }),
    ...(result.ranking === undefined
      ? {}
      : { ranking: result.ranking.map(name) }),
    ...(sheet === undefined
      ? {}
      : {
          pairwise: {
            preferences: matrix(sheet.preferences),
            ...(sheet.strongestPaths === undefined
              ? {}
              : { strongestPaths: matrix(sheet.strongestPaths) }),
            ...(sheet.pairs === undefined
              ? {}
              : {
                  pairs: sheet.pairs.map((p) => ({
                    winner: name(p.winner),
                    loser: name(p.loser),
                    votes: p.votes,
                    against: p.against,
                    locked: p.locked,
                  })),
                }),
          },
        }),
    ...(result.lot === undefined
      ? {}
      : { lot: { seed: result.lot.seed, order: result.lot.order.map(name) } }),
  };
}

function uniqueNames(count: number, names: readonly string[]): string[] {
  const out: string[] = [];
  const used = new Set<string>();
  for (let c = 0; c < count; c++) {
    let key = names[c] ?? `#${c + 1}`;
    if (used.has(key)) key = `${key} (#${c + 1})`;
    used.add(key);
    out.push(key);
  }
  return out;
}

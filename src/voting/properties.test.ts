/**
 * Property tests over random profiles. The seed is printed; replay a failure with
 * FC_SEED=<seed> npx vitest run src/voting/properties.test.ts (FC_RUNS sets the number of runs).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type BallotProfile,
  type ElectionResult,
  electionMethodNames,
  profileFromRankings,
  type RankedBallot,
  readBlt,
  tallyElection,
  writeBlt,
} from "./index.js";

const seed = Number(process.env.FC_SEED ?? Math.floor(Math.random() * 2 ** 31));
const numRuns = Number(process.env.FC_RUNS ?? 150);
console.log(`voting properties: seed ${seed} (replay with FC_SEED=${seed})`);
const params = { seed, numRuns };

/** Random ballots over `m` candidates: partial rankings, optionally with equal preferences. */
function ballotsArb(m: number, ties: boolean): fc.Arbitrary<RankedBallot[]> {
  const ballot = fc
    .tuple(
      fc.shuffledSubarray(
        Array.from({ length: m }, (_, c) => c),
        { minLength: 0, maxLength: m },
      ),
      fc.array(fc.boolean(), { minLength: m, maxLength: m }),
      fc.integer({ min: 1, max: 4 }),
    )
    .map(([order, joins, weight]) => {
      const ranking: number[][] = [];
      order.forEach((c, i) => {
        if (ties && i > 0 && joins[i]) ranking[ranking.length - 1]!.push(c);
        else ranking.push([c]);
      });
      return { ranking, weight };
    });
  return fc.array(ballot, { minLength: 1, maxLength: 40 });
}

const profileArb = (ties: boolean) =>
  fc
    .integer({ min: 2, max: 6 })
    .chain((m) => fc.tuple(fc.constant(m), ballotsArb(m, ties)));

function profile(m: number, ballots: readonly RankedBallot[]): BallotProfile {
  const made = profileFromRankings(m, ballots);
  if (!made.ok) throw new Error(made.error.code);
  return made.value;
}

function count(
  method: string,
  p: BallotProfile,
  seats: number,
): ElectionResult {
  const counted = tallyElection(method, p, { seats });
  if (!counted.ok) throw new Error(JSON.stringify(counted.error));
  return counted.value;
}

const usedTies = (r: ElectionResult) =>
  r.rounds.some((s) => s.reasons.some((x) => x.startsWith("tie-broken")));

describe("voting properties", () => {
  it("permuting ballots, or splitting one into several of the same ranking, changes nothing", () => {
    fc.assert(
      fc.property(
        profileArb(true),
        fc.integer({ min: 1, max: 3 }),
        fc.nat(),
        ([m, ballots], seatsWanted, shuffleSeed) => {
          const shuffled = fc.sample(
            fc.shuffledSubarray(ballots, {
              minLength: ballots.length,
              maxLength: ballots.length,
            }),
            { seed: shuffleSeed, numRuns: 1 },
          )[0]!;
          const split = ballots.flatMap((b) =>
            Array.from({ length: b.weight ?? 1 }, () => ({
              ranking: b.ranking,
              weight: 1,
            })),
          );
          const a = profile(m, ballots);
          const b = profile(m, shuffled);
          const c = profile(m, split);
          expect(b).toEqual(a);
          expect(c).toEqual(a);
          for (const method of electionMethodNames) {
            const seats = method === "irv" ? 1 : Math.min(seatsWanted, m);
            const want = count(method, a, seats);
            expect(count(method, b, seats)).toEqual(want);
            expect(count(method, c, seats)).toEqual(want);
          }
        },
      ),
      params,
    );
  });

  it("a Condorcet winner wins under Schulze and ranked pairs", () => {
    fc.assert(
      fc.property(profileArb(true), ([m, ballots]) => {
        // The pairwise counts, computed here independently of the library.
        const d = Array.from({ length: m }, () => new Array<number>(m).fill(0));
        for (const { ranking, weight = 1 } of ballots) {
          const rank = new Array<number>(m).fill(Number.POSITIVE_INFINITY);
          ranking.forEach((group, g) => {
            for (const c of group) rank[c] = g;
          });
          for (let a = 0; a < m; a++)
            for (let b = 0; b < m; b++)
              if (rank[a]! < rank[b]!) d[a]![b]! += weight;
        }
        const winner = d.findIndex((row, a) =>
          row.every((v, b) => a === b || v > d[b]![a]!),
        );
        fc.pre(winner >= 0);
        const p = profile(m, ballots);
        expect(count("schulze", p, 1).elected).toEqual([winner]);
        expect(count("ranked-pairs", p, 1).elected).toEqual([winner]);
      }),
      params,
    );
  });

  it("on counts that meet no ties, STV with one seat elects the IRV winner", () => {
    fc.assert(
      fc.property(profileArb(false), ([m, ballots]) => {
        const p = profile(m, ballots);
        const irv = count("irv", p, 1);
        const scottish = count("scottish-stv", p, 1);
        const meek = count("meek-stv", p, 1);
        fc.pre(![irv, scottish, meek].some(usedTies));
        expect(scottish.elected).toEqual(irv.elected);
        expect(meek.elected).toEqual(irv.elected);
      }),
      params,
    );
  });

  it("a candidate with more than a Droop quota of first preferences is elected", () => {
    fc.assert(
      fc.property(
        profileArb(false),
        fc.integer({ min: 1, max: 4 }),
        ([m, ballots], seatsWanted) => {
          const seats = Math.min(seatsWanted, m - 1);
          const first = new Array<number>(m).fill(0);
          let valid = 0;
          for (const { ranking, weight = 1 } of ballots)
            if (ranking.length > 0) {
              first[ranking[0]![0]!]! += weight;
              valid += weight;
            }
          const droop = Math.floor(valid / (seats + 1)) + 1;
          const strong = first.flatMap((v, c) => (v > droop ? [c] : []));
          fc.pre(strong.length > 0);
          const p = profile(m, ballots);
          for (const method of ["scottish-stv", "meek-stv"]) {
            const result = count(method, p, seats);
            for (const c of strong) {
              expect(result.elected, method).toContain(c);
              expect(result.rounds[0]!.elected, method).toContain(c);
            }
          }
        },
      ),
      params,
    );
  });

  it("every round accounts for every valid vote: tallies + exhausted + rounding = valid", () => {
    fc.assert(
      fc.property(
        profileArb(true),
        fc.integer({ min: 1, max: 3 }),
        ([m, ballots], seatsWanted) => {
          const p = profile(m, ballots);
          for (const method of ["irv", "scottish-stv", "meek-stv"]) {
            const result = count(
              method,
              p,
              method === "irv" ? 1 : Math.min(seatsWanted, m),
            );
            expect(result.valid + result.invalid).toBeCloseTo(p.totalWeight, 9);
            for (const step of result.rounds) {
              const sum =
                step.tallies.reduce((a, b) => a + b, 0) +
                (step.exhausted ?? 0) +
                (step.lostToRounding ?? 0);
              expect(sum, method).toBeCloseTo(result.valid, 6);
            }
          }
        },
      ),
      params,
    );
  });

  it("a BLT file written and read back gives the same profile, names, seats and withdrawals", () => {
    const name = fc
      .string({ minLength: 1, maxLength: 12 })
      .filter((s) => !/[\r\n]/.test(s) && s.trim() !== "");
    fc.assert(
      fc.property(
        profileArb(true),
        fc.array(name, { minLength: 6, maxLength: 6 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.nat(5)),
        fc.option(name, { nil: undefined }),
        fc.array(fc.double({ min: 0.125, max: 1000, noNaN: true }), {
          maxLength: 3,
        }),
        ([m, ballots], pool, seats, withdrawnPicks, title, odd) => {
          // Names distinct once white space is collapsed, as the reader requires.
          const names = pool
            .slice(0, m)
            .map((n, i) => `${n.trim().replace(/\s+/g, " ")} ${i}`);
          const withdrawn = [
            ...new Set(withdrawnPicks.filter((c) => c < m)),
          ].sort((a, b) => a - b);
          const weighted = ballots.map((b, i) =>
            i < odd.length ? { ...b, weight: odd[i]! } : b,
          );
          const p = profile(m, weighted);
          const written = writeBlt({
            names,
            seats,
            profile: p,
            withdrawn,
            ...(title === undefined ? {} : { title }),
          });
          if (!written.ok) throw new Error(written.error.code);
          const read = readBlt(new TextEncoder().encode(written.value));
          if (!read.ok) throw new Error(JSON.stringify(read.error));
          expect(read.value.profile).toEqual(p);
          expect(read.value.names).toEqual(names);
          expect(read.value.seats).toBe(seats);
          expect(read.value.withdrawn).toEqual(withdrawn);
          expect(read.value.title).toBe(title ?? "");
        },
      ),
      params,
    );
  });
});

/**
 * Published answers, frozen in test/vectors/tallies/<method>/<case>.json (ballots as BLT, the expected
 * result, and the publication it comes from). The files are data: never regenerate them.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { countSheetJson, readBlt, tallyElection } from "./index.js";

interface Vector {
  readonly source: string;
  readonly method: string;
  readonly seats: number;
  readonly blt: string;
  readonly expected: {
    readonly elected: readonly string[];
    readonly ranking?: readonly string[];
    readonly quota?: number;
    readonly excluded?: readonly string[];
    readonly rounds?: readonly Record<string, number>[];
    readonly preferences?: Record<string, Record<string, number>>;
    readonly strongestPaths?: Record<string, Record<string, number>>;
  };
}

const root = join(
  dirname(fileURLToPath(import.meta.url)),
  "../../test/vectors/tallies",
);
const cases = readdirSync(root).flatMap((method) =>
  readdirSync(join(root, method))
    .filter((f) => f.endsWith(".json"))
    .map((f) => ({
      method,
      name: f.replace(/\.json$/, ""),
      path: join(root, method, f),
    })),
);

describe("golden vectors", () => {
  it("there are vectors for the Schulze, Tennessee and food examples", () => {
    const names = cases.map((c) => `${c.method}/${c.name}`);
    expect(names).toEqual(
      expect.arrayContaining([
        "schulze/wikipedia-45-voters",
        "irv/tennessee",
        "schulze/tennessee",
        "ranked-pairs/tennessee",
        "scottish-stv/wikipedia-food",
      ]),
    );
  });

  for (const c of cases)
    it(`${c.method}/${c.name} reproduces its published result`, () => {
      const vector = JSON.parse(readFileSync(c.path, "utf8")) as Vector;
      expect(vector.source.length).toBeGreaterThan(20);
      expect(vector.method).toBe(c.method);
      const file = readBlt(new TextEncoder().encode(vector.blt));
      if (!file.ok) throw new Error(JSON.stringify(file.error));
      const counted = tallyElection(c.method, file.value.profile, {
        seats: vector.seats,
        withdrawn: file.value.withdrawn,
      });
      if (!counted.ok) throw new Error(JSON.stringify(counted.error));
      const sheet = countSheetJson(counted.value, file.value.names);
      const want = vector.expected;
      expect(sheet.elected).toEqual(want.elected);
      expect(sheet.lot).toBeUndefined();
      if (want.ranking !== undefined)
        expect(sheet.ranking).toEqual(want.ranking);
      if (want.quota !== undefined) expect(sheet.quota).toBe(want.quota);
      if (want.excluded !== undefined)
        expect(sheet.rounds.flatMap((r) => r.excluded)).toEqual(want.excluded);
      want.rounds?.forEach((tallies, r) => {
        expect(sheet.rounds[r]?.tallies).toEqual(tallies);
      });
      if (want.preferences !== undefined)
        expect(sheet.pairwise?.preferences).toEqual(want.preferences);
      if (want.strongestPaths !== undefined)
        expect(sheet.pairwise?.strongestPaths).toEqual(want.strongestPaths);
    });
});

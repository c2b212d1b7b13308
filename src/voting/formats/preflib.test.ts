import { describe, expect, it } from "vitest";
import { ballotRanking } from "../ballot-profile.js";
import { readPreflib } from "./preflib.js";

const bytes = (text: string) => new TextEncoder().encode(text);
const header = [
  "# FILE NAME: x.toi",
  "# TITLE: A test",
  "# NUMBER ALTERNATIVES: 3",
  "# NUMBER VOTERS: 6",
  "# ALTERNATIVE NAME 1: Ann",
  "# ALTERNATIVE NAME 2: Bob",
  "# ALTERNATIVE NAME 3: Cy",
].join("\n");

describe("PrefLib reading", () => {
  it("reads names, counts and equal preferences", () => {
    const result = readPreflib(
      bytes(`${header}\n3: 1,2\n2: {2,3},1\n1: 3\n`),
      "toi",
    );
    if (!result.ok) throw new Error(result.error.code);
    const file = result.value;
    expect(file.names).toEqual(["Ann", "Bob", "Cy"]);
    expect(file.title).toBe("A test");
    expect(file.seats).toBeUndefined();
    const p = file.profile;
    expect(p.totalWeight).toBe(6);
    const ballots = Array.from({ length: p.ballots }, (_, i) => [
      ballotRanking(p, i),
      p.weights[i],
    ]);
    expect(ballots).toEqual(
      expect.arrayContaining([
        [[[0], [1]], 3],
        [[[1, 2], [0]], 2],
        [[[2]], 1],
      ]),
    );
  });

  it("names the line and the problem of a bad file", () => {
    const cases: [string, "soi" | "toi", string][] = [
      [`${header}\n6: {1,2}\n`, "soi", "PREFLIB_TIES_NOT_ALLOWED"],
      [`${header}\n6: 1,4\n`, "toi", "PREFLIB_UNKNOWN_CANDIDATE"],
      [`${header}\n6: 1,1\n`, "toi", "PREFLIB_DUPLICATE_CANDIDATE"],
      [`${header}\nsix: 1\n`, "toi", "PREFLIB_BAD_COUNT"],
      [`${header}\n6 1,2\n`, "toi", "PREFLIB_BAD_COUNT"],
      [`${header}\n6: 1,,2\n`, "toi", "PREFLIB_BAD_LINE"],
      [`${header}\n6: {1,2\n`, "toi", "PREFLIB_BAD_LINE"],
      [`${header}\n5: 1\n`, "toi", "PREFLIB_VOTER_COUNT_MISMATCH"],
      [
        "# NUMBER ALTERNATIVES: 2\n# ALTERNATIVE NAME 1: A\n1: 1\n",
        "soi",
        "PREFLIB_MISSING_NAMES",
      ],
      ["# NUMBER ALTERNATIVES: x\n", "soi", "PREFLIB_BAD_HEADER"],
    ];
    for (const [text, kind, code] of cases) {
      const result = readPreflib(bytes(text), kind);
      expect(result.ok, text).toBe(false);
      if (!result.ok) expect(result.error.code, text).toBe(code);
    }
    expect(
      readPreflib(bytes(`${header}\n3: 1,2\n3: 1,9\n`), "soi"),
    ).toMatchInlineSnapshot(`
      {
        "error": {
          "code": "PREFLIB_UNKNOWN_CANDIDATE",
          "details": {
            "candidate": 9,
            "line": 9,
          },
        },
        "ok": false,
      }
    `);
  });
});

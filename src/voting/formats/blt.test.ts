import { describe, expect, it } from "vitest";
import { ballotRanking, profileFromRankings } from "../ballot-profile.js";
import { normalizeCandidateName } from "./ballot-file.js";
import { readBlt, writeBlt } from "./blt.js";

const bytes = (text: string) => new TextEncoder().encode(text);
const read = (text: string) => readBlt(bytes(text));

function ok<T>(
  result: { ok: true; value: T } | { ok: false; error: unknown },
): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

describe("BLT reading", () => {
  it("reads header, withdrawn line, weights, equal preferences, names and title", () => {
    const file = ok(
      read(
        [
          "4 2",
          "-4",
          "3 1 2 0",
          "2 2=3 1 0",
          "1.5 3 0",
          "1 0",
          "0",
          '"Ann  Lee"',
          '"Bob"',
          '"Cy \\"the\\" Dee"',
          '"Dot"',
          '"Test election"',
          "",
        ].join("\n"),
      ),
    );
    expect(file.seats).toBe(2);
    expect(file.withdrawn).toEqual([3]);
    expect(file.title).toBe("Test election");
    expect(file.names).toEqual(["Ann  Lee", "Bob", 'Cy \\"the\\" Dee', "Dot"]);
    expect(normalizeCandidateName(file.names[0]!)).toBe("Ann Lee");
    const p = file.profile;
    expect(p.totalWeight).toBe(7.5);
    const ballots = Array.from({ length: p.ballots }, (_, i) => [
      ballotRanking(p, i),
      p.weights[i],
    ]);
    expect(ballots).toEqual(
      expect.arrayContaining([
        [[[0], [1]], 3],
        [[[1, 2], [0]], 2],
        [[[2]], 1.5],
        [[], 1],
      ]),
    );
  });

  it("accepts CRLF line ends, blank lines and a byte-order mark", () => {
    const file = ok(
      read('\ufeff2 1\r\n\r\n1 1 2 0\r\n0\r\n"A"\r\n"B"\r\n"T"\r\n'),
    );
    expect(file.names).toEqual(["A", "B"]);
    expect(file.profile.totalWeight).toBe(1);
  });

  it("names the line and the problem of a bad file", () => {
    const cases: [string, string][] = [
      ["", "BLT_EMPTY"],
      ["x 1\n", "BLT_BAD_HEADER"],
      ["2 0\n", "BLT_BAD_HEADER"],
      ["2 1\n-3\n", "BLT_BAD_WITHDRAWN"],
      ["2 1\n1 1 0\nw 1 0\n", "BLT_BAD_WEIGHT"],
      ["2 1\n-2 1 2 0\n0\n", "BLT_NEGATIVE_WEIGHT"],
      ["2 1\n1 1 0\n-1 2 0\n0\n", "BLT_NEGATIVE_WEIGHT"],
      ["2 1\n-2\n-1 1 0\n0\n", "BLT_NEGATIVE_WEIGHT"],
      ["2 1\n-1 -2 1\n", "BLT_BAD_WITHDRAWN"],
      ["2 1\n1 1 2\n0\n", "BLT_BAD_BALLOT_LINE"],
      ["2 1\n1 1 x 0\n", "BLT_BAD_BALLOT_LINE"],
      ["2 1\n1 3 0\n", "BLT_UNKNOWN_CANDIDATE"],
      ["2 1\n1 1 1 0\n", "BLT_DUPLICATE_CANDIDATE"],
      ["2 1\n1 1 0\n", "BLT_MISSING_END"],
      ['2 1\n1 1 0\n0\n"A"\n', "BLT_MISSING_NAMES"],
      ['2 1\n1 1 0\n0\n"A"\nB\n', "BLT_BAD_NAME"],
      ['2 1\n1 1 0\n0\n"A"\n" A "\n"T"\n', "BLT_DUPLICATE_NAME"],
      ['2 1\n1 1 0\n0\n"A"\n"B"\n"T"\n"extra"\n', "BLT_TRAILING_CONTENT"],
    ];
    for (const [text, code] of cases) {
      const result = read(text);
      expect(result.ok, text).toBe(false);
      if (!result.ok) expect(result.error.code, text).toBe(code);
    }
    expect(read("3 1\n1 1 2 0\n2 2 4 0\n")).toMatchInlineSnapshot(`
      {
        "error": {
          "code": "BLT_UNKNOWN_CANDIDATE",
          "details": {
            "candidate": 4,
            "line": 3,
          },
        },
        "ok": false,
      }
    `);
    expect(read("3 1\n1 1 2 0\n1 2 2 0\n")).toMatchInlineSnapshot(`
      {
        "error": {
          "code": "BLT_DUPLICATE_CANDIDATE",
          "details": {
            "candidate": 2,
            "line": 3,
          },
        },
        "ok": false,
      }
    `);
  });
});

describe("BLT writing", () => {
  it("writes what it reads back, equal preferences and fractional weights included", () => {
    const profile = ok(
      profileFromRankings(3, [
        { ranking: [[0], [1, 2]], weight: 2 },
        { ranking: [[2]], weight: 0.25 },
        { ranking: [], weight: 1 },
      ]),
    );
    const text = ok(
      writeBlt({
        names: ["Ann  Lee", "Bob", "Cy"],
        seats: 2,
        title: "Round trip",
        withdrawn: [1],
        profile,
      }),
    );
    const again = ok(read(text));
    expect(again.profile).toEqual(profile);
    expect(again.names).toEqual(["Ann  Lee", "Bob", "Cy"]);
    expect(again.withdrawn).toEqual([1]);
    expect(again.seats).toBe(2);
    expect(again.title).toBe("Round trip");
  });

  it("refuses names that would break the format", () => {
    const profile = ok(profileFromRankings(1, [{ ranking: [[0]] }]));
    expect(
      writeBlt({ names: ["a\nb"], seats: 1, profile }),
    ).toMatchInlineSnapshot(`
      {
        "error": {
          "code": "BLT_UNWRITABLE_NAME",
          "details": {
            "candidate": 0,
          },
        },
        "ok": false,
      }
    `);
  });
});

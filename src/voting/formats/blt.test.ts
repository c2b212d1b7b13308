import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  BallotProfileBuilder,
  ballotRanking,
  profileFromRankings,
} from "../ballot-profile.js";
import { normalizeCandidateName } from "./ballot-file.js";
import { BltReader, readBlt, writeBlt } from "./blt.js";

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

describe("BLT reading in pieces", () => {
  /** Reads `bytes` pushed in the given pieces (cut before each offset in `cuts`). */
  function readInPieces(bytes: Uint8Array, cuts: readonly number[]) {
    const reader = new BltReader();
    let from = 0;
    for (const to of [...cuts, bytes.length]) {
      // A copy that is then overwritten: the reader must keep nothing of a piece it was given.
      const piece = bytes.slice(from, to);
      const pushed = reader.push(piece);
      piece.fill(0x2a);
      if (!pushed.ok) return pushed;
      from = to;
    }
    return reader.finish();
  }

  // Valid files of every shape the format allows, and one of each error, with its line.
  const texts = [
    '4 2\n-4\n3 1 2 0\n2 2=3 1 0\n1.5 3 0\n1 0\n0\n"Ann  Lee"\n"Bob"\n"Cy"\n"Dot"\n"Test election"\n',
    '\ufeff2 1\r\n\r\n1 1 2 0\r\n0\r\n"A"\r\n"B"\r\n"T"\r\n',
    '\n\n3 1\n\n-1 -3\n-2\n\n2\t1  3 0 \n 1 2 0\n\n0\n\n"A"\n\n"B"\n"C"\n',
    '2 1\n1 1 2 0\n0\n"A"\n"B"\n"T"',
    '2 1\n1 1 2 0\n0\n"A"\n"B"',
    '2 1\n-2\r3 1 0\n0\n"A"\n"B"\n',
    '2 1\n1 1 0\n0\r junk\n"A"\n"B"\n"T"\n\n\n',
    "",
    "\n \n",
    "x 1\n",
    "2 0\n",
    "2 1\n-3\n",
    "2 1\n1 1 0\nw 1 0\n",
    "2 1\n-2 1 2 0\n0\n",
    "2 1\n1 1 0\n-1 2 0\n0\n",
    "2 1\n-1 -2 1\n",
    "2 1\n1 1 2\n0\n",
    "2 1\n1 1 x 0\n",
    "3 1\n1 1 2 0\n2 2 4 0\n",
    "3 1\n1 1 2 0\n1 2 2 0\n",
    "2 1\n1 1 0\n",
    "2 1\n1 1 0\n\n\n",
    '2 1\n1 1 0\n0\n"A"\n',
    '2 1\n1 1 0\n0\n"A"\n\n\n',
    '2 1\n1 1 0\n0\n"A"\nB\n',
    '2 1\n1 1 0\n0\n"A"\n" A "\n"T"\n',
    '2 1\n1 1 0\n0\n"A"\n"B"\n"T"\n\n"extra"\n',
  ];

  it("gives the same file or the same error, line included, wherever a piece ends", () => {
    for (const text of texts) {
      const whole = bytes(text);
      const expected = readBlt(whole);
      for (let cut = 0; cut <= whole.length; cut++)
        expect(readInPieces(whole, [cut]), `${text} cut at ${cut}`).toEqual(
          expected,
        );
      for (const size of [1, 2, 3, 5]) {
        const cuts: number[] = [];
        for (let at = size; at < whole.length; at += size) cuts.push(at);
        expect(readInPieces(whole, cuts), `${text} in ${size}s`).toEqual(
          expected,
        );
      }
    }
  });

  it("reads published count files in small pieces as it reads them whole", () => {
    const folder = new URL("../../../test/data/elections/", import.meta.url);
    for (const name of [
      "edinburgh2017-w01-almond.blt",
      "edinburgh2017-w12-leith-walk.blt",
    ]) {
      const whole = new Uint8Array(readFileSync(new URL(name, folder)));
      const expected = readBlt(whole);
      expect(expected.ok, name).toBe(true);
      for (const size of [7, 64, 4096]) {
        const cuts: number[] = [];
        for (let at = size; at < whole.length; at += size) cuts.push(at);
        expect(readInPieces(whole, cuts), `${name} in ${size}s`).toEqual(
          expected,
        );
      }
    }
  });

  it("keeps no more than an unfinished line between pieces, whatever the file's length", () => {
    // 240,000 ballots (~2.9 MB) made and pushed 1,000 bytes at a time: the reader needs no whole
    // file, only its distinct ballots (here 6 rankings of 3 candidates).
    const reader = new BltReader();
    const rankings = ["1 2 3", "1 3 2", "2 1 3", "2 3 1", "3 1 2", "3 2 1"];
    const encoder = new TextEncoder();
    expect(reader.push(encoder.encode("3 1\n")).ok).toBe(true);
    let text = "";
    for (let b = 0; b < 240_000; b++) {
      text += `1 ${rankings[b % 6]} 0\n`;
      if (text.length >= 1000) {
        expect(reader.push(encoder.encode(text.slice(0, 1000))).ok).toBe(true);
        text = text.slice(1000);
      }
    }
    expect(
      reader.push(encoder.encode(`${text}0\n"A"\n"B"\n"C"\n"Many"\n`)).ok,
    ).toBe(true);
    const file = ok(reader.finish());
    expect(file.profile.ballots).toBe(6);
    expect(Array.from(file.profile.weights)).toEqual(
      new Array(6).fill(240_000 / 6),
    );
    expect(file.title).toBe("Many");
  });

  it("refuses pieces after a failure with the same failure", () => {
    const reader = new BltReader();
    const first = reader.push(bytes("2 1\n1 3 0\n"));
    expect(first.ok).toBe(false);
    expect(reader.push(bytes("1 1 0\n"))).toEqual(first);
    expect(reader.finish()).toEqual(first);
  });

  it("reads packed and unpacked ballots alike: ≤ 13 and 14 candidates, decimals, equal preferences", () => {
    // Plain lines take the packed path while the builder packs; a decimal weight or an equal
    // preference takes the general one, and the first equal preference unpacks the builder.
    let seed = 7;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    for (const candidates of [3, 12, 13, 14]) {
      for (const tiesFrom of [Infinity, 3_000, 0]) {
        const expected = new BallotProfileBuilder(candidates, { pack: false });
        const lines = [`${candidates} 1`];
        for (let b = 0; b < 4_000; b++) {
          const order = Array.from({ length: candidates }, (_, c) => c);
          for (let i = candidates - 1; i > 0; i--) {
            const j = next(i + 1);
            [order[i], order[j]] = [order[j]!, order[i]!];
          }
          const length = next(candidates + 1);
          const tied = order.map((_, i) =>
            b >= tiesFrom && i > 0 && next(5) === 0 ? 1 : 0,
          );
          const decimal = next(6) === 0;
          const weight = decimal ? 0.25 * next(9) : 1 + next(2);
          let line = decimal ? weight.toFixed(2) : String(weight);
          for (let i = 0; i < length; i++)
            line += (i < length && tied[i] === 1 ? "=" : " ") + (order[i]! + 1);
          lines.push(`${line} 0`);
          expected.add(order, length, weight, tied);
        }
        lines.push("0");
        for (let c = 0; c < candidates; c++) lines.push(`"C${c}"`);
        const profile = ok(read(`${lines.join("\n")}\n`)).profile;
        expect(profile).toEqual(expected.build());
      }
    }
  });
});

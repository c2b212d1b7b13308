import { describe, expect, it } from "vitest";
import { renderCountSheet } from "./count-sheet.js";
import { countSheetJson } from "./count-sheet-json.js";
import { englishCountSheetLabels } from "./count-sheet-labels.js";
import { count, profileOf } from "./testing.js";

const food = ["Oranges", "Pears", "Chocolate", "Strawberries", "Sweets"];
const foodProfile = profileOf(food, [
  "4 Oranges",
  "2 Pears Oranges",
  "8 Chocolate Strawberries",
  "4 Chocolate Sweets",
  "1 Strawberries",
  "1 Sweets",
]);

describe("count sheet", () => {
  it("renders an STV count as a table with what each round decided", () => {
    const sheet = renderCountSheet(count("scottish-stv", foodProfile, 3), food);
    expect(sheet).toMatchInlineSnapshot(`
      "Method: scottish-stv   Seats: 3   Valid: 20   Invalid: 0   Quota: 6

      Round            |        1 |         2 |         3 |         4
                       |    first |   surplus | exclusion | exclusion
                       |          | Chocolate |     Pears |    Sweets
      -----------------+----------+-----------+-----------+----------
      Oranges          |        4 |         4 |        6* |         6
      Pears            |        2 |         2 |        0x |         -
      Chocolate        |      12* |         6 |         6 |         6
      Strawberries     |        1 |         5 |         5 |        5*
      Sweets           |        1 |         3 |         3 |        0x
      Non-transferable |        0 |         0 |         0 |         3

      Round 1: Elected Chocolate (reached the quota)
      Round 2: surplus Chocolate, transfer value 0.50000
      Round 3: Excluded Pears (fewest votes); Elected Oranges (reached the quota)
      Round 4: Excluded Sweets (fewest votes); Elected Strawberries (last vacancies)
      Elected: Chocolate, Oranges, Strawberries
      "
    `);
  });

  it("wraps rounds into blocks that fit the width", () => {
    const sheet = renderCountSheet(
      count("scottish-stv", foodProfile, 3),
      food,
      englishCountSheetLabels,
      { width: 40 },
    );
    const table = sheet.split("\n").filter((l) => l.includes(" | "));
    for (const line of table) expect(line.length).toBeLessThanOrEqual(40);
    expect(table.filter((l) => l.startsWith("Round ")).length).toBeGreaterThan(
      1,
    );
  });

  it("renders the pairwise tables of a Condorcet count", () => {
    const names = ["A", "B", "C"];
    const p = profileOf(names, ["5 A B C", "4 B C A", "3 C A B"]);
    expect(
      renderCountSheet(count("ranked-pairs", p, 1), names),
    ).toMatchInlineSnapshot(`
      "Method: ranked-pairs   Seats: 1   Valid: 12   Invalid: 0

      Pairwise preferences (row over column)
                |      1      2      3
      1. A      |      -      8      5
      2. B      |      4      -      9
      3. C      |      7      3      -

      Pairs, strongest first
        B > C  9–3  locked
        A > B  8–4  locked
        C > A  7–5  skipped (cycle)

      Round 1: Elected A (pairwise ranking)
      Ranking: A > B > C
      Elected: A
      "
    `);
  });

  it("takes its words from the labels it is given", () => {
    const labels = { ...englishCountSheetLabels, elected: "Gewählt" };
    expect(
      renderCountSheet(count("plurality", foodProfile, 1), food, labels),
    ).toContain("Gewählt: Chocolate");
  });

  it("gives JSON with candidates named", () => {
    const json = countSheetJson(count("irv", foodProfile, 1), food);
    expect(json.method).toBe("irv");
    expect(json.seats).toBe(1);
    expect(json.elected).toEqual(["Chocolate"]);
    expect(json.rounds[0]!.tallies).toEqual({
      Oranges: 4,
      Pears: 2,
      Chocolate: 12,
      Strawberries: 1,
      Sweets: 1,
    });
    // Strawberries and Sweets tie on 1 with no earlier round: the lot picks, and the sheet says so.
    expect(json.rounds[1]!.transfers).toEqual([
      { from: json.rounds[1]!.candidate, to: null, votes: 1 },
    ]);
    expect(json.rounds[1]!.decisions[0]!.reasons).toEqual([
      "lowest-votes",
      "tie-broken-by-lot",
    ]);
    expect(json.lot?.order.slice().sort()).toEqual(food.slice().sort());
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it("keeps JSON keys unique when two candidates share a name", () => {
    const names = ["Ann", "Ann"];
    const json = countSheetJson(
      count("plurality", profileOf(["x", "y"], ["2 x", "1 y"]), 1),
      names,
    );
    expect(Object.keys(json.rounds[0]!.tallies)).toEqual(["Ann", "Ann (#2)"]);
  });
});

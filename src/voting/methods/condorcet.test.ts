import { describe, expect, it } from "vitest";
import { count, electedNames, profileOf } from "../testing.js";

const names = ["A", "B", "C", "D"];

describe("Schulze and ranked pairs", () => {
  it("prefer a ranked candidate to an unranked one, and neither of two ranked equal", () => {
    const r = count("schulze", profileOf(names, ["3 A", "2 B=C"]), 1);
    const d = r.pairwise!.preferences;
    expect(d[0]![1]).toBe(3);
    expect(d[1]![0]).toBe(2);
    expect(d[1]![2]).toBe(0);
    expect(d[2]![1]).toBe(0);
    expect(d[3]![0]).toBe(0);
  });

  it("resolve a Condorcet cycle by the strongest defeats", () => {
    // A>B 8:4... a cycle A>B>C>A where C>A is the weakest defeat: A wins under both.
    const p = profileOf(["A", "B", "C"], ["5 A B C", "4 B C A", "3 C A B"]);
    expect(electedNames(count("schulze", p, 1), ["A", "B", "C"])).toEqual([
      "A",
    ]);
    const rp = count("ranked-pairs", p, 1);
    expect(electedNames(rp, ["A", "B", "C"])).toEqual(["A"]);
    expect(rp.pairwise!.pairs!.filter((x) => !x.locked)).toHaveLength(1);
  });

  it("elect the top of the ranking when there are several seats", () => {
    const p = profileOf(names, ["4 A B C D", "3 B C A D", "2 C B D A"]);
    for (const method of ["schulze", "ranked-pairs"]) {
      const r = count(method, p, 2);
      expect(r.elected).toEqual(r.ranking!.slice(0, 2));
    }
  });

  it("ignore withdrawn candidates entirely", () => {
    const p = profileOf(names, ["4 D A B", "3 B A"]);
    const r = count("ranked-pairs", p, 1, [3]);
    // With D gone A is over B on 4 ballots, B over A on 3; C is ranked by nobody.
    expect(r.ranking).toEqual([0, 1, 2]);
    expect(r.pairwise!.preferences[3]).toEqual([0, 0, 0, 0]);
  });

  it("order candidates nobody separates by lot, and report it", () => {
    const p = profileOf(names, ["1 A", "1 B"]);
    const r = count("schulze", p, 2);
    expect(r.lot).toBeDefined();
    expect(r.rounds[0]!.reasons).toContain("tie-broken-by-lot");
  });
});

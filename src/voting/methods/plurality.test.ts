import { describe, expect, it } from "vitest";
import { count, electedNames, profileOf } from "../testing.js";

describe("plurality", () => {
  const names = ["A", "B", "C"];

  it("counts first choices and elects the most voted, several when several seats", () => {
    const p = profileOf(names, ["3 A B", "5 B", "2 C A"]);
    expect(count("plurality", p, 1).rounds[0]!.tallies).toEqual([3, 5, 2]);
    expect(electedNames(count("plurality", p, 2), names)).toEqual(["B", "A"]);
  });

  it("sets aside overvotes and empty ballots as invalid", () => {
    const r = count("plurality", profileOf(names, ["2 A=B", "1 C", "4 A"]), 1);
    expect(r.invalid).toBe(2);
    expect(r.valid).toBe(5);
  });

  it("settles equal votes at the cut by lot, and only there", () => {
    const tied = count("plurality", profileOf(names, ["2 A", "2 B", "1 C"]), 1);
    expect(tied.lot).toBeDefined();
    expect(tied.rounds[0]!.reasons).toContain("tie-broken-by-lot");
    const below = count(
      "plurality",
      profileOf(names, ["3 A", "1 B", "1 C"]),
      1,
    );
    expect(below.lot).toBeUndefined();
  });
});

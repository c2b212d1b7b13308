import { describe, expect, it } from "vitest";
import { count, electedNames, profileOf } from "../testing.js";

describe("approval", () => {
  const names = ["A", "B", "C", "D"];

  it("counts each ballot once for every candidate it marks", () => {
    const r = count(
      "approval",
      profileOf(names, ["3 A=B", "2 B=C=D", "1 D"]),
      2,
    );
    expect(r.rounds[0]!.tallies).toEqual([3, 5, 2, 3]);
    expect(electedNames(r, names)[0]).toBe("B");
  });

  it("does not count withdrawn candidates, and a ballot marking only them is invalid", () => {
    const r = count("approval", profileOf(names, ["3 A=B", "2 D"]), 1, [3]);
    expect(r.rounds[0]!.tallies[3]).toBe(0);
    expect(r.invalid).toBe(2);
  });
});

import { describe, expect, it } from "vitest";
import { count, electedNames, profileOf } from "../testing.js";

describe("Meek STV", () => {
  it("brings every elected candidate to the quota by keep factors", () => {
    // quota 10: A (14) is elected; iterating gives A a keep factor of 10/14 and C the other 4.
    const names = ["A", "B", "C", "D"];
    const r = count(
      "meek-stv",
      profileOf(names, ["14 A C", "5 B", "5 C", "6 D"]),
      2,
    );
    const settled = r.rounds[1]!;
    expect(settled.action).toBe("iteration");
    expect(settled.decisions).toEqual([]);
    expect(settled.quota).toBe(10);
    expect(settled.tallies[0]).toBeCloseTo(10, 6);
    expect(settled.tallies[2]).toBeCloseTo(9, 6);
    expect(settled.keepFactors![0]).toBeCloseTo(10 / 14, 6);
    expect(electedNames(r, names)).toEqual(["A", "C"]);
  });

  it("passes surplus on through elected candidates to the next preference", () => {
    // A's surplus flows to B (elected), whose keep factor passes the rest to C, not to D.
    const names = ["A", "B", "C", "D"];
    const r = count(
      "meek-stv",
      profileOf(names, ["10 A B C", "7 B", "4 C", "4 D"]),
      3,
    );
    expect(electedNames(r, names)).toEqual(["A", "B", "C"]);
  });

  it("lowers the quota as ballots exhaust", () => {
    const names = ["A", "B", "C"];
    const r = count("meek-stv", profileOf(names, ["4 A", "3 B", "2 C"]), 1);
    // C is excluded and its 2 ballots exhaust: the quota falls from 4.5 to 3.5, and A has 4.
    expect(r.rounds[0]!.quota).toBe(4.5);
    expect(r.quota).toBe(3.5);
    expect(electedNames(r, names)).toEqual(["A"]);
  });

  it("shares a vote equally between equal preferences", () => {
    const names = ["A", "B", "C"];
    const r = count("meek-stv", profileOf(names, ["2 A=B", "1 C"]), 1);
    expect(r.rounds[0]!.tallies).toEqual([1, 1, 1]);
  });

  it("keeps every vote accounted for in every round", () => {
    const names = ["A", "B", "C", "D", "E"];
    const p = profileOf(names, [
      "11 A B C",
      "7 B A",
      "5 C D",
      "4 D E A",
      "3 E",
    ]);
    const r = count("meek-stv", p, 3);
    for (const s of r.rounds)
      expect(s.tallies.reduce((a, b) => a + b, 0) + s.exhausted!).toBeCloseTo(
        r.valid,
        9,
      );
  });
});

import { describe, expect, it } from "vitest";
import { count, electedNames, profileOf } from "../testing.js";

const N = ["A", "B", "C", "D"];

describe("instant-runoff voting", () => {
  it("excludes the weakest one at a time and elects the winner of the final two", () => {
    const p = profileOf(N, ["8 A", "7 B A", "6 C B", "2 D C"]);
    const r = count("irv", p, 1);
    // D's ballots go to C (8), then B (7) is weakest and its ballots give A 15.
    expect(r.rounds.map((s) => s.excluded)).toEqual([[], [3], [1]]);
    expect(r.rounds[2]!.tallies).toEqual([15, 0, 8, 0]);
    expect(electedNames(r, N)).toEqual(["A"]);
    expect(r.rounds[2]!.decisions.at(-1)!.reasons).toEqual(["majority"]);
  });

  it("settles a tie for last place by the latest earlier round where the tied differed", () => {
    // After D goes, B and C both hold 5; in round 1 C had fewer, so C goes.
    const p = profileOf(N, ["9 A", "5 B", "4 C", "1 D C"]);
    const r = count("irv", p, 1);
    expect(r.rounds[1]!.tallies).toEqual([9, 5, 5, 0]);
    expect(r.rounds[2]!.excluded).toEqual([2]);
    expect(r.rounds[2]!.decisions[0]!.reasons).toEqual([
      "lowest-votes",
      "tie-broken-by-earlier-round",
    ]);
    expect(r.lot).toBeUndefined();
  });

  it("draws the lot when the tied never differed, and says so", () => {
    const p = profileOf(["A", "B", "C"], ["5 A", "3 B", "3 C"]);
    const r = count("irv", p, 1);
    expect(r.rounds[1]!.reasons).toContain("tie-broken-by-lot");
    expect(r.lot).toBeDefined();
    expect(electedNames(r, ["A", "B", "C"])).toEqual(["A"]);
  });

  it("exhausts a ballot at an equal preference between continuing candidates, not at one left alone", () => {
    // "1 A=B" is an overvote from the start; "2 D C=A" reaches {C, A} after C is out: A alone counts.
    const p = profileOf(N, ["1 A=B", "4 A", "3 B", "1 C", "2 D C=A"]);
    const r = count("irv", p, 1);
    expect(r.rounds[0]!.exhausted).toBe(1);
    expect(r.rounds[0]!.tallies).toEqual([4, 3, 1, 2]);
    expect(r.rounds.map((s) => s.excluded)).toEqual([[], [2], [3]]);
    expect(r.rounds[2]!.tallies).toEqual([6, 3, 0, 0]);
    // With both still continuing, the same equal preference is an overvote: D's 2 are exhausted.
    const both = count(
      "irv",
      profileOf(N, ["4 A", "3 B", "2 C", "1 D A=B"]),
      1,
    );
    expect(both.rounds[1]!.excluded).toEqual([3]);
    expect(both.rounds[1]!.exhausted).toBe(1);
  });

  it("skips withdrawn candidates and calls ballots marking only them invalid", () => {
    const p = profileOf(N, ["3 D A", "2 B", "1 D"]);
    const r = count("irv", p, 1, [3]);
    expect(r.invalid).toBe(1);
    expect(r.valid).toBe(5);
    expect(r.rounds[0]!.tallies).toEqual([3, 2, 0, 0]);
    expect(r.withdrawn).toEqual([3]);
  });

  it("keeps every vote accounted for in every round", () => {
    const p = profileOf(N, ["4 A B", "3 B", "3 C D A", "2 D", "1 C"]);
    const r = count("irv", p, 1);
    for (const s of r.rounds)
      expect(s.tallies.reduce((a, b) => a + b, 0) + (s.exhausted ?? 0)).toBe(
        r.valid,
      );
  });
});

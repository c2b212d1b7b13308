import { describe, expect, it } from "vitest";
import { count, electedNames, profileOf } from "../testing.js";

describe("Scottish STV", () => {
  it("uses the Droop quota and truncates transfer values to five decimals", () => {
    // 7 valid, 2 seats: quota ⌊7/3⌋ + 1 = 3. A has 5, surplus 2: transfer value ⌊2/5 to 5 places⌋ = 0.4.
    const names = ["A", "B", "C"];
    const r = count(
      "scottish-stv",
      profileOf(names, ["5 A C", "1 B", "1 C"]),
      2,
    );
    expect(r.quota).toBe(3);
    expect(r.rounds[1]!.transferValues).toEqual([0.4]);
    expect(r.rounds[1]!.tallies).toEqual([3, 1, 3]);
    expect(electedNames(r, names)).toEqual(["A", "C"]);
  });

  it("drops the remainder of a transfer value, keeping the loss on the sheet", () => {
    // 10 valid, 2 seats: quota 4. A has 7, surplus 3: 3/7 = 0.428571… → 0.42857.
    const names = ["A", "B", "C", "D"];
    const r = count(
      "scottish-stv",
      profileOf(names, ["7 A B", "2 C", "1 D"]),
      2,
    );
    const surplus = r.rounds[1]!;
    expect(surplus.transferValues).toEqual([0.42857]);
    expect(surplus.tallies[1]).toBeCloseTo(7 * 0.42857, 10);
    expect(surplus.lostToRounding).toBeCloseTo(3 - 7 * 0.42857, 10);
  });

  it("keeps exact five-decimal values where surplus × value passes 2^53", () => {
    // 4.5 million valid, 2 seats: quota 1,500,001; surplus 1,499,999 of 3,000,000 → 0.49999.
    const names = ["A", "B", "C"];
    const r = count(
      "scottish-stv",
      profileOf(names, ["3000000 A C", "1000000 B", "500000 C"]),
      2,
    );
    expect(r.quota).toBe(1500001);
    expect(r.rounds[1]!.transferValues).toEqual([0.49999]);
    expect(r.rounds[1]!.tallies[2]).toBe(500000 + 3000000 * 0.49999);
    expect(electedNames(r, names)).toEqual(["A", "C"]);
  });

  it("transfers the larger surplus first and passes later ones at their received value", () => {
    // quota ⌊20/4⌋+1 = 6: A (9) and B (7) are both elected at once. A's surplus of 3 goes first, at
    // 3/9; its ballots skip B, who is elected, and reach C. Then B's surplus of 1 goes, at 1/7.
    const names = ["A", "B", "C", "D"];
    const r = count(
      "scottish-stv",
      profileOf(names, ["9 A B C", "7 B C", "2 C", "2 D"]),
      3,
    );
    expect(r.rounds[0]!.elected).toEqual([0, 1]);
    expect(r.rounds[1]!.candidate).toBe(0);
    expect(r.rounds[2]!.candidate).toBe(1);
    expect(r.rounds[1]!.transferValues).toEqual([0.33333]);
    expect(r.rounds[2]!.transferValues).toEqual([0.14285]);
  });

  it("passes an excluded candidate's transferred ballots on at the value they arrived with", () => {
    const names = ["A", "B", "C", "D", "E"];
    // quota ⌊20/3⌋+1 = 7; A's surplus 3 of 10 reaches B at 0.3; B is then excluded.
    const r = count(
      "scottish-stv",
      profileOf(names, ["10 A B D", "1 B", "5 C", "4 D"]),
      2,
    );
    const exclusion = r.rounds.find(
      (s) => s.candidate === 1 && s.action === "exclusion",
    )!;
    expect(exclusion.transfers).toEqual(
      expect.arrayContaining([{ from: 1, to: 3, votes: 3 }]),
    );
  });

  it("elects the last continuing candidates when they are as many as the vacancies", () => {
    const names = ["A", "B", "C"];
    const r = count("scottish-stv", profileOf(names, ["2 A", "1 B", "1 C"]), 2);
    expect(
      r.rounds.flatMap((s) => s.decisions.map((d) => d.reasons[0])),
    ).toContain("last-vacancies");
    expect(r.elected).toHaveLength(2);
  });

  it("sets aside a ballot whose first preference is shared, and ends one at a shared later preference", () => {
    const names = ["A", "B", "C"];
    const r = count(
      "scottish-stv",
      profileOf(names, ["1 A=B", "3 C A=B", "2 A", "2 B"]),
      1,
    );
    expect(r.invalid).toBe(1);
    expect(r.valid).toBe(7);
    expect(r.quota).toBe(4);
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
    const r = count("scottish-stv", p, 3);
    for (const s of r.rounds) {
      const sum =
        s.tallies.reduce((a, b) => a + b, 0) + s.exhausted! + s.lostToRounding!;
      expect(sum).toBeCloseTo(r.valid, 8);
    }
  });
});

import { describe, expect, it } from "vitest";
import { profileFromRankings } from "./ballot-profile.js";
import { Lot } from "./lot.js";

function profile(ballots: number[][][]) {
  const made = profileFromRankings(
    5,
    ballots.map((ranking) => ({ ranking })),
  );
  if (!made.ok) throw new Error(made.error.code);
  return made.value;
}

describe("lot", () => {
  const ballots = [[[0], [1]], [[2]], [[3], [4], [0]], [[1]]];

  it("is not drawn until a tie needs it", () => {
    const lot = new Lot(profile(ballots));
    expect(lot.used).toBe(false);
    expect(lot.result()).toBeUndefined();
    lot.first([1, 2]);
    expect(lot.used).toBe(true);
    expect(lot.result()?.order.slice().sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it("draws the same order for any order of the same ballots", () => {
    const a = new Lot(profile(ballots));
    const b = new Lot(profile(ballots.slice().reverse()));
    a.first([0, 1]);
    b.first([0, 1]);
    expect(b.result()).toEqual(a.result());
  });

  it("draws another seed when a ballot changes", () => {
    const a = new Lot(profile(ballots));
    const b = new Lot(profile([...ballots.slice(1), [[0], [2]]]));
    a.first([0, 1]);
    b.first([0, 1]);
    expect(b.result()!.seed).not.toBe(a.result()!.seed);
  });

  it("favours and disfavours consistently with its order", () => {
    const lot = new Lot(profile(ballots));
    const all = [0, 1, 2, 3, 4];
    lot.first(all);
    const order = lot.result()!.order;
    expect(lot.first(all)).toBe(order[0]);
    expect(lot.last(all)).toBe(order[4]);
    expect(lot.rank(order[2]!)).toBe(2);
  });
});

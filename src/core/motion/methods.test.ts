import { describe, expect, it } from "vitest";
import { tallyElection } from "../ballot/tally-election.js";
import {
  ELECTION_METHOD_NAMES,
  ELECTION_METHODS,
  electionMethodsFor,
} from "./methods.js";

describe("the methods offered for an election", () => {
  it("offers every method for more than one seat", () => {
    expect([...electionMethodsFor(3)].sort()).toEqual(
      Object.keys(ELECTION_METHODS).sort(),
    );
  });

  it("leaves out STV for one seat, where it elects whom instant runoff elects", () => {
    const one = electionMethodsFor(1);
    expect(one[0]).toBe("plurality");
    expect(one).not.toContain("scottish-stv");
    expect(one).not.toContain("meek-stv");
    expect(one).toEqual(
      expect.arrayContaining(["irv", "schulze", "ranked-pairs", "approval"]),
    );
    // Hand count, nine ballots over A=0, B=1, C=2: B>C>A ×4, A>C>B ×3, C>A>B ×2. Instant
    // runoff drops C (2) and elects A 5 to 4; both STVs elect A too.
    const ballots = [
      ...Array(4).fill([[1], [2], [0]]),
      ...Array(3).fill([[0], [2], [1]]),
      ...Array(2).fill([[2], [0], [1]]),
    ].map((ranking) => ({ choice: { ranking }, weight: 1 }));
    for (const m of ["irv", "scottish-stv", "meek-stv"] as const) {
      const r = tallyElection(m, 3, 1, ballots);
      expect(r.ok && r.value.elected, m).toEqual([0]);
    }
    // Every method offered counts a one-seat election.
    for (const m of ELECTION_METHOD_NAMES.filter((x) => one.includes(x))) {
      const choice =
        ELECTION_METHODS[m] === "pick"
          ? { pick: 1 }
          : ELECTION_METHODS[m] === "approve"
            ? { approve: [1] }
            : { ranking: [[1]] };
      const r = tallyElection(m, 3, 1, [{ choice, weight: 1 }]);
      expect(r.ok && r.value.elected, m).toEqual([1]);
    }
  });
});

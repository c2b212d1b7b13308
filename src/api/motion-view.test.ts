import { describe, expect, it } from "vitest";
import type { MotionResult as CoreMotionResult } from "../core/index.js";
import {
  electionMethodNames,
  profileFromRankings,
  tallyElection,
  tallyYesNoAbstain,
} from "../voting/index.js";
import { motionResultSchema } from "./motion-view.js";

// The motion page's `result` is core's count as it is: the schema must take what every
// method writes (the HTTP tests close yes/no motions only).
describe("motionResultSchema", () => {
  const ballots = [
    { ranking: [[0], [1], [2]] },
    { ranking: [[1], [0]] },
    { ranking: [[2], [1], [0]], weight: 2 },
    { ranking: [[0, 1]] },
    { ranking: [] },
  ];
  const profile = profileFromRankings(3, ballots);
  if (!profile.ok) throw new Error("the profile is valid");

  for (const method of electionMethodNames)
    it(`takes an election counted by ${method}`, () => {
      // Two seats where the method fills several, else one.
      const two = tallyElection(method, profile.value, { seats: 2 });
      const election = two.ok
        ? two
        : tallyElection(method, profile.value, { seats: 1 });
      if (!election.ok) throw new Error(election.error.code);
      const result: CoreMotionResult = {
        kind: "election",
        election: election.value,
        eligible: 7,
        present: 6,
      };
      expect(
        motionResultSchema.safeParse(result).error?.issues,
      ).toBeUndefined();
    });

  it("takes a yes/no/abstain count, and refuses one without its kind", () => {
    const decision = tallyYesNoAbstain({
      ballots: [
        { choice: "yes", weight: 1.5 },
        { choice: "no", weight: 1 },
        { choice: "abstain", weight: 1 },
      ],
      eligible: 5,
      quorumPercent: 50,
      threshold: "simple",
    });
    const result: CoreMotionResult = { kind: "decision", decision };
    expect(motionResultSchema.safeParse(result).success).toBe(true);
    expect(motionResultSchema.safeParse({ decision }).success).toBe(false);
  });
});

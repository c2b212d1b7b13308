import { describe, expect, it } from "vitest";
import {
  findElectionMethod,
  findTallyMethod,
  tallyElection,
  tallyMethodNames,
} from "./registry.js";
import { profileOf } from "./testing.js";

describe("tally method registry", () => {
  it("finds every method by name with the ballot it counts", () => {
    const kinds = Object.fromEntries(
      tallyMethodNames.map((name) => {
        const found = findTallyMethod(name);
        if (!found.ok) throw new Error(name);
        return [name, found.value.ballotKind];
      }),
    );
    expect(kinds).toEqual({
      plurality: "single-choice",
      approval: "approval",
      irv: "ranking",
      "scottish-stv": "ranking",
      "meek-stv": "ranking",
      schulze: "ranking",
      "ranked-pairs": "ranking",
      "yes-no-abstain": "yes-no",
    });
  });

  it("decides a yes/no/abstain motion through the registry", () => {
    const found = findTallyMethod("yes-no-abstain");
    if (!found.ok || found.value.ballotKind !== "yes-no")
      throw new Error("missing");
    const decided = found.value.tally({
      ballots: [
        { choice: "yes", weight: 3 },
        { choice: "no", weight: 1 },
      ],
      eligible: 5,
      quorumPercent: 50,
      threshold: "simple",
    });
    expect(decided.outcome).toBe("adopted");
  });

  it("fails with stable codes for unknown methods and bad options", () => {
    const p = profileOf(["A", "B"], ["1 A"]);
    expect(findTallyMethod("borda")).toMatchInlineSnapshot(`
      {
        "error": {
          "code": "TALLY_UNKNOWN_METHOD",
          "details": {
            "known": [
              "plurality",
              "approval",
              "irv",
              "scottish-stv",
              "meek-stv",
              "schulze",
              "ranked-pairs",
              "yes-no-abstain",
            ],
            "method": "borda",
          },
        },
        "ok": false,
      }
    `);
    expect(findElectionMethod("yes-no-abstain").ok).toBe(false);
    expect(tallyElection("irv", p, { seats: 2 })).toMatchInlineSnapshot(`
      {
        "error": {
          "code": "TALLY_SEATS_NOT_SUPPORTED",
          "details": {
            "max": 1,
            "method": "irv",
            "seats": 2,
          },
        },
        "ok": false,
      }
    `);
    expect(tallyElection("plurality", p, { seats: 0 })).toMatchInlineSnapshot(`
      {
        "error": {
          "code": "TALLY_BAD_SEATS",
          "details": {
            "seats": "0",
          },
        },
        "ok": false,
      }
    `);
    expect(
      tallyElection("plurality", p, { seats: 1, withdrawn: [2] }),
    ).toMatchInlineSnapshot(`
      {
        "error": {
          "code": "TALLY_BAD_WITHDRAWN",
          "details": {
            "candidate": "2",
            "candidates": 2,
          },
        },
        "ok": false,
      }
    `);
    expect(
      tallyElection("plurality", p, { seats: 1, withdrawn: [0, 1] }),
    ).toMatchInlineSnapshot(`
      {
        "error": {
          "code": "TALLY_NO_CANDIDATES",
          "details": {
            "candidates": 2,
          },
        },
        "ok": false,
      }
    `);
  });

  it("elects every standing candidate when seats outnumber them", () => {
    const p = profileOf(["A", "B", "C"], ["2 A", "1 B"]);
    for (const method of [
      "plurality",
      "approval",
      "scottish-stv",
      "meek-stv",
      "schulze",
      "ranked-pairs",
    ]) {
      const r = tallyElection(method, p, { seats: 5, withdrawn: [2] });
      if (!r.ok) throw new Error(method);
      expect(r.value.elected.slice().sort(), method).toEqual([0, 1]);
    }
  });
});

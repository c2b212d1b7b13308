/**
 * A count with no valid ballot elects no one: not by lot, not by list order. Every method, with
 * no ballots at all, with only blank ballots, and with ballots that name only withdrawn
 * candidates.
 */
import { describe, expect, it } from "vitest";
import { renderCountSheet } from "./count-sheet.js";
import { countSheetJson } from "./count-sheet-json.js";
import { electionMethodNames, tallyElection } from "./registry.js";
import { profileOf } from "./testing.js";

const names = ["Asel", "Bolat", "Dana"];
const cases: Record<string, { lines: string[]; withdrawn?: number[] }> = {
  "no ballots": { lines: [] },
  "only blank ballots": { lines: ["3", "1"] },
  "only withdrawn candidates named": {
    lines: ["2 Bolat", "1 Bolat"],
    withdrawn: [1],
  },
};

describe("no valid votes", () => {
  for (const method of electionMethodNames)
    for (const [what, c] of Object.entries(cases))
      it(`${method}, ${what}: nobody elected, no lot drawn`, () => {
        const result = tallyElection(method, profileOf(names, c.lines), {
          seats: 1,
          withdrawn: c.withdrawn,
        });
        if (!result.ok) throw new Error(JSON.stringify(result.error));
        expect(result.value.valid).toBe(0);
        expect(result.value.elected).toEqual([]);
        expect(result.value.noValidVotes).toBe(true);
        expect(result.value.lot).toBeUndefined();
        const sheet = renderCountSheet(result.value, names);
        expect(sheet).toContain("No valid votes: nobody is elected");
        expect(sheet).not.toMatch(/^Elected:/m);
        expect(countSheetJson(result.value, names).elected).toEqual([]);
      });

  it("one valid ballot among blanks still elects", () => {
    const result = tallyElection("irv", profileOf(names, ["5", "1 Dana"]), {
      seats: 1,
    });
    if (!result.ok) throw new Error("failed");
    expect(result.value.elected).toEqual([2]);
    expect(result.value.noValidVotes).toBeUndefined();
  });
});

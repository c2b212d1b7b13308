import { describe, expect, it } from "vitest";
import { planMerges } from "./merge-plan.js";

const id = (n: number) => n.toString(16).padStart(64, "0");

describe("planning merges of more than 16 heads", () => {
  it("gathers heads 16 at a time, leaving the rest as the event's deps", () => {
    const heads = Array.from({ length: 40 }, (_, k) => id(k + 1));
    const { merges, deps } = planMerges(heads, null);
    expect(merges.map((m) => m.length)).toEqual([16, 16]);
    expect(deps).toHaveLength(8);
    expect(new Set([...merges.flat(), ...deps]).size).toBe(40);
  });

  it("puts the scope's own heads in the first merge, so it names a parent of its own scope", () => {
    const heads = Array.from({ length: 40 }, (_, k) => id(k + 1));
    const own = [id(39), id(40)];
    const { merges } = planMerges(heads, null, own);
    expect(merges[0]).toEqual(expect.arrayContaining(own));
  });
});

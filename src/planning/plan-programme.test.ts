/**
 * The programme of a small model, entry by entry as written out by hand, and the starting bases
 * the stages use: as many basic variables as rows, whatever the model.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readPlanModel } from "./plan-model.js";
import {
  nextTierBasis,
  planProgramme,
  supplyChainBasis,
} from "./plan-programme.js";
import { generatePlanModel } from "./testing.js";

const model = (() => {
  const read = readPlanModel({
    products: ["grain", "bread"],
    processes: [
      { name: "farm", outputs: { grain: 1 }, labour: { worker: 1 } },
      {
        name: "bakery",
        outputs: { bread: 1 },
        inputs: { grain: 2 },
        labour: { worker: 1 },
        capacity: 25,
      },
    ],
    needs: [
      { product: "grain", quantity: 10, tier: "basic" },
      { product: "bread", quantity: 30, tier: "standard" },
    ],
    limits: { labour: { worker: 60 }, resources: { grain: 4 } },
    floors: { standard: 0.1 },
  });
  if (!read.ok) throw new Error(read.error.code);
  return read.value;
})();

/** Column j of the programme as a dense column. */
function column(p: ReturnType<typeof planProgramme>, j: number): number[] {
  const rows = p.base.rowLower.length;
  const out = new Array<number>(rows).fill(0);
  const m = p.base.matrix;
  for (let k = m.starts[j]!; k < m.starts[j + 1]!; k++)
    out[m.rows[k]!] = m.values[k]!;
  return out;
}

describe("the programme of grain and bread", () => {
  it("has the balances, labour, guarantee and tier rows written out by hand", () => {
    // Columns: farm, bakery | s_grain, s_bread | t_basic, t_standard (no imports).
    // Rows: balance grain, balance bread | labour worker | guarantee grain, bread | tier basic, standard.
    const p = planProgramme(model);
    expect(p.base.cost).toHaveLength(6);
    expect(p.base.rowLower).toHaveLength(7);
    expect(column(p, 0)).toEqual([1, 0, 1, 0, 0, 0, 0]); // farm: +1 grain, 1 h
    expect(column(p, 1)).toEqual([-2, 1, 1, 0, 0, 0, 0]); // bakery: −2 grain, +1 bread, 1 h
    expect(column(p, 2)).toEqual([-10, 0, 0, 1, 0, 1, 0]); // s_grain: 10 grain met
    expect(column(p, 3)).toEqual([0, -30, 0, 0, 1, 0, 1]); // s_bread: 30 bread met
    expect(column(p, 4)).toEqual([0, 0, 0, -1, 0, 0, 0]); // t_basic
    expect(column(p, 5)).toEqual([0, 0, 0, 0, -1, 0, 0]); // t_standard
    // Grain's balance may draw 4 from the resource; bread's none; 60 hours.
    expect([...p.base.rowLower.slice(0, 2)]).toEqual([-4, -0]);
    expect(p.base.rowUpper[2]).toBe(60);
    // The bakery's capacity; the standard floor of 0.1 as the share's lower bound.
    expect([...p.base.colUpper.slice(0, 2)]).toEqual([
      Number.POSITIVE_INFINITY,
      25,
    ]);
    expect([...p.base.colLower.slice(2, 4)]).toEqual([0, 0.1]);
  });
});

const basics = (b: { cols: Int32Array; rows: Int32Array }) =>
  [...b.cols, ...b.rows].filter((s) => s === 1).length;

describe("starting bases", () => {
  it("have one basic variable per row, on generated models, for every tier", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 30 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (products, seed) => {
          const m = generatePlanModel({
            products,
            inputs: 3,
            skills: 2,
            seed,
            tightness: 0.5,
          });
          const p = planProgramme(m);
          const cols = p.base.cost.length;
          const rows = p.base.rowLower.length;
          p.layout.tiers.forEach((_, t) => {
            const first = supplyChainBasis(m, p.layout, cols, rows, t);
            expect(basics(first)).toBe(rows);
            // The next tier's needs swapped into this tier's basis.
            if (t + 1 < p.layout.tiers.length)
              expect(basics(nextTierBasis(m, p.layout, first, t + 1))).toBe(
                rows,
              );
          });
        },
      ),
      { numRuns: 50 },
    );
  });
});

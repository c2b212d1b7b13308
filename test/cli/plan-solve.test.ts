/**
 * `kenges plan solve <model.json>`: an optimised plan as JSON and as text in the reader's
 * language, and coded failures in words — on the bakery of the hand-solved tests
 * (src/planning/plan-solve.test.ts): 70 baker's hours, 40 loaves (basic, 1 h each) before 30
 * cakes (standard, 2 h each), so bread in full and 15 cakes.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { say, term } from "../../src/cli/words.js";
import { formatError } from "../../src/i18n/index.js";
import { inProcessCli } from "./support/in-process-cli.js";

const work = mkdtempSync(join(tmpdir(), "kenges-plan-solve-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const kenges = inProcessCli(work);

const bakery = {
  products: ["bread", "cake"],
  processes: [
    { name: "bread-oven", outputs: { bread: 1 }, labour: { baker: 1 } },
    { name: "cake-oven", outputs: { cake: 1 }, labour: { baker: 2 } },
  ],
  needs: [
    { product: "bread", quantity: 40, tier: "basic", region: "old town" },
    { product: "cake", quantity: 30, tier: "standard", region: "old town" },
  ],
  limits: { labour: { baker: 70 } },
};

function write(name: string, data: unknown): string {
  const file = join(work, name);
  writeFileSync(
    file,
    typeof data === "string" ? data : JSON.stringify(data, null, 2),
  );
  return file;
}

const BAKERY = write("bakery.json", bakery);

describe("--json", () => {
  it("prints the optimal plan: shares by tier, each need met, the shadow price of an hour", async () => {
    const r = await kenges(["plan", "solve", BAKERY, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.status).toBe("optimal");
    expect(out.tiers).toEqual([
      { tier: "basic", needs: 1, guarantee: 1, meanShare: 1 },
      {
        tier: "standard",
        needs: 1,
        guarantee: expect.closeTo(0.5, 6),
        meanShare: expect.closeTo(0.5, 6),
      },
    ]);
    expect(out.needs[0].met).toBeCloseTo(40, 5);
    expect(out.needs[1].met).toBeCloseTo(15, 5);
    // One more hour: half a cake of 30, 1/60 of the standard tier's guarantee.
    expect(out.labour[0].shadowPrices).toEqual({
      standard: expect.closeTo(1 / 60, 9),
    });
    expect(
      out.needs[1].heldBackBy.map((h: { kind: string }) => h.kind),
    ).toEqual(expect.arrayContaining(["labour", "tier"]));
  });
});

describe.each(["en", "ru", "kk", "ur"] as const)(
  "without --json, --lang %s",
  (lang) => {
    it("prints the tiers, the unmet cake and what holds it back, in the language's words", async () => {
      const r = await kenges(["plan", "solve", BAKERY, "--lang", lang]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(say(lang, "plan.solve.tiers"));
      expect(r.stdout).toContain(say(lang, "plan.solve.unmet"));
      expect(r.stdout).toContain(say(lang, "plan.solve.labour"));
      expect(r.stdout).toContain(
        say(lang, "plan.solve.held.labour", { skill: "baker" }),
      );
      expect(r.stdout).toContain(
        say(lang, "plan.solve.held.tier", {
          tier: term(lang, "plan-tier", "basic"),
        }),
      );
      // The standard tier's guarantee, 50 %, and an hour's worth: +1.67 percentage points.
      expect(r.stdout).toContain("50.0 %");
      expect(r.stdout).toContain(
        `${term(lang, "plan-tier", "standard")} +1.67`,
      );
    });
  },
);

describe("failures", () => {
  it("basic needs in full with too few hours is PLAN_INFEASIBLE, in the reader's words, and no plan", async () => {
    const file = write("short.json", {
      ...bakery,
      limits: { labour: { baker: 30 } },
      floors: { basic: 1 },
    });
    const r = await kenges(["plan", "solve", file, "--lang", "kk"]);
    expect(r.code).toBe(5);
    expect(r.stdout).toBe("");
    const step = say("kk", "plan.solve.stage.guarantee", {
      tier: term("kk", "plan-tier", "basic"),
    });
    expect(r.stderr).toBe(
      `kenges: PLAN_INFEASIBLE: ${formatError("kk", "PLAN_INFEASIBLE", { file, step })}\n`,
    );
    const json = await kenges(["plan", "solve", file, "--json"]);
    expect(JSON.parse(json.stdout).error).toMatchObject({
      code: "PLAN_INFEASIBLE",
      details: { file, tier: "basic", stage: "guarantee" },
    });
  });

  it("a model naming an unknown product names where, in JSON and in words", async () => {
    const file = write("unknown.json", {
      ...bakery,
      needs: [{ product: "pie", quantity: 1, tier: "basic" }],
    });
    const r = await kenges(["plan", "solve", file, "--json"]);
    expect(r.code).toBe(5);
    expect(JSON.parse(r.stdout).error).toMatchObject({
      code: "PLAN_NAME_UNKNOWN",
      details: { file, path: "needs[0].product", name: "pie" },
    });
    const ru = await kenges(["plan", "solve", file, "--lang", "ru"]);
    expect(ru.stderr).toContain(
      formatError("ru", "PLAN_NAME_UNKNOWN", {
        file,
        path: "needs[0].product",
        name: "pie",
      }),
    );
  });

  it("no file, a file that is not JSON, a bad --time-limit and an unknown flag are refused with their codes", async () => {
    const none = await kenges(["plan", "solve"]);
    expect([none.code, none.stderr]).toEqual([
      2,
      `kenges: PLAN_SOLVE_FILE_REQUIRED: ${formatError("en", "PLAN_SOLVE_FILE_REQUIRED")}\n`,
    ]);
    const notJson = await kenges(["plan", "solve", write("x.json", "{ bread")]);
    expect(notJson.code).toBe(5);
    expect(notJson.stderr).toContain("PLAN_MODEL_NOT_JSON");
    const missing = await kenges(["plan", "solve", join(work, "none.json")]);
    expect(missing.code).toBe(5);
    expect(missing.stderr).toContain("PLAN_FILE_UNREADABLE");
    for (const value of ["0", "-3", "soon"]) {
      const bad = await kenges([
        "plan",
        "solve",
        BAKERY,
        "--time-limit",
        value,
      ]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain("FLAG_INVALID");
    }
    const ok = await kenges([
      "plan",
      "solve",
      BAKERY,
      "--time-limit",
      "30",
      "--json",
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    const flag = await kenges(["plan", "solve", BAKERY, "--time-limt", "5"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/FLAG_UNKNOWN.*--time-limt.*--time-limit/);
  });
});

/**
 * `kenges plan round <model.json> [--after <round.json>]`: planning rounds from the command line
 * — the grain-and-bread town of src/planning/plan-round.test.ts (hand-solved there): round 1 at
 * 60 h, labour short; round 2 after the council adds hours, the ovens short; round 3 after the
 * bakery declares more ovens, balanced — each round continuing the last one's --json answer,
 * and the trajectory in words; bad earlier rounds refused with their codes.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { say, term } from "../../src/cli/words.js";
import { formatError } from "../../src/i18n/index.js";
import { inProcessCli } from "./support/in-process-cli.js";

const work = mkdtempSync(join(tmpdir(), "kenges-plan-round-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const kenges = inProcessCli(work);

function write(name: string, data: unknown): string {
  const file = join(work, name);
  writeFileSync(
    file,
    typeof data === "string" ? data : JSON.stringify(data, null, 2),
  );
  return file;
}

const town = (hours: number, ovens: number) => ({
  products: ["grain", "bread"],
  processes: [
    { name: "farm", outputs: { grain: 1 }, labour: { worker: 1 } },
    {
      name: "bakery",
      outputs: { bread: 1 },
      inputs: { grain: 2 },
      labour: { worker: 1 },
      capacity: ovens,
    },
  ],
  needs: [
    { product: "grain", quantity: 10, tier: "basic", region: "north" },
    { product: "bread", quantity: 30, tier: "basic", region: "south" },
  ],
  limits: { labour: { worker: hours } },
});

describe("rounds until the plan balances", () => {
  it("each round continues the last one's answer; the third balances; the trajectory shows the way", async () => {
    const first = await kenges([
      "plan",
      "round",
      write("round-1.json", town(60, 25)),
      "--json",
    ]);
    expect(first.code, first.stderr).toBe(0);
    const one = JSON.parse(first.stdout);
    expect(one.report.round).toBe(1);
    expect(one.report.balanced).toBe(false);
    expect(one.history).toHaveLength(1);
    const bread1 = one.report.products.find(
      (p: { name: string }) => p.name === "bread",
    );
    expect(bread1.short).toBeCloseTo(12, 4); // 30 needed, 18 delivered at t = 0.6
    expect(bread1.prices.basic).toBeCloseTo(0.03, 9);
    const after1 = write("answer-1.json", first.stdout);

    const second = await kenges([
      "plan",
      "round",
      write("round-2.json", town(100, 25)),
      "--after",
      after1,
      "--json",
    ]);
    expect(second.code, second.stderr).toBe(0);
    const two = JSON.parse(second.stdout);
    expect(two.report.round).toBe(2);
    expect(two.history.map((r: { round: number }) => r.round)).toEqual([1, 2]);
    expect(two.report.tiers[0].guarantee).toBeCloseTo(5 / 6, 6);
    const after2 = write("answer-2.json", second.stdout);

    const third = await kenges([
      "plan",
      "round",
      write("round-3.json", town(100, 40)),
      "--after",
      after2,
      "--lang",
      "ru",
    ]);
    expect(third.code, third.stderr).toBe(0);
    const text = third.stdout;
    expect(text).toContain(say("ru", "plan.round.balanced"));
    expect(text).toContain(say("ru", "plan.round.trajectory"));
    expect(text).toContain(say("ru", "plan.round.column.round", { round: 3 }));
    const guarantee = text.split("\n").find((l) =>
      l.includes(
        say("ru", "plan.round.guarantee-of", {
          tier: term("ru", "plan-tier", "basic"),
        }),
      ),
    );
    // 60 %, 83.3 %, 100 %: the basic guarantee round by round.
    expect(guarantee).toMatch(/60\.0 %.*83\.3 %.*100\.0 %/);
    const breadShort = text
      .split("\n")
      .find((l) =>
        l.includes(say("ru", "plan.round.short-of", { product: "bread" })),
      );
    expect(breadShort).toMatch(/12.*5.*0/);
  });

  it("a round not balanced says so in the reader's words and lists what to revise, most urgent first", async () => {
    const r = await kenges([
      "plan",
      "round",
      write("short.json", town(60, 25)),
      "--lang",
      "ur",
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      say("ur", "plan.round.not-balanced", { products: 2 }),
    );
    const lines = r.stdout.split("\n");
    const bread = lines.findIndex((l) => l.trimStart().startsWith("bread"));
    const grain = lines.findIndex((l) => l.trimStart().startsWith("grain"));
    expect(bread).toBeGreaterThan(0);
    expect(grain).toBeGreaterThan(bread);
  });
});

describe("failures", () => {
  it("no model, an earlier round that is not JSON or not a round, and an unknown flag are refused with their codes", async () => {
    const none = await kenges(["plan", "round"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("PLAN_ROUND_FILE_REQUIRED");

    const model = write("model.json", town(60, 25));
    const notJson = write("not-json.json", "round one");
    const r1 = await kenges(["plan", "round", model, "--after", notJson]);
    expect(r1.code).toBe(5);
    expect(r1.stderr).toBe(
      `kenges: PLAN_ROUNDS_NOT_JSON: ${formatError("en", "PLAN_ROUNDS_NOT_JSON", { file: notJson })}\n`,
    );

    const skipped = write("skipped.json", {
      history: [
        { round: 2, balanced: false, hours: 1, tiers: [], products: [] },
      ],
    });
    const r2 = await kenges([
      "plan",
      "round",
      model,
      "--after",
      skipped,
      "--json",
    ]);
    expect(r2.code).toBe(5);
    expect(JSON.parse(r2.stdout).error).toMatchObject({
      code: "PLAN_ROUNDS_MALFORMED",
      details: { file: skipped, path: "history[0].round" },
    });

    const priced = write("priced.json", {
      history: [
        {
          round: 1,
          balanced: false,
          hours: 60,
          tiers: [{ tier: "basic", guarantee: 0.6, meanShare: 0.6 }],
          products: [
            {
              name: "bread",
              needed: 30,
              delivered: 18,
              short: 12,
              surplus: 0,
              spareCapacity: 7,
              prices: { luxury: 0.03 },
            },
          ],
        },
      ],
    });
    const r3 = await kenges([
      "plan",
      "round",
      model,
      "--after",
      priced,
      "--json",
    ]);
    expect(JSON.parse(r3.stdout).error).toMatchObject({
      code: "PLAN_ROUNDS_MALFORMED",
      details: { path: "history[0].products[0].prices.luxury" },
    });

    const flag = await kenges(["plan", "round", model, "--afterr", priced]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("FLAG_UNKNOWN");
  });
});

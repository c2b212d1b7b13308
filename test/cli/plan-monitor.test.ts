/**
 * `kenges plan monitor <model.json> <plan.json> <reports.json>`: a plan in force, solved by
 * `kenges plan solve --json`, against what workplaces report halfway through the period — the
 * farm, mill and bakery of src/planning/plan-monitor.test.ts: the farm 20 % under plan, the
 * bakery silent, the needs down the grain chain at risk; in JSON and in the reader's words.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { say, term } from "../../src/cli/words.js";
import { inProcessCli } from "./support/in-process-cli.js";

const work = mkdtempSync(join(tmpdir(), "kenges-plan-monitor-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const kenges = inProcessCli(work);

function write(name: string, data: unknown): string {
  const file = join(work, name);
  writeFileSync(file, typeof data === "string" ? data : JSON.stringify(data));
  return file;
}

// Every need can be met: 100 worker hours, and a run of each process takes one.
const MODEL = write("model.json", {
  products: ["grain", "flour", "bread", "milk"],
  processes: [
    { name: "farm", outputs: { grain: 1 }, labour: { worker: 1 } },
    {
      name: "mill",
      outputs: { flour: 1 },
      inputs: { grain: 1 },
      labour: { worker: 1 },
    },
    {
      name: "bakery",
      outputs: { bread: 1 },
      inputs: { flour: 1 },
      labour: { worker: 1 },
    },
    { name: "dairy", outputs: { milk: 2 }, labour: { worker: 1 } },
  ],
  needs: [
    { product: "bread", quantity: 20, tier: "basic", region: "south" },
    { product: "milk", quantity: 10, tier: "basic", region: "north" },
    { product: "grain", quantity: 20, tier: "standard", region: "north" },
  ],
  limits: { labour: { worker: 100 } },
});

describe("a plan in force against the workplaces' reports", () => {
  it("solves, then flags the farm under plan, the silent bakery and the needs at risk", async () => {
    const solved = await kenges(["plan", "solve", MODEL, "--json"]);
    expect(solved.code, solved.stderr).toBe(0);
    // By hand: 20 bread need 20 flour, 20 grain; with the 20 grain needed, the farm runs 40,
    // the mill and the bakery 20, the dairy 5.
    const runs = JSON.parse(solved.stdout).processes.map(
      (p: { runs: number }) => p.runs,
    );
    expect(runs.map((r: number) => Number(r.toFixed(6)))).toEqual([
      40, 20, 20, 5,
    ]);
    const plan = write("plan.json", solved.stdout);
    const reports = write("reports.json", {
      reports: [
        { process: "farm", runs: 16 }, // 20 due halfway: 20 % under
        { process: "mill", runs: 10 },
        { process: "dairy", runs: 2.5 },
      ],
    });

    const json = await kenges([
      "plan",
      "monitor",
      MODEL,
      plan,
      reports,
      "--elapsed",
      "0.5",
      "--json",
    ]);
    expect(json.code, json.stderr).toBe(0);
    const progress = JSON.parse(json.stdout);
    expect(
      progress.processes.map((p: { exception: string | null }) => p.exception),
    ).toEqual(["under", null, "silent", null]);
    expect(
      progress.needsAtRisk.map((n: { product: string }) => n.product),
    ).toEqual(["bread", "grain"]);

    const text = await kenges([
      "plan",
      "monitor",
      MODEL,
      plan,
      reports,
      "--elapsed",
      "0.5",
      "--lang",
      "kk",
    ]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(say("kk", "plan.monitor.at-risk"));
    const farm = text.stdout.split("\n").find((l) => l.startsWith("farm"))!;
    expect(farm).toContain("−20.0 %");
    expect(farm).toContain(term("kk", "plan-exception", "under"));
    const bakery = text.stdout.split("\n").find((l) => l.startsWith("bakery"))!;
    expect(bakery).toContain(term("kk", "plan-exception", "silent"));
  });

  it("refuses missing files, a plan of another model, bad reports and a bad fraction with their codes", async () => {
    const none = await kenges(["plan", "monitor", MODEL]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("PLAN_MONITOR_FILES_REQUIRED");

    const reports = write("ok-reports.json", { reports: [] });
    const other = write("other-plan.json", {
      processes: [{ name: "farm", runs: 1 }],
    });
    const r1 = await kenges([
      "plan",
      "monitor",
      MODEL,
      other,
      reports,
      "--json",
    ]);
    expect(r1.code).toBe(5);
    expect(JSON.parse(r1.stdout).error).toMatchObject({
      code: "PLAN_RUNS_MALFORMED",
      details: { file: other, path: "processes" },
    });

    const plan = write("plan-by-hand.json", {
      processes: [
        { name: "farm", runs: 40 },
        { name: "mill", runs: 20 },
        { name: "bakery", runs: 20 },
        { name: "dairy", runs: 5 },
      ],
    });
    const badReports = write("bad-reports.json", {
      reports: [{ process: "farm" }],
    });
    const r2 = await kenges([
      "plan",
      "monitor",
      MODEL,
      plan,
      badReports,
      "--json",
    ]);
    expect(JSON.parse(r2.stdout).error).toMatchObject({
      code: "PLAN_REPORTS_MALFORMED",
      details: { path: "reports[0].runs" },
    });
    const forge = write("forge.json", {
      reports: [{ process: "forge", runs: 3 }],
    });
    const r3 = await kenges(["plan", "monitor", MODEL, plan, forge, "--json"]);
    expect(JSON.parse(r3.stdout).error).toMatchObject({
      code: "PLAN_NAME_UNKNOWN",
      details: { path: "reports[0].process", name: "forge" },
    });
    const late = await kenges([
      "plan",
      "monitor",
      MODEL,
      plan,
      reports,
      "--elapsed",
      "1.5",
      "--json",
    ]);
    expect(JSON.parse(late.stdout).error).toMatchObject({
      code: "PLAN_NUMBER_INVALID",
      details: { path: "elapsed" },
    });
    const word = await kenges([
      "plan",
      "monitor",
      MODEL,
      plan,
      reports,
      "--threshold",
      "ten",
    ]);
    expect(word.code).toBe(2);
    expect(word.stderr).toContain("FLAG_INVALID");
    const notJson = write("not-json.txt", "farm 16");
    const r4 = await kenges(["plan", "monitor", MODEL, plan, notJson]);
    expect(r4.code).toBe(5);
    expect(r4.stderr).toContain("PLAN_FILE_NOT_JSON");
  });
});

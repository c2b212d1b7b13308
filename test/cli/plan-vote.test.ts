/**
 * Variants of a plan from the command line (#15): `kenges plan variants` solves three working
 * weeks of the grain-and-bread economy side by side (text in the reader's language, or JSON
 * that carries each solution); `kenges plan propose` puts them to an assembly's ranked vote;
 * after the ballots and the close, `kenges plan adopted` shows the variant the count chose.
 * A forged solution is refused before anything is signed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { say } from "../../src/cli/words.js";
import { inProcessCli } from "./support/in-process-cli.js";

const work = mkdtempSync(join(tmpdir(), "kenges-plan-vote-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const kenges = inProcessCli(work, { prefix: ["--data", join(work, "data")] });

function write(name: string, data: unknown): string {
  const file = join(work, name);
  writeFileSync(file, JSON.stringify(data, null, 2));
  return file;
}

/** A grain is 1 hour, a bread 3; basic needs take 100 hours, the standard need 60 more. */
const MODEL = write("grain-bread.json", {
  products: ["grain", "bread"],
  processes: [
    { name: "farm", outputs: { grain: 1 }, labour: { worker: 1 } },
    {
      name: "bakery",
      outputs: { bread: 1 },
      inputs: { grain: 2 },
      labour: { worker: 1 },
    },
  ],
  needs: [
    { product: "grain", quantity: 10, tier: "basic", region: "north" },
    { product: "bread", quantity: 30, tier: "basic", region: "south" },
    { product: "bread", quantity: 20, tier: "standard", region: "north" },
  ],
  limits: { labour: { worker: 160 } },
});
const VARIANTS = write("weeks.json", {
  variants: [
    { label: "short week", limits: { labour: { worker: 60 } } },
    { label: "basic week", limits: { labour: { worker: 100 } } },
    { label: "long week" },
  ],
});

async function ok(...args: string[]): Promise<string> {
  const r = await kenges(args);
  if (r.code !== 0) throw new Error(`${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
}
const quiet = (...args: string[]) => ok(...args, "--quiet");

describe("kenges plan variants", () => {
  it("prints the variants side by side, in the reader's language", async () => {
    for (const lang of ["en", "ru"]) {
      const out = await ok("plan", "variants", MODEL, VARIANTS, "--lang", lang);
      expect(out).toContain(say(lang, "plan.variants.title", { count: 3 }));
      const hoursRow = out
        .split("\n")
        .find((l) => l.includes(say(lang, "plan.variants.hours")))!;
      expect(hoursRow).toMatch(/60\s.*100\s.*160/);
      expect(out).toContain(
        `${say(lang, "plan.solve.held.labour", { skill: "worker" })} (3)`,
      );
    }
  });

  it("--json gives each variant's figures and its carried plan", async () => {
    const out = JSON.parse(
      await ok("plan", "variants", MODEL, VARIANTS, "--json"),
    );
    expect(out.variants.map((v: { label: string }) => v.label)).toEqual([
      "short week",
      "basic week",
      "long week",
    ]);
    expect(out.variants[0].tiers[0].guarantee).toBeCloseTo(0.6, 6);
    expect(out.variants[2].carried.stages.at(-1).kind).toBe("labour");
  });

  it("names the files it needs", async () => {
    const r = await kenges(["plan", "variants", MODEL]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("PLAN_VARIANTS_FILES_REQUIRED");
  });
});

describe("kenges plan propose and adopted", () => {
  it("puts the variants to a ranked vote; the plan in force is the one the count chose", async () => {
    const solved = join(work, "solved.json");
    writeFileSync(
      solved,
      await ok("plan", "variants", MODEL, VARIANTS, "--json"),
    );
    // A forged solution: the long week's plan claimed for the short week's limits.
    const data = JSON.parse(readFileSync(solved, "utf8"));
    const forged = write("forged.json", {
      variants: [
        {
          ...data.variants[0],
          carried: {
            ...data.variants[0].carried,
            runs: data.variants[2].carried.runs,
          },
        },
        data.variants[1],
      ],
    });

    await quiet("init", "--name", "Test", "--founder-name", "Zhanar");
    const bolat = await quiet("key", "create", "--label", "bolat");
    expect(bolat).not.toBe("");
    const town = await quiet(
      "body",
      "create",
      "--name",
      "Town",
      "--endorsements",
      "1",
      "--quorum",
      "50",
    );
    const request = await quiet(
      "--as",
      "bolat",
      "member",
      "join",
      town,
      "--name",
      "Bolat",
    );
    await ok("member", "endorse", request);

    const refused = await kenges([
      "plan",
      "propose",
      forged,
      "--body",
      town,
      "--period",
      "2027",
      "--title",
      "Winter",
      "--text",
      "Which week?",
    ]);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain("PLAN_CERTIFICATE_INVALID");

    const none = await kenges(["plan", "adopted", "--body", town]);
    expect(none.code).toBe(3);
    expect(none.stderr).toContain("PLAN_NOT_ADOPTED");

    // Solved from a model file, the variants name no period: the proposal must.
    const noPeriod = await kenges([
      "plan",
      "propose",
      solved,
      "--body",
      town,
      "--title",
      "Winter",
      "--text",
      "Which week?",
    ]);
    expect(noPeriod.code).toBe(2);
    expect(noPeriod.stderr).toContain("USAGE");
    expect(noPeriod.stderr).toContain("--period");
    // Variants solved for 2027 are not proposed for 2028.
    const for2027 = write("solved-2027.json", { ...data, period: "2027" });
    const mismatch = await kenges([
      "plan",
      "propose",
      for2027,
      "--body",
      town,
      "--period",
      "2028",
      "--title",
      "Winter",
      "--text",
      "Which week?",
    ]);
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toContain("PLAN_PERIOD_MISMATCH");

    const opened = await ok(
      "plan",
      "propose",
      solved,
      "--body",
      town,
      "--period",
      "2027",
      "--title",
      "Winter",
      "--text",
      "Which week?",
    );
    expect(opened).toContain(" for 2027 ");
    const motion = JSON.parse(await ok("motion", "list", town, "--json")).find(
      (m: { kind: string }) => m.kind === "plan",
    ).id;
    expect(await ok("motion", "show", motion)).toContain(
      say("en", "plan.adopted.period", { period: "2027" }),
    );
    // Both rank the basic week first.
    await ok("vote", motion, "--rank", "1;2;0");
    await ok("--as", "bolat", "vote", motion, "--rank", "1;0;2");
    await ok("close", motion);
    const adopted = JSON.parse(
      await ok("plan", "adopted", "--body", town, "--json"),
    );
    expect(adopted).toMatchObject({
      motion,
      index: 1,
      period: "2027",
      labels: ["short week", "basic week", "long week"],
    });
    expect(adopted.variant.label).toBe("basic week");
    expect(adopted.figures.tiers[0].guarantee).toBe(1);
    const text = await ok("plan", "adopted", "--body", town);
    expect(text).toContain("basic week");
    expect(text).toContain(
      say("en", "plan.adopted.period", { period: "2027" }),
    );
    // In force for 2027, and for no other period.
    expect(
      JSON.parse(
        await ok(
          "plan",
          "adopted",
          "--body",
          town,
          "--period",
          "2027",
          "--json",
        ),
      ).motion,
    ).toBe(motion);
    const other = await kenges([
      "plan",
      "adopted",
      "--body",
      town,
      "--period",
      "2028",
    ]);
    expect(other.code).toBe(3);
    expect(other.stderr).toContain("PLAN_NOT_ADOPTED");
  });
});

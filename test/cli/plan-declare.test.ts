/**
 * A planning round from the command line, in one data directory with several identities
 * (`--as`): a depot declares a process and a need, its attester carries its totals up to the
 * national council (`kenges attest`), the council adds a collective need, and `kenges plan
 * show` gives the depot's declarations and the council's totals — aggregated, without the
 * depot's process. A quantity that is not decimal text is refused with its code.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { say } from "../../src/cli/words.js";
import { inProcessCli } from "./support/in-process-cli.js";

const work = mkdtempSync(join(tmpdir(), "kenges-plan-declare-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const kenges = inProcessCli(work, { prefix: ["--data", join(work, "data")] });

async function ok(...args: string[]): Promise<string> {
  const r = await kenges(args);
  if (r.code !== 0) throw new Error(`${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
}
const quiet = (...args: string[]) => ok(...args, "--quiet");

it("a depot's totals rise to the national council and are shown there without its process", async () => {
  await quiet("init", "--name", "Test", "--founder-name", "Zhanar");
  const nation = await quiet(
    "body",
    "create",
    "--kind",
    "council",
    "--level",
    "national",
    "--name",
    "Nation",
  );
  const aigerim = await quiet("key", "create", "--label", "aigerim");
  const depot = await quiet(
    "--as",
    "aigerim",
    "body",
    "create",
    "--name",
    "Depot",
    "--setting",
    "workplace",
  );
  await ok(
    "body",
    "link",
    depot,
    nation,
    "--seats",
    "1",
    "--attester",
    "aigerim",
  );
  const declared = JSON.parse(
    await ok(
      "--as",
      "aigerim",
      "plan",
      "declare",
      "process",
      "--body",
      depot,
      "--period",
      "2027",
      "--name",
      "Bus line 7",
      "--region",
      "north",
      "--output",
      "bus-km=12.5",
      "--input",
      "diesel=3",
      "--labour",
      "driver=1",
      "--labour",
      "mechanic=0.25",
      "--capacity",
      "4000",
      "--json",
    ),
  );
  expect(declared.labour).toEqual([
    { skill: "driver", hours: "1" },
    { skill: "mechanic", hours: "0.25" },
  ]);
  const need = await ok(
    "--as",
    "aigerim",
    "plan",
    "declare",
    "need",
    "--body",
    depot,
    "--period",
    "2027",
    "--product",
    "heating-gas",
    "--tier",
    "basic",
    "--region",
    "north",
    "--quantity",
    "120.5",
  );
  expect(need).toContain("120.5 heating-gas");
  await ok(
    "--as",
    "aigerim",
    "plan",
    "declare",
    "need",
    "--body",
    depot,
    "--period",
    "2027",
    "--product",
    "bus-km",
    "--tier",
    "basic",
    "--region",
    "north",
    "--quantity",
    "30000",
  );
  await ok("--as", "aigerim", "attest", depot);
  await ok(
    "plan",
    "declare",
    "need",
    "--body",
    nation,
    "--period",
    "2027",
    "--product",
    "clinic-hours",
    "--tier",
    "basic",
    "--region",
    "north",
    "--quantity",
    "900",
  );

  const own = JSON.parse(await ok("plan", "show", "--body", depot, "--json"));
  expect(own.rounds[0].processes.map((p: { name: string }) => p.name)).toEqual([
    "Bus line 7",
  ]);
  const shown = JSON.parse(
    await ok("plan", "show", "--body", nation, "--json"),
  );
  const [round] = shown.rounds;
  expect(round.processes).toEqual([]);
  expect(round.children.map((c: { body: string }) => c.body)).toEqual([depot]);
  expect(round.totals).toEqual({
    needs: [
      { product: "bus-km", tier: "basic", region: "north", quantity: "30000" },
      {
        product: "clinic-hours",
        tier: "basic",
        region: "north",
        quantity: "900",
      },
      {
        product: "heating-gas",
        tier: "basic",
        region: "north",
        quantity: "120.5",
      },
    ],
    supply: [
      {
        product: "bus-km",
        region: "north",
        capacity: "50000",
        coproducts: [],
        inputs: [{ product: "diesel", quantity: "12000" }],
        labour: [
          { skill: "driver", hours: "4000" },
          { skill: "mechanic", hours: "1000" },
        ],
      },
    ],
  });
  expect(JSON.stringify(round.totals)).not.toContain("Bus line 7");
  for (const lang of ["en", "kk", "ru", "ur"]) {
    const words = await ok("plan", "show", "--body", nation, "--lang", lang);
    expect(words).toContain(
      say(lang, "plan.show.labour", {
        labour: "driver 4000, mechanic 1000",
      }),
    );
  }

  // The council's limits, by motion: its delegate (the depot's, elected there) adopts them.
  const election = await quiet(
    "--as",
    "aigerim",
    "delegate",
    "elect",
    depot,
    "--council",
    nation,
    "--candidates",
    aigerim,
    "--method",
    "plurality",
  );
  await ok("--as", "aigerim", "vote", election, "--pick", "0");
  await ok("--as", "aigerim", "close", election);
  await ok("--as", "aigerim", "attest", depot);
  const motion = await quiet(
    "plan",
    "limits",
    nation,
    "--period",
    "2027",
    "--labour",
    "driver=2000",
    "--resource",
    "diesel=100000",
  );
  await ok("--as", "aigerim", "vote", motion, "yes");
  await ok("close", motion);
  const limited = JSON.parse(
    await ok("plan", "show", "--body", nation, "--json"),
  ).rounds[0].limits;
  expect(limited).toMatchObject({
    motion,
    labour: [{ skill: "driver", hours: "2000" }],
    resources: [{ product: "diesel", quantity: "100000" }],
    imports: [],
  });
  // Solved from the attested totals: 2000 drivers' hours run the line half its capacity.
  const plan = JSON.parse(
    await ok("plan", "solve", "--body", nation, "--period", "2027", "--json"),
  );
  expect(plan.status).toBe("optimal");
  const bus = plan.needs.find(
    (n: { product: string }) => n.product === "bus-km",
  );
  expect(bus.met).toBeCloseTo(25000, 3);
  expect(
    await ok(
      "plan",
      "solve",
      "--body",
      nation,
      "--period",
      "2027",
      "--lang",
      "ru",
    ),
  ).toContain(say("ru", "plan.solve.tiers"));

  // A planning round of the same totals: the bus line is short of what was declared, and a
  // second round after it carries the trajectory.
  const first = JSON.parse(
    await ok("plan", "round", "--body", nation, "--period", "2027", "--json"),
  );
  expect(first.report.round).toBe(1);
  expect(first.report.balanced).toBe(false);
  const busRound = first.report.products.find(
    (p: { name: string }) => p.name === "bus-km",
  );
  expect(busRound.delivered).toBeCloseTo(25000, 3);
  expect(busRound.needed).toBeCloseTo(
    plan.needs
      .filter((n: { product: string }) => n.product === "bus-km")
      .reduce((sum: number, n: { quantity: number }) => sum + n.quantity, 0),
    6,
  );
  expect(busRound.short).toBeCloseTo(busRound.needed - 25000, 3);
  const roundFile = join(work, "round-1.json");
  writeFileSync(roundFile, JSON.stringify(first));
  const second = JSON.parse(
    await ok(
      "plan",
      "round",
      "--body",
      nation,
      "--period",
      "2027",
      "--after",
      roundFile,
      "--json",
    ),
  );
  expect(second.report.round).toBe(2);
  expect(second.history.map((r: { round: number }) => r.round)).toEqual([1, 2]);

  // Variants of the same totals: another limit for the drivers, solved side by side.
  const variantsFile = join(work, "variants.json");
  writeFileSync(
    variantsFile,
    JSON.stringify({
      variants: [
        { label: "as limited" },
        { label: "more drivers", limits: { labour: { driver: 3000 } } },
      ],
    }),
  );
  const side = JSON.parse(
    await ok(
      "plan",
      "variants",
      "--body",
      nation,
      "--period",
      "2027",
      variantsFile,
      "--json",
    ),
  );
  expect(side.variants.map((v: { label: string }) => v.label)).toEqual([
    "as limited",
    "more drivers",
  ]);
  const drivers = (v: { labour: { skill: string; used: number }[] }) =>
    v.labour.find((l) => l.skill === "driver")!.used;
  expect(drivers(side.variants[0])).toBeCloseTo(2000, 2);
  expect(drivers(side.variants[1])).toBeGreaterThan(2000);

  // Solved for 2027, the variants are proposed for 2027: the plan motion carries the period.
  expect(side.period).toBe("2027");
  const sideFile = join(work, "side-solved.json");
  writeFileSync(sideFile, JSON.stringify(side));
  const proposal = ["plan", "propose", sideFile, "--body", nation];
  const words = ["--title", "Drivers", "--text", "Which limit?"];
  const mismatch = await kenges([...proposal, "--period", "2028", ...words]);
  expect(mismatch.code).toBe(2);
  expect(mismatch.stderr).toContain("PLAN_PERIOD_MISMATCH");
  const planMotion = await quiet(...proposal, ...words);
  const shownMotion = JSON.parse(
    await ok("motion", "show", planMotion, "--json"),
  );
  expect(shownMotion.motion.subject.period).toBe("2027");

  const state = JSON.parse(await ok("state", "--json"));
  const nationRound = state.views.plans.find(
    (v: { body: string }) => v.body === nation,
  );
  expect(nationRound.totals).toEqual(round.totals);

  const bad = await kenges([
    "--as",
    "aigerim",
    "plan",
    "declare",
    "need",
    "--body",
    depot,
    "--period",
    "2027",
    "--product",
    "bread",
    "--region",
    "north",
    "--quantity",
    "1e3",
    "--json",
  ]);
  expect(bad.code).toBe(5);
  expect(bad.stderr).toContain("PLAN_DECLARATION_INVALID");
  const kinds = await kenges(["plan", "declare", "machine", "--body", depot]);
  expect(kinds.code).toBe(2);
}, 120_000);

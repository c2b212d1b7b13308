/**
 * Actual output against a council's plan, from events (#15): two depots declare bus lines in the
 * north, the national council adopts a plan whose aggregate process is the north's bus-km (and a
 * tram line nobody declared), each depot reports what it ran so far, their attesters carry the
 * actuals up, and `kenges plan monitor --body` shows, by hand: 4000 + 1000 = 5000 bus-km made of
 * 7500 due (half the region's capacity, a quarter of the period in): 33.3 % under plan; the tram
 * line, with no report, listed apart. A depot's own monitor shows its line.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { say, term } from "../../src/cli/words.js";
import {
  NORTH_TRANSPORT,
  NORTH_TRANSPORT_WEEKS,
} from "../../src/planning/testing.js";
import { inProcessCli } from "./support/in-process-cli.js";

const work = mkdtempSync(join(tmpdir(), "kenges-plan-actuals-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const kenges = inProcessCli(work, { prefix: ["--data", join(work, "data")] });

async function ok(...args: string[]): Promise<string> {
  const r = await kenges(args);
  if (r.code !== 0) throw new Error(`${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
}
const quiet = (...args: string[]) => ok(...args, "--quiet");

function write(name: string, data: unknown): string {
  const file = join(work, name);
  writeFileSync(file, JSON.stringify(data, null, 2));
  return file;
}

/**
 * The council's plan model: the north's bus-km as its bodies attested them (60000 at full
 * capacity, one run) and a tram line. Needs of 30000 bus-km and 10000 tram-km run each half.
 */
const MODEL = write("north.json", NORTH_TRANSPORT);
const VARIANTS = write("weeks.json", { variants: NORTH_TRANSPORT_WEEKS });

async function depot(label: string, name: string, nation: string) {
  const key = await quiet("key", "create", "--label", label);
  const id = await quiet(
    "--as",
    label,
    "body",
    "create",
    "--name",
    name,
    "--setting",
    "workplace",
  );
  await ok("body", "link", id, nation, "--seats", "1", "--attester", label);
  return { id, key };
}

function declare(
  as: string,
  body: string,
  name: string,
  output: string,
  capacity: string,
) {
  return ok(
    "--as",
    as,
    "plan",
    "declare",
    "process",
    "--body",
    body,
    "--period",
    "2027",
    "--name",
    name,
    "--region",
    "north",
    "--output",
    `bus-km=${output}`,
    "--labour",
    "driver=0.1",
    "--capacity",
    capacity,
  );
}

function report(
  as: string,
  body: string,
  name: string,
  output: string,
  elapsed: string,
) {
  return ok(
    "--as",
    as,
    "plan",
    "report",
    "--body",
    body,
    "--period",
    "2027",
    "--name",
    name,
    "--output",
    output,
    "--elapsed",
    elapsed,
  );
}

it("a council's plan against its depots' attested reports: the sum, the exception, the silent line apart", async () => {
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
  const { id: east, key: aigerim } = await depot(
    "aigerim",
    "East depot",
    nation,
  );
  const { id: west } = await depot("bolat", "West depot", nation);
  // 12.5 × 4000 = 50000 bus-km and 1 × 10000 = 10000 at full capacity: 60000 in the north.
  await declare("aigerim", east, "Bus line 7", "12.5", "4000");
  await declare("bolat", west, "Bus line 9", "1", "10000");

  // No plan in force yet.
  const none = await kenges([
    "plan",
    "monitor",
    "--body",
    nation,
    "--period",
    "2027",
  ]);
  expect(none.code).toBe(3);
  expect(none.stderr).toContain("PLAN_NOT_ADOPTED");

  // The east depot's delegate votes in the council, which adopts the full week.
  const election = await quiet(
    "--as",
    "aigerim",
    "delegate",
    "elect",
    east,
    "--council",
    nation,
    "--candidates",
    aigerim,
    "--method",
    "plurality",
  );
  await ok("--as", "aigerim", "vote", election, "--pick", "0");
  await ok("--as", "aigerim", "close", election);
  await ok("--as", "aigerim", "attest", east);
  const solved = join(work, "solved.json");
  writeFileSync(
    solved,
    await ok("plan", "variants", MODEL, VARIANTS, "--json"),
  );
  const motion = await quiet(
    "plan",
    "propose",
    solved,
    "--body",
    nation,
    "--period",
    "2027",
    "--title",
    "Buses",
    "--text",
    "Which week?",
  );
  await ok("--as", "aigerim", "vote", motion, "--rank", "1;0");
  await ok("close", motion);

  // An undeclared line is refused; a first count is replaced by the later one.
  const undeclared = await kenges([
    "--as",
    "aigerim",
    "plan",
    "report",
    "--body",
    east,
    "--period",
    "2027",
    "--name",
    "Bus line 9",
    "--output",
    "1",
    "--elapsed",
    "0.25",
  ]);
  expect(undeclared.code).toBe(4);
  expect(undeclared.stderr).toContain("PLAN_PROCESS_UNKNOWN");
  await report("aigerim", east, "Bus line 7", "3000", "0.2");
  await report("aigerim", east, "Bus line 7", "4000", "0.25");
  await report("bolat", west, "Bus line 9", "1000", "0.25");
  await ok("--as", "aigerim", "attest", east);
  await ok("--as", "bolat", "attest", west);

  const shown = JSON.parse(
    await ok("plan", "show", "--body", nation, "--json"),
  );
  // Summed by hand: 4000 + 1000 made; 50000 × 0.25 + 10000 × 0.25 due at full capacity.
  expect(shown.rounds[0].totals.actual).toEqual([
    { product: "bus-km", region: "north", output: "5000", elapsed: "15000" },
  ]);
  expect(JSON.stringify(shown.rounds[0].totals)).not.toContain("Bus line");
  expect(await ok("plan", "show", "--body", nation, "--lang", "ru")).toContain(
    say("ru", "plan.show.actual", {
      product: "bus-km",
      region: "north",
      output: "5000",
      elapsed: "15000",
    }),
  );

  const monitored = JSON.parse(
    await ok("plan", "monitor", "--body", nation, "--period", "2027", "--json"),
  );
  expect(monitored).toMatchObject({ plan: motion, variant: "full week" });
  expect(monitored.elapsed).toBeCloseTo(0.25, 9);
  const bus = monitored.processes.find(
    (p: { name: string }) => p.name === "bus-km (north)",
  );
  // Half the north's 60000 planned; due a quarter in: 7500; made 5000: 5000 / 7500 − 1.
  expect(bus.main.planned).toBeCloseTo(30000, 3);
  expect(bus.main.expected).toBeCloseTo(7500, 3);
  expect(bus.main.actual).toBeCloseTo(5000, 3);
  expect(bus.deviation).toBeCloseTo(-1 / 3, 6);
  expect(bus.exception).toBe("under");
  const tram = monitored.processes.find(
    (p: { name: string }) => p.name === "tram-km (north)",
  );
  expect(tram).toMatchObject({ actual: null, exception: "silent" });
  expect(tram.main.planned).toBeCloseTo(10000, 3);

  for (const lang of ["en", "ru", "kk", "ur"]) {
    const text = await ok(
      "plan",
      "monitor",
      "--body",
      nation,
      "--period",
      "2027",
      "--lang",
      lang,
    );
    expect(text).toContain(say(lang, "plan.monitor.off-plan"));
    expect(text).toContain(say(lang, "plan.monitor.silent"));
    const [offPart, silentPart] = text.split(say(lang, "plan.monitor.silent"));
    const busRow = offPart!
      .split("\n")
      .find((l) => l.includes("bus-km (north)"))!;
    expect(busRow).toContain(term(lang, "plan-exception", "under"));
    expect(busRow).toMatch(/30\s?000.*7\s?500.*5\s?000/);
    expect(silentPart).toContain("tram-km (north)");
    expect(offPart).not.toContain("tram-km (north)");
  }
  // A threshold of 40 % takes the bus line off the exceptions.
  const wide = JSON.parse(
    await ok(
      "plan",
      "monitor",
      "--body",
      nation,
      "--period",
      "2027",
      "--threshold",
      "0.4",
      "--json",
    ),
  );
  expect(
    wide.processes.find((p: { name: string }) => p.name === "bus-km (north)")
      .exception,
  ).toBeNull();

  // The east depot sees its own line: half its 50000 planned, 6250 due, 4000 made.
  const own = JSON.parse(
    await ok("plan", "monitor", "--body", east, "--period", "2027", "--json"),
  );
  expect(own.processes).toHaveLength(1);
  expect(own.processes[0].name).toBe("Bus line 7");
  expect(own.processes[0].main.planned).toBeCloseTo(25000, 3);
  expect(own.processes[0].main.expected).toBeCloseTo(6250, 3);
  expect(own.processes[0].main.actual).toBeCloseTo(4000, 3);
  expect(own.processes[0].exception).toBe("under");
}, 120_000);

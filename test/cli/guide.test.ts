/**
 * docs/guide.md is executable: every ```sh block runs, in order, in one bash session, with
 * `kenges` being this checkout's CLI. A guide that drifts from the code fails here.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const work = mkdtempSync(join(tmpdir(), "kenges-guide-"));
// This checkout's CLI, compiled once (the guide runs it some ninety times; through a
// TypeScript loader each start would take seconds). Inside the checkout, so the compiled
// files find node_modules; .tmp/ is ignored by git.
const build = join(root, ".tmp", `guide-cli-${process.pid}`);
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(build, { recursive: true, force: true });
});

beforeAll(() => {
  // Emits even while other folders have type errors (type-checking is not this test's job).
  spawnSync(
    process.execPath,
    [
      join(root, "node_modules", "typescript", "bin", "tsc"),
      "-p",
      join(root, "tsconfig.build.json"),
      "--outDir",
      build,
      "--noCheck",
    ],
    { cwd: root, encoding: "utf8" },
  );
  expect(existsSync(join(build, "cli", "main.js"))).toBe(true);
  // The guide runs through the bundled `kenges` bin, as a user's would.
  const bundled = spawnSync(
    process.execPath,
    [join(root, "scripts", "bundle-cli.mjs"), "--dist", build],
    { cwd: root, encoding: "utf8" },
  );
  expect(bundled.stderr).toBe("");
  expect(existsSync(join(build, "bin", "kenges.js"))).toBe(true);
}, 120_000);

describe("docs/guide.md", () => {
  it("runs from the first command to kenges verify", () => {
    const guide = readFileSync(join(root, "docs", "guide.md"), "utf8");
    const blocks = [...guide.matchAll(/```sh\n([\s\S]*?)```/g)].map(
      (m) => m[1]!,
    );
    expect(blocks.length).toBeGreaterThan(5);
    // The guide's own `kenges` function calls npx; here it is this checkout's bundled CLI.
    const script = ["set -euo pipefail", ...blocks, ""]
      .join("\n")
      .replace(
        /^kenges\(\) \{.*\}$/m,
        `kenges() { ${join(build, "bin", "kenges.js")} "$@"; }`,
      )
      .replace(
        /^export KENGES_DATA=\$\(mktemp -d\)\/federation/m,
        `export KENGES_DATA=${work}/federation`,
      );
    const run = spawnSync("bash", ["-c", script], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, KENGES_DEBUG: "1" },
    });
    if (run.status !== 0)
      console.error(run.stdout.slice(-4000), run.stderr.slice(-4000));
    expect(run.status).toBe(0);
    const out = run.stdout;
    // KENGES_GUIDE_OUT=1 prints what the guide printed, to write the expectations below.
    if (process.env.KENGES_GUIDE_OUT) console.log(out);
    // What the guide promises along the way.
    expect(out).toMatch(/attesters still to sign: 1/);
    // The secret election: three ranked ballots with one-time keys, counted by instant runoff.
    expect(out).toMatch(/elected: Aigerim \(present 3 of 3\)/);
    expect(out).toMatch(/^Aigerim +\| +2\*$/m);
    expect(out).toMatch(/members +3 members: signed — in effect/);
    expect(out).toMatch(/Bolat +1\/1|Bus depot, Zhanaozen +1\/1 +Bolat/);
    expect(out).toMatch(/mandate deviations: 1/);
    expect(out).toMatch(/recall +Bolat recalled: signed — in effect/);
    // People are counted once, at the depot, however far the demand and the answers rose.
    expect(out).toMatch(/National Council of Action: 3 bodies, 3 members/);
    // Bodies (members / people taking part): the depot's 3 and the town council, no people.
    expect(out).toMatch(
      /total +0 \(0 \/ 0\) +0 \(0 \/ 0\) +2 \(3 \/ 3\) +0 \(0 \/ 0\)/,
    );
    expect(out).toMatch(/a member of two assemblies counts in each/);
    // The referendum: the depot's secret vote, attested up three levels, summed by the nation.
    expect(out).toMatch(
      /As National Council of Action holds it \(bodies summed: 1\): 3 of 3 voted — 2 yes, 1 no, 0 abstain/,
    );
    expect(out).toMatch(/the chair of Bus depot, Zhanaozen \(Aigerim\)/);
    expect(out).toMatch(/: \d+ claims on the councils above, 0 not matching/);
    // The meeting: three present, quorum met, the point of order first, in the minutes.
    expect(out).toMatch(/Present: 3 of 3 voters; quorum needs 1: quorum met/);
    expect(out).toMatch(/Spoke: Dana \(point of order\)/);
    // The meeting elected Dana, voted among those present, and adopted its minutes.
    expect(out).toMatch(/Motion “Hire a van”: adopted/);
    // Opened with --item, the vote sits in the minutes under the item it decided.
    expect(out).toMatch(
      /\d\. A van for the night shift \[[^\]]+\]\n(?: {3}.*\n)*? {3}Motion “Hire a van”: adopted/,
    );
    expect(out).toMatch(/these are the minutes adopted/);
    expect(out).toMatch(/Хаттама .*minutes-kk\.html/);
    // The region's plan: the basic guarantee and the bottlenecks the guide's words name.
    expect(out).toMatch(/basic: every need at least 85\.7 %/);
    expect(out).toMatch(/standard: every need at least 96\.0 %/);
    expect(out).toMatch(/hours of baker \(\+0\.357\)/);
    expect(out).toMatch(/hours of refiner \(\+0\.240\)/);
    // Three rounds: the council's revisions close the gap, and the plan balances.
    expect(out).toMatch(/The plan balances: every need is met in full/);
    expect(out).toMatch(/guarantee, basic +85\.7 % +96\.7 % +100\.0 %/);
    expect(out).toMatch(/bread short +100 +23\.038 +0/);
    // Variants side by side, put to the council's ranked vote; the one ranked first adopted.
    expect(out).toMatch(/basic: guarantee +100\.0 % +84\.7 % +88\.6 %/);
    expect(out).toMatch(
      /Plan in force: four days, more gas imported \(motion [0-9a-f]+, chosen among 3 variants\)/,
    );
    // Monitoring: the refinery under plan, the silent boiler house, heating at risk.
    expect(out).toMatch(
      /Zhanaozen refinery +736 +368 +290 +−21\.2 % +under plan/,
    );
    expect(out).toMatch(/Boiler house .* no report/);
    expect(out).toMatch(/heat +Aktau +basic +gas/);
    // The same from declarations: the town's totals without the depot, a round, a vote, and
    // the depot's report watched by the council.
    expect(out).toMatch(
      /Round 1 of the plan for Zhanaozen Municipal Council 2027/,
    );
    expect(out).toMatch(/bus-km +20000 +4000 +0 +14000 +basic \+0\.00500/);
    expect(out).toMatch(/elected: 1000 hours of driving/);
    expect(out).toMatch(
      /bus-km \(Zhanaozen\) +bus-km +20000 +10000 +6000 +−40\.0 % +under plan/,
    );
    expect(out).not.toMatch(/✗/);
    // The last JSON document is verify's report.
    const verify = JSON.parse(out.slice(out.lastIndexOf("\n{\n") + 1));
    expect(verify).toMatchObject({ ok: true, invalid: 0, quarantined: 0 });
    expect(verify.events).toBeGreaterThan(60);
    expect(Object.keys(verify.scopes)).toHaveLength(5);
  }, 600_000);
});

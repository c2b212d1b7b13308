/**
 * A referendum from the command line, in one data directory with several identities (`--as`):
 * the national council puts the question (its delegate adopts it), the depot votes on it and
 * its attester carries the result up; `kenges referendum show --json` and `kenges state --json`
 * give the depot's counts and the sum. Opening a vote on a question never put is refused.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { inProcessCli } from "./support/in-process-cli.js";

const work = mkdtempSync(join(tmpdir(), "kenges-referendum-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const kenges = inProcessCli(work, { prefix: ["--data", join(work, "data")] });

async function ok(...args: string[]): Promise<string> {
  const r = await kenges(args);
  if (r.code !== 0) throw new Error(`${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
}
const quiet = (...args: string[]) => ok(...args, "--quiet");

it("a depot's result rises to the national council and is summed there", async () => {
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
  await quiet("key", "create", "--label", "aigerim");
  const bolat = await quiet("key", "create", "--label", "bolat");
  const depot = await quiet(
    "--as",
    "aigerim",
    "body",
    "create",
    "--name",
    "Depot",
    "--endorsements",
    "1",
    "--quorum",
    "20",
  );
  const request = await quiet(
    "--as",
    "bolat",
    "member",
    "join",
    depot,
    "--name",
    "Bolat",
  );
  await ok("--as", "aigerim", "member", "endorse", request);
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
  const election = await quiet(
    "--as",
    "aigerim",
    "delegate",
    "elect",
    depot,
    "--council",
    nation,
    "--candidates",
    bolat,
    "--method",
    "plurality",
  );
  for (const who of ["aigerim", "bolat"])
    await ok("--as", who, "vote", election, "--pick", "0");
  await ok("--as", "aigerim", "close", election);
  await ok("--as", "aigerim", "attest", depot);

  const referendum = await quiet(
    "referendum",
    "put",
    nation,
    "--title",
    "Public buses",
    "--text",
    "Shall the buses stay public?",
  );
  await ok("--as", "bolat", "vote", referendum, "yes");
  await ok("close", referendum);
  const asked = await quiet(
    "--as",
    "aigerim",
    "referendum",
    "open",
    referendum,
    "--body",
    depot,
  );
  await ok("--as", "aigerim", "vote", asked, "yes");
  await ok("--as", "bolat", "vote", asked, "no");
  await ok("--as", "aigerim", "close", asked);
  await ok("--as", "aigerim", "attest", depot);

  const shown = JSON.parse(
    await ok("referendum", "show", referendum, "--json"),
  );
  expect(shown.tally.total).toEqual({
    counts: [1, 1, 0],
    eligible: 2,
    cast: 2,
    bodies: 1,
  });
  expect(shown.tally.entries.map((e: { body: string }) => e.body)).toEqual([
    depot,
  ]);
  const words = await ok("referendum", "show", referendum);
  expect(words).toMatch(/1 yes, 1 no, 0 abstain/);
  const state = JSON.parse(await ok("state", "--json"));
  const [view] = state.views.referendums;
  expect(view.referendum).toBe(referendum);
  expect(view.tallies[0].total.counts).toEqual([1, 1, 0]);
  // The depot's audit finds the claim the same as its close.
  const audit = await ok("audit", depot);
  expect(audit).toMatch(/results of the referendum “Public buses”/);
  expect(audit).toMatch(/0 not matching/);

  const unknown = await kenges([
    "--as",
    "aigerim",
    "referendum",
    "open",
    asked,
    "--body",
    depot,
  ]);
  expect(unknown.code).toBe(3);
  expect(unknown.stderr).toMatch(/ID_NOT_FOUND|not|Nothing/);
}, 120_000);

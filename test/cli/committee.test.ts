/**
 * A committee elected by the body it is accountable to, from the command line: the body
 * elects, the chair closes, someone elected seats the decision in the committee; the elected
 * then take part in the committee; a recall unseats one; a spent or foreign close is refused
 * with a code.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { inProcessCli } from "./support/in-process-cli.js";

const work = mkdtempSync(join(tmpdir(), "kenges-committee-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const dir = join(work, "data");

const kenges = inProcessCli(work, { prefix: ["--data", dir] });

async function ok(...args: string[]): Promise<string> {
  const r = await kenges([...args, "--quiet"]);
  if (r.code !== 0) throw new Error(`${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
}

async function membersOf(body: string): Promise<string[]> {
  const r = await kenges(["member", "list", body, "--json"]);
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { member: string }[])
    .map((m) => m.member)
    .sort();
}

let BODY = "";
let COMMITTEE = "";
let ME = "";
let DANA = "";
let ERLAN = "";
let AIGUL = "";
beforeAll(async () => {
  await ok("init", "--name", "Test", "--founder-name", "Zhanar");
  BODY = await ok(
    "body",
    "create",
    "--name",
    "Depot",
    "--endorsements",
    "1",
    "--quorum",
    "10",
  );
  ME = await ok("key", "show");
  const keys: string[] = [];
  for (const [label, name] of [
    ["dana", "Dana"],
    ["erlan", "Erlan"],
    ["aigul", "Aigul"],
  ] as const) {
    await ok("key", "create", "--label", label);
    keys.push(await ok("--as", label, "key", "show"));
    const request = await ok(
      "--as",
      label,
      "member",
      "join",
      BODY,
      "--name",
      name,
    );
    await ok("member", "endorse", request);
  }
  [DANA, ERLAN, AIGUL] = keys as [string, string, string];
  COMMITTEE = await ok(
    "body",
    "create",
    "--kind",
    "committee",
    "--name",
    "Safety committee",
    "--accountable-to",
    BODY,
    "--endorsements",
    "1",
    "--quorum",
    "10",
  );
}, 180_000);

it("elects two of three candidates, seats them, and recalls one", async () => {
  const election = await ok(
    "committee",
    "elect",
    BODY,
    "--committee",
    COMMITTEE,
    "--candidates",
    [DANA, ERLAN, AIGUL].map((k) => k.slice(0, 12)).join(","),
    "--seats",
    "2",
    "--method",
    "approval",
  );
  for (const who of [[], ["--as", "dana"], ["--as", "erlan"]])
    await ok(...who, "vote", election, "--approve", "0;1");
  await ok("close", election);
  // Not yet seated: Dana is no member of the committee. Nor is its founder, who chairs it
  // without a vote (coordinating is not voting).
  expect(await membersOf(COMMITTEE)).toEqual([]);
  // Aigul was not elected and does not chair the body: she may not seat it.
  const stranger = await kenges([
    "--as",
    "aigul",
    "committee",
    "seat",
    election,
  ]);
  expect(stranger.code).toBe(4);
  expect(stranger.stderr).toContain("NOT_A_CHAIR");
  const seated = await kenges([
    "--as",
    "dana",
    "committee",
    "seat",
    election,
    "--json",
  ]);
  expect(seated.code, seated.stderr).toBe(0);
  expect(JSON.parse(seated.stdout)).toMatchObject({
    committee: COMMITTEE,
    motion: election,
  });
  expect(await membersOf(COMMITTEE)).toEqual([DANA, ERLAN].sort());
  // The elected take part in the committee; Aigul does not.
  const motion = await ok(
    "--as",
    "erlan",
    "motion",
    "open",
    COMMITTEE,
    "--title",
    "Inspect the boilers",
    "--text",
    "Monthly.",
  );
  await ok("--as", "dana", "vote", motion, "yes");
  const outsider = await kenges(["--as", "aigul", "vote", motion, "yes"]);
  expect(outsider.code).toBe(4);
  expect(outsider.stderr).toContain("NOT_A_MEMBER");
  // Seating the same election again is refused.
  const again = await kenges(["committee", "seat", election]);
  expect(again.code).toBe(4);
  expect(again.stderr).toContain("COMMITTEE_SEATING_STALE");

  const recall = await ok(
    "committee",
    "recall",
    BODY,
    "--committee",
    COMMITTEE,
    "--member",
    ERLAN.slice(0, 12),
  );
  for (const who of [[], ["--as", "dana"], ["--as", "aigul"]])
    await ok(...who, "vote", recall, "yes");
  await ok("close", recall);
  await ok("committee", "seat", recall);
  expect(await membersOf(COMMITTEE)).toEqual([DANA]);
});

it("refuses to seat a motion that is no committee decision", async () => {
  const motion = await ok(
    "motion",
    "open",
    BODY,
    "--title",
    "Shifts",
    "--text",
    "Eight hours.",
  );
  await ok("vote", motion, "yes");
  await ok("close", motion);
  const r = await kenges(["committee", "seat", motion]);
  expect(r.code).toBe(4);
  expect(r.stderr).toContain("COMMITTEE_CLOSE_INVALID");
  // A committee named for another body is refused before anything is signed.
  const wrong = await kenges([
    "committee",
    "elect",
    COMMITTEE,
    "--committee",
    COMMITTEE,
    "--candidates",
    ME.slice(0, 12),
  ]);
  expect(wrong.code).not.toBe(0);
  expect(wrong.stderr).toContain("BODY_KIND_INVALID");
});

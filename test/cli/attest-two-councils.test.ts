/**
 * `kenges attest` for a body linked to two councils: a delegate sitting on both leaves, and
 * the one vacancy claim (the same claim hash on each council) is signed on both and takes
 * effect on both.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { inProcessCli } from "./support/in-process-cli.js";

const work = mkdtempSync(join(tmpdir(), "kenges-two-councils-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

it("a delegate on two councils leaves: attest signs the one vacancy on both, in effect on both", async () => {
  const dir = join(work, "data");
  const run = inProcessCli(work, { prefix: ["--data", dir] });
  const at = async (who: string | null, ...args: string[]) => {
    const r = await run([...(who ? ["--as", who] : []), ...args, "--quiet"]);
    if (r.code !== 0) throw new Error(`${args.join(" ")}: ${r.stderr}`);
    return r.stdout.trim();
  };
  await at(null, "init", "--name", "Test");
  const council = (name: string) =>
    at(null, "body", "create", "--kind", "council", "--name", name);
  const town = await council("Town");
  const transport = await council("Transport workers");
  for (const k of ["aigerim", "bolat"])
    await at(null, "key", "create", "--label", k);
  const depot = await at(
    "aigerim",
    "body",
    "create",
    "--name",
    "Depot",
    "--founder-name",
    "Aigerim",
    "--endorsements",
    "1",
  );
  await at(
    "aigerim",
    "member",
    "endorse",
    await at("bolat", "member", "join", depot, "--name", "Bolat"),
  );
  const bolat = await at("bolat", "key", "show");
  for (const c of [town, transport]) {
    await at(null, "body", "link", depot, c, "--attester", "aigerim");
    const election = await at(
      "aigerim",
      "delegate",
      "elect",
      depot,
      "--council",
      c,
      "--candidates",
      bolat,
      "--method",
      "plurality",
    );
    for (const k of ["aigerim", "bolat"])
      await at(k, "vote", election, "--pick", "0");
    await at("aigerim", "close", election);
  }
  await at("aigerim", "attest", depot);
  await at("bolat", "member", "leave", depot);
  const attested = JSON.parse(
    (await run(["--as", "aigerim", "attest", depot, "--json"])).stdout,
  ).attested as {
    council: string;
    kind: string;
    hash: string;
    effective: boolean;
    refused: unknown;
  }[];
  const vacancies = attested.filter((o) => o.kind === "vacancy");
  expect(vacancies.map((o) => o.council).sort()).toEqual(
    [town, transport].sort(),
  );
  expect(vacancies[0]!.hash).toBe(vacancies[1]!.hash);
  for (const o of vacancies)
    expect(o).toMatchObject({ effective: true, refused: null });
  for (const c of [town, transport])
    expect(await at(null, "delegate", "list", c)).toMatch(
      /Depot +0\/1 +\(vacant\)/,
    );
  const left = JSON.parse(
    (await run(["--as", "aigerim", "attest", depot, "--dry-run", "--json"]))
      .stdout,
  );
  expect(left.pending).toEqual([]);
}, 120_000);

/**
 * The `kenges` command as a user meets it: the demo, verify, errors on one line with a
 * non-zero exit and a stable code, key backups, and a refused action that leaves no trace.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CommandIo } from "../../src/cli/command.js";
import { runCli } from "../../src/cli/main.js";

const work = mkdtempSync(join(tmpdir(), "kenges-cli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function kenges(args: string[], env: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const io: CommandIo = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env: { KENGES_PASSPHRASE: "correct horse battery", ...env },
    cwd: work,
    readPassphrase: async () =>
      env.KENGES_PASSPHRASE ?? "correct horse battery",
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

const demo = join(work, "demo");

describe("kenges with the demo federation", () => {
  beforeAll(async () => {
    const r = await kenges(["--data", demo, "demo", "--seed", "11"]);
    expect(r.code).toBe(0);
  }, 120_000);

  it("verifies: ok, every event counted, the state hash of the demo", async () => {
    const state = await kenges(["--data", demo, "state", "--json"]);
    const { stateHash, events } = JSON.parse(state.stdout);
    const r = await kenges(["--data", demo, "verify", "--json"]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toEqual({
      ok: true,
      events,
      invalid: 1,
      quarantined: 0,
      stateHash,
    });
  }, 120_000);

  it("state --json exposes seats, delegates, mandates, deviations, demands with aggregates and calls with roll-ups", async () => {
    const { stdout } = await kenges(["--data", demo, "state", "--json"]);
    const s = JSON.parse(stdout);
    expect(s.state.delegations.length).toBeGreaterThan(10);
    expect(s.state.mandates.length).toBeGreaterThan(5);
    expect(s.state.deviations.length).toBe(1);
    expect(
      s.views.delegates.some(
        (d: { recalls: string[] }) => d.recalls.length === 1,
      ),
    ).toBe(true);
    expect(s.views.demands[0].levels.length).toBeGreaterThanOrEqual(2);
    expect(s.views.calls[0].rollups[0].days.length).toBeGreaterThanOrEqual(3);
  }, 60_000);

  it("refuses to build a demo into a non-empty directory", async () => {
    const r = await kenges(["--data", demo, "demo"]);
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(/^kenges: STORE_NOT_EMPTY: .+\n$/);
  });

  it("an action the rules refuse exits 4 with the code, and stores nothing", async () => {
    const before = JSON.parse(
      (await kenges(["--data", demo, "state", "--json"])).stdout,
    ).events;
    const motions = JSON.parse(
      (await kenges(["--data", demo, "state", "--json"])).stdout,
    ).state.motions;
    const decided = motions.find(
      (m: { status: string }) => m.status === "decided",
    );
    const r = await kenges([
      "--data",
      demo,
      "--as",
      "p1",
      "vote",
      decided.id.slice(0, 12),
      "yes",
    ]);
    expect(r.code).toBe(4);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^kenges: (BALLOT_AFTER_CLOSE|NOT_A_MEMBER): /);
    const after = JSON.parse(
      (await kenges(["--data", demo, "state", "--json"])).stdout,
    ).events;
    expect(after).toBe(before);
  }, 60_000);

  it("recounts a decided election from the log and exports its ballots as BLT", async () => {
    const motions = JSON.parse(
      (await kenges(["--data", demo, "state", "--json"])).stdout,
    ).state.motions;
    const election = motions.find(
      (m: { kind: string; status: string; method: string }) =>
        m.kind === "election" &&
        m.status === "decided" &&
        m.method === "scottish-stv",
    );
    const r = await kenges([
      "--data",
      demo,
      "tally",
      "--motion",
      election.id,
      "--json",
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      method: "scottish-stv",
      matches: true,
    });
    const out = join(work, "election.blt");
    expect(
      (
        await kenges([
          "--data",
          demo,
          "ballots",
          "--motion",
          election.id,
          "--out",
          out,
        ])
      ).code,
    ).toBe(0);
    const blt = readFileSync(out, "utf8");
    expect(blt.split("\n")[0]).toBe(
      `${election.options.length} ${election.seats}`,
    );
    const again = await kenges([
      "tally",
      out,
      "--method",
      "scottish-stv",
      "--json",
    ]);
    expect(JSON.parse(again.stdout).elected).toEqual(
      election.result.election.elected.map(
        (i: number) => election.options[i].label,
      ),
    );
  }, 60_000);

  it("catches a byte changed in the store, naming the event, with a non-zero exit", async () => {
    const copy = join(work, "tampered");
    await kenges(["--data", copy, "demo", "--seed", "11"]);
    const db = new Database(join(copy, "kenges.sqlite"));
    const row = db
      .prepare(
        "SELECT pos, payload FROM events WHERE payload IS NOT NULL ORDER BY pos LIMIT 1 OFFSET 100",
      )
      .get() as { pos: number; payload: Buffer };
    const changed = Buffer.from(row.payload);
    changed[changed.length - 1]! ^= 1;
    db.prepare("UPDATE events SET payload = ? WHERE pos = ?").run(
      changed,
      row.pos,
    );
    db.close();
    const r = await kenges(["--data", copy, "verify", "--json"]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({
      code: "PAYLOAD_HASH_MISMATCH",
      id: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  }, 120_000);
});

describe("kenges errors and keys", () => {
  it("an unknown command is one line and exit 2", async () => {
    const r = await kenges(["frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^kenges: COMMAND_UNKNOWN: .*frobnicate.*\n$/);
  });

  it("messages follow --lang", async () => {
    const r = await kenges([
      "--lang",
      "ru",
      "--data",
      join(work, "nothing"),
      "state",
    ]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^kenges: STORE_EMPTY: .*[А-Яа-я]/);
  });

  it("init, then a key backup opens only with its passphrase", async () => {
    const dir = join(work, "fresh");
    expect((await kenges(["--data", dir, "init", "--name", "Test"])).code).toBe(
      0,
    );
    const backup = join(work, "operator.kenges-key");
    expect(
      (await kenges(["--data", dir, "key", "export", "--out", backup])).code,
    ).toBe(0);
    const other = join(work, "other");
    const wrong = await kenges(
      ["--data", other, "key", "import", backup, "--label", "me"],
      { KENGES_PASSPHRASE: "not it" },
    );
    expect(wrong.code).toBe(6);
    expect(wrong.stderr).toMatch(/^kenges: PASSPHRASE_WRONG: /);
    const right = await kenges([
      "--data",
      other,
      "key",
      "import",
      backup,
      "--label",
      "me",
    ]);
    expect(right.code).toBe(0);
    const shown = await kenges(["--data", dir, "key", "show", "--json"]);
    expect(right.stdout).toContain(JSON.parse(shown.stdout).publicKey);
    writeFileSync(join(work, "garbage.kenges-key"), "not a key");
    const bad = await kenges([
      "--data",
      other,
      "key",
      "import",
      join(work, "garbage.kenges-key"),
      "--label",
      "x",
    ]);
    expect(bad.stderr).toMatch(/^kenges: SEALED_BOX_MALFORMED: /);
  }, 60_000);
});

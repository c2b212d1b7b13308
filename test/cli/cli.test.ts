/**
 * The `kenges` command as a user meets it: the demo, verify, errors on one line with a
 * non-zero exit and a stable code, key backups, a refused action that leaves no trace — and
 * in event format 2: hashes per scope, attesters carrying facts up, and an audit that shows a
 * rogue chair's invented election in words, in the member's language.
 */
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3-multiple-ciphers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CommandIo } from "../../src/cli/command.js";
import { openSealedKey } from "../../src/cli/keyring.js";
import { runCli } from "../../src/cli/main.js";
import { eventFromParts, readableScopes } from "../../src/core/index.js";
import { Replica } from "../../src/replica/index.js";
import {
  createTestDataDir,
  keyRawDatabase,
  openDirStore,
  readDemoKeys,
} from "./support/data-dir-key.js";
import { dataDirEnv } from "./support/in-process-cli.js";

const work = mkdtempSync(join(tmpdir(), "kenges-cli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const PASSPHRASE = "correct horse battery";

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
    env: { KENGES_PASSPHRASE: PASSPHRASE, ...dataDirEnv(), ...env },
    cwd: work,
    readPassphrase: async () => env.KENGES_PASSPHRASE ?? PASSPHRASE,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

/** Runs a command that must succeed; returns its trimmed output. */
async function ok(args: string[]): Promise<string> {
  const r = await kenges(args);
  if (r.code !== 0) throw new Error(`${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
}

const demo = join(work, "demo");

interface DemoPerson {
  label: string;
  publicKey: string;
  roles: string[];
}

describe("kenges with the demo federation", () => {
  let people: DemoPerson[] = [];

  beforeAll(async () => {
    const r = await kenges(["--data", demo, "demo", "--seed", "11"]);
    expect(r.code).toBe(0);
    people = (await readDemoKeys<{ people: DemoPerson[] }>(demo)).people;
  }, 240_000);

  it("verifies: ok, every event counted, the state hash and every scope's hash of the demo", async () => {
    const state = await kenges(["--data", demo, "state", "--json"]);
    const { stateHash, events, scopes } = JSON.parse(state.stdout);
    expect(Object.keys(scopes).length).toBeGreaterThan(40);
    const r = await kenges(["--data", demo, "verify", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      ok: true,
      events,
      invalid: 1,
      quarantined: 0,
      stateHash,
      payloadPending: [],
      scopes,
      // The demo holds no secret vote: nothing to report of tokens or double spends.
      secretBallots: [],
    });
  }, 120_000);

  it("state --json exposes, scope by scope, seats, delegates, mandates, deviations, demands with aggregates and calls with roll-ups", async () => {
    const { stdout } = await kenges(["--data", demo, "state", "--json"]);
    const s = JSON.parse(stdout);
    const all = (table: string) =>
      Object.values(
        s.state as Record<string, Record<string, unknown[]>>,
      ).flatMap((scope) => scope[table] ?? []);
    expect(all("delegations").length).toBeGreaterThan(10);
    expect(all("mandates").length).toBeGreaterThan(5);
    expect(all("deviations")).toHaveLength(1);
    expect(all("claims").length).toBeGreaterThan(100);
    expect(
      s.views.delegates.some(
        (d: { recalls: string[] }) => d.recalls.length === 1,
      ),
    ).toBe(true);
    expect(s.views.demands[0].levels.length).toBeGreaterThanOrEqual(2);
    const rollups = s.views.calls[0].rollups as { days: unknown[] }[];
    expect(
      Math.max(...rollups.map((r) => r.days.length)),
    ).toBeGreaterThanOrEqual(3);
  }, 60_000);

  it("attesters have carried everything up, and every body's audit finds its log agrees", async () => {
    const attester = people.find((p) =>
      p.roles.some((r) => r.startsWith("attester: ")),
    )!;
    const body = attester.roles
      .find((r) => r.startsWith("attester: "))!
      .slice("attester: ".length);
    const bodies = JSON.parse(
      await ok(["--data", demo, "body", "list", "--json"]),
    ) as { id: string; name: { en: string } }[];
    const id = bodies.find((b) => b.name.en === body)!.id;
    const dry = await ok([
      "--data",
      demo,
      "--as",
      attester.label,
      "attest",
      id.slice(0, 10),
      "--dry-run",
      "--json",
    ]);
    expect(JSON.parse(dry).pending).toEqual([]);
    const audit = await kenges(["--data", demo, "audit", id, "--json"]);
    expect(audit.code).toBe(0);
    const report = JSON.parse(audit.stdout);
    expect(report.mismatches).toBe(0);
    expect(report.claims.length).toBeGreaterThan(3);
    // Someone who does not attest for the body signs nothing for it.
    const stranger = people.find(
      (p) => p.roles.length > 0 && !p.roles.includes(`attester: ${body}`),
    )!;
    const refused = await kenges([
      "--data",
      demo,
      "--as",
      stranger.label,
      "attest",
      id,
    ]);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toMatch(/^kenges: NOT_AN_ATTESTER: .+\n$/);
  }, 60_000);

  it("log shows each event's scope and kseq, and --scope keeps one scope", async () => {
    const bodies = JSON.parse(
      await ok(["--data", demo, "body", "list", "--json"]),
    ) as { id: string; kind: string }[];
    const council = bodies.find((b) => b.kind === "council")!.id;
    const log = JSON.parse(
      await ok([
        "--data",
        demo,
        "log",
        "--scope",
        council,
        "--limit",
        "20",
        "--json",
      ]),
    );
    expect(log.events.length).toBeGreaterThan(0);
    for (const e of log.events) {
      expect(e.scope).toBe(council);
      expect(e.kseq).toBeGreaterThanOrEqual(e.seq);
    }
  }, 60_000);

  it("refuses to build a demo into a non-empty directory", async () => {
    const r = await kenges(["--data", demo, "demo"]);
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(/^kenges: STORE_NOT_EMPTY: .+\n$/);
  });

  it("an action the rules refuse exits 4 with the code, and stores nothing", async () => {
    const s = JSON.parse(
      (await kenges(["--data", demo, "state", "--json"])).stdout,
    );
    const before = s.events;
    const decided = Object.values(
      s.state as Record<string, { motions?: { status: string; id: string }[] }>,
    )
      .flatMap((scope) => scope.motions ?? [])
      .find((m) => m.status === "decided")!;
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
    const s = JSON.parse(
      (await kenges(["--data", demo, "state", "--json"])).stdout,
    );
    const election = Object.values(
      s.state as Record<string, { motions?: Record<string, unknown>[] }>,
    )
      .flatMap((scope) => scope.motions ?? [])
      .find(
        (m) =>
          m.kind === "election" &&
          m.status === "decided" &&
          m.method === "scottish-stv",
      ) as {
      id: string;
      options: { label: string }[];
      seats: number;
      result: { election: { elected: number[] } };
    };
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
      election.result.election.elected.map((i) => election.options[i]!.label),
    );
  }, 60_000);

  it("catches a byte changed in the store, naming the event, with a non-zero exit", async () => {
    const copy = join(work, "tampered");
    await kenges(["--data", copy, "demo", "--seed", "11"]);
    const db = new Database(join(copy, "kenges.sqlite"));
    await keyRawDatabase(db, copy);
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
  }, 240_000);
});

describe("a federation built by hand: links, attestations and an audit", () => {
  const dir = join(work, "by-hand");
  const at = (who: string | null, ...args: string[]) =>
    ok(["--data", dir, ...(who ? ["--as", who] : []), ...args, "--quiet"]);
  let TOWN = "";
  let DEPOT = "";
  let DANA = "";

  beforeAll(async () => {
    await at(null, "init", "--name", "Test", "--founder-name", "Zhanar");
    TOWN = await at(
      null,
      "body",
      "create",
      "--kind",
      "council",
      "--name",
      "Town council",
      "--endorsements",
      "1",
      "--public",
    );
    await at(null, "key", "create", "--label", "aigerim");
    await at(null, "key", "create", "--label", "dana");
    DANA = await at("dana", "key", "show");
    DEPOT = await at(
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
    const request = await at("dana", "member", "join", DEPOT, "--name", "Dana");
    await at("aigerim", "member", "endorse", request);
  }, 120_000);

  it("links a body with its card, seats and attesters; the card names it on the council", async () => {
    const missing = await kenges([
      "--data",
      dir,
      "body",
      "link",
      DEPOT,
      TOWN,
      "--attester",
      "nobody",
    ]);
    expect(missing.code).toBe(6);
    expect(missing.stderr).toMatch(/^kenges: KEY_NOT_FOUND: /);
    const stranger = await kenges([
      "--data",
      dir,
      "--as",
      "dana",
      "body",
      "link",
      DEPOT,
      TOWN,
      "--attester",
      "aigerim",
    ]);
    expect(stranger.code).toBe(4);
    expect(stranger.stderr).toMatch(/^kenges: NOT_A_COORDINATOR: /);
    const linked = JSON.parse(
      await ok([
        "--data",
        dir,
        "body",
        "link",
        DEPOT,
        TOWN,
        "--seats",
        "1",
        "--attester",
        "aigerim",
        "--json",
      ]),
    );
    expect(linked).toMatchObject({ council: TOWN, child: DEPOT, threshold: 1 });
    const shown = await ok(["--data", dir, "body", "show", TOWN]);
    expect(shown).toMatch(
      /receives 1 seat\(s\) from Depot .*attesters Aigerim/,
    );
  });

  it("attest signs what the body's log implies, once", async () => {
    const dry = JSON.parse(
      await ok([
        "--data",
        dir,
        "--as",
        "aigerim",
        "attest",
        DEPOT,
        "--dry-run",
        "--json",
      ]),
    );
    expect(dry.pending.map((p: { kind: string }) => p.kind)).toEqual([
      "members",
    ]);
    const signed = await ok([
      "--data",
      dir,
      "--as",
      "aigerim",
      "attest",
      DEPOT,
    ]);
    expect(signed).toMatch(/members +2 members: signed — in effect/);
    const again = await ok(["--data", dir, "--as", "aigerim", "attest", DEPOT]);
    expect(again).toMatch(/^Nothing to sign/);
    const ru = await ok([
      "--data",
      dir,
      "--as",
      "aigerim",
      "--lang",
      "ru",
      "attest",
      DEPOT,
    ]);
    expect(ru).toMatch(/^Подписывать нечего/);
  });

  it("the audit shows a rogue chair's invented election in words, in the reader's language, and exits 1", async () => {
    // Aigerim, chair and sole attester, tells the council Dana was elected: no vote took place.
    const replica = await Replica.open(await openDirStore(dir));
    const key = openSealedKey(
      readFileSync(join(dir, "keys", "aigerim.key")),
      PASSPHRASE,
    );
    const { error } = await replica.sign(
      key,
      TOWN,
      "attestation.made",
      {
        body: DEPOT,
        claim: {
          kind: "seats",
          cites: DEPOT,
          elected: [{ member: DANA, name: "Dana" }],
          full: true,
        },
      },
      Date.now(),
    );
    expect(error).toBeNull();
    await replica.close();
    const listed = await ok(["--data", dir, "delegate", "list", TOWN]);
    expect(listed).toMatch(/Depot +1\/1 +Dana/);
    const audit = await kenges(["--data", dir, "--as", "dana", "audit", DEPOT]);
    expect(audit.code).toBe(1);
    expect(audit.stdout).toContain(
      "✗ the chair of Depot (Aigerim) told Town council: Dana elected; no close of Depot says so (in effect)",
    );
    const ru = await kenges(["--data", dir, "--lang", "ru", "audit", DEPOT]);
    expect(ru.stdout).toContain(
      "От председателя «Depot» (Aigerim) совету «Town council»: избраны: Dana; ни одно закрытие голосования в «Depot» этого не говорит",
    );
    const json = JSON.parse(
      (await kenges(["--data", dir, "audit", DEPOT, "--json"])).stdout,
    );
    expect(json.mismatches).toBe(1);
    expect(
      json.claims.find((c: { status: string }) => c.status === "mismatch"),
    ).toMatchObject({ kind: "seats", problem: "ATTESTATION_CITES_UNKNOWN" });
  });

  it("the council's credentials vote replaces the body's attesters", async () => {
    const motion = await at(
      null,
      "motion",
      "open",
      TOWN,
      "--kind",
      "credentials",
      "--for",
      DEPOT,
      "--attester",
      "dana",
      "--title",
      "New attesters for the depot",
      "--text",
      "Its chair attested an election that did not happen.",
    );
    // The council's one seated delegate votes; the coordinator opens and closes, no vote.
    await at("dana", "vote", motion, "yes");
    await at(null, "close", motion);
    const old = await kenges([
      "--data",
      dir,
      "--as",
      "aigerim",
      "attest",
      DEPOT,
    ]);
    expect(old.code).toBe(4);
    expect(old.stderr).toMatch(/^kenges: NOT_AN_ATTESTER: /);
    const shown = await ok(["--data", dir, "body", "show", DEPOT]);
    expect(shown).toMatch(/sends 1 seat\(s\) to Town council .*attesters Dana/);
  });

  it("a device acts for its member where it was added, until the member revokes it everywhere", async () => {
    const phone = await at(null, "key", "create", "--label", "phone");
    const added = JSON.parse(
      await ok([
        "--data",
        dir,
        "--as",
        "dana",
        "key",
        "add-device",
        "phone",
        "--json",
      ]),
    );
    // Dana is a member of the depot and (by the rogue claim) sits on the town council: the
    // device is registered in both, the lower scope first.
    expect(added).toMatchObject({
      key: phone,
      member: DANA,
      bodies: [DEPOT, TOWN],
    });
    const motion = await at(
      "aigerim",
      "motion",
      "open",
      DEPOT,
      "--title",
      "Night shifts",
      "--text",
      "No one drives alone at night.",
    );
    await at("phone", "vote", motion, "yes");
    const revoked = JSON.parse(
      await ok([
        "--data",
        dir,
        "--as",
        "dana",
        "key",
        "revoke",
        "phone",
        "--json",
      ]),
    );
    expect(revoked.key).toBe(phone);
    const late = await kenges([
      "--data",
      dir,
      "--as",
      "phone",
      "comment",
      motion,
      "--text",
      "Still here.",
    ]);
    expect(late.code).toBe(4);
    expect(late.stderr).toMatch(/^kenges: KEY_REVOKED: /);
    const shown = JSON.parse(
      await ok(["--data", dir, "motion", "show", motion, "--json"]),
    );
    expect(shown.ballots.map((b: { member: string }) => b.member)).toEqual([
      DANA,
    ]);
  });

  it("log and state read a replica holding only what an outsider receives: the federation scope and public bodies", async () => {
    const full = await Replica.open(await openDirStore(dir));
    const readable = readableScopes(full.fold, { kind: "outsider" });
    const ids = full.fold
      .orderedIds()
      .filter((id) => readable.has(full.fold.scopeOf(id)!));
    const events = [];
    for (const id of ids) {
      const stored = (await full.store.get(id))!;
      const e = eventFromParts(
        stored.envelope,
        stored.signature,
        stored.payload,
      );
      if (e.ok) events.push(e.value);
    }
    await full.close();
    const outside = join(work, "outsider");
    mkdirSync(outside);
    const partial = await Replica.open(await createTestDataDir(outside));
    expect((await partial.ingest(events)).added).toBe(ids.length);
    await partial.close();
    const log = JSON.parse(await ok(["--data", outside, "log", "--json"]));
    expect(log.total).toBe(ids.length);
    expect(log.scopes).toBe(2);
    expect(
      new Set(log.events.map((e: { scope: string }) => e.scope)).has(DEPOT),
    ).toBe(false);
    expect(log.events.some((e: { scope: string }) => e.scope === TOWN)).toBe(
      true,
    );
    const state = await ok(["--data", outside, "state"]);
    expect(state).toMatch(/2 scopes held/);
    expect(state).toMatch(/Depot +assembly \(card only\)/);
    const missing = await kenges(["--data", outside, "audit", DEPOT]);
    expect(missing.code).toBe(3);
  });

  it("state shows a hash for each scope, and verify re-checks them all", async () => {
    const state = await ok(["--data", dir, "state"]);
    expect(state).toMatch(/3 scopes held/);
    expect(state).toMatch(/\(federation scope\) +[0-9a-f]{64}/);
    const verify = JSON.parse(await ok(["--data", dir, "verify", "--json"]));
    expect(verify).toMatchObject({ ok: true, invalid: 0 });
    expect(Object.keys(verify.scopes)).toHaveLength(3);
  });
});

describe("two attesters, both needed", () => {
  it("a recall waits for the election before it, and takes effect when both have signed", async () => {
    const dir = join(work, "two-attesters");
    const at = (who: string | null, ...args: string[]) =>
      ok(["--data", dir, ...(who ? ["--as", who] : []), ...args, "--quiet"]);
    await at(null, "init", "--name", "Test");
    const town = await at(
      null,
      "body",
      "create",
      "--kind",
      "council",
      "--name",
      "Town",
    );
    for (const k of ["aigerim", "bolat", "dana"])
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
    for (const k of ["bolat", "dana"])
      await at(
        "aigerim",
        "member",
        "endorse",
        await at(k, "member", "join", depot, "--name", k),
      );
    await at(
      null,
      "body",
      "link",
      depot,
      town,
      "--attester",
      "aigerim",
      "--attester",
      "dana",
      "--threshold",
      "2",
    );
    const bolat = await at("bolat", "key", "show");
    const election = await at(
      "aigerim",
      "delegate",
      "elect",
      depot,
      "--council",
      town,
      "--candidates",
      bolat,
      "--method",
      "plurality",
    );
    for (const k of ["aigerim", "dana"])
      await at(k, "vote", election, "--pick", "0");
    await at("aigerim", "close", election);
    const recall = await at(
      "dana",
      "delegate",
      "recall",
      depot,
      "--council",
      town,
      "--member",
      bolat,
    );
    for (const k of ["aigerim", "dana"]) await at(k, "vote", recall, "yes");
    await at("aigerim", "close", recall);
    const attest = async (who: string) =>
      JSON.parse(
        await ok(["--data", dir, "--as", who, "attest", depot, "--json"]),
      ).attested.map(
        (o: { kind: string; effective: boolean; later?: boolean }) => [
          o.kind,
          o.effective,
          o.later === true,
        ],
      );
    expect(await attest("aigerim")).toEqual([
      ["seats", false, false],
      ["recall", false, true],
      ["members", false, false],
    ]);
    expect(await attest("dana")).toEqual([
      ["seats", true, false],
      ["recall", false, false],
      ["members", true, false],
    ]);
    expect(await attest("aigerim")).toEqual([["recall", true, false]]);
    const listed = await ok(["--data", dir, "delegate", "list", town]);
    expect(listed).toMatch(/Depot +0\/1 +\(vacant\)/);
  }, 60_000);
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

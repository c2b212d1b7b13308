/**
 * Issue 12, at rest: a seized laptop or hub gives nothing readable. After `kenges demo` and
 * after a hub served the directory, no member's name, body's name or comment's text is in
 * any file's bytes; a wrong passphrase is refused with its code; `kenges panic` leaves
 * nothing that opens; a changed passphrase keeps the data; an older plain directory is
 * refused until `kenges data encrypt`.
 */
import type { ChildProcess } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { destroyDataKeyFile } from "../../src/at-rest/index.js";
import { DEFAULT_DEMO_SEED } from "../../src/cli/commands/demo.js";
import { decodeCanonical } from "../../src/crypto/index.js";
import { generateFederation } from "../../src/demo/index.js";
import { Replica } from "../../src/replica/index.js";
import { openSqliteStore } from "../../src/store/index.js";
import { inProcessCli } from "./support/in-process-cli.js";
import { spawnServe } from "./support/serve-spawn.js";

const work = mkdtempSync(join(tmpdir(), "kenges-at-rest-"));
const demo = join(work, "demo");
const running: ChildProcess[] = [];
afterAll(() => {
  for (const p of running) if (p.exitCode === null) p.kill("SIGKILL");
  rmSync(work, { recursive: true, force: true });
});

const cliIn = (dir: string, env: Record<string, string> = {}) => {
  const cli = inProcessCli(work, { prefix: ["--data", dir], env });
  return (...args: string[]) => cli(args);
};

/** Every file under `dir`, with its bytes. */
function filesOf(dir: string): { path: string; bytes: Buffer }[] {
  const out: { path: string; bytes: Buffer }[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesOf(path));
    else out.push({ path, bytes: readFileSync(path) });
  }
  return out;
}

/**
 * What must not be readable: the demo's people, its bodies in four languages and its
 * comments. Only texts of 10 bytes or more, so that random ciphertext cannot hold one by
 * chance (a 10-byte match in the demo's megabytes has odds below 10^-15).
 */
function secretsOfDemo(): string[] {
  const g = generateFederation({ seed: DEFAULT_DEMO_SEED });
  const texts = new Set<string>();
  for (const p of g.people) texts.add(p.name);
  for (const b of g.bodies)
    for (const name of Object.values(b.name)) texts.add(name);
  for (const e of g.events) {
    if (e.envelope.type !== "comment.posted" || e.payloadBytes === null)
      continue;
    const payload = decodeCanonical(e.payloadBytes);
    if (payload.ok)
      texts.add((payload.value as { text: string }).text.slice(0, 40));
  }
  return [...texts].filter((t) => Buffer.byteLength(t) >= 10);
}

function readableSecrets(dir: string, secrets: readonly string[]): string[] {
  const found: string[] = [];
  for (const { path, bytes } of filesOf(dir))
    for (const s of secrets)
      if (bytes.includes(s)) found.push(`${s} in ${path}`);
  return found;
}

/** `kenges serve` in its own process over `dir`; fails the test if it does not listen. */
async function serve(dir: string) {
  const started = await spawnServe(dir, running);
  if (!("url" in started))
    throw new Error(`serve exited with ${started.code}: ${started.stderr}`);
  return started;
}

let secrets: string[] = [];
let stateHash = "";

beforeAll(async () => {
  const r = await cliIn(demo)("demo");
  expect(r.code, r.stderr).toBe(0);
  const state = await cliIn(demo)("state", "--json");
  expect(state.code, state.stderr).toBe(0);
  stateHash = JSON.parse(state.stdout).stateHash;
  secrets = secretsOfDemo();
}, 300_000);

describe("a data directory at rest", () => {
  it("the secrets looked for are really in the demo's events (the check below could fail)", () => {
    expect(secrets.length).toBeGreaterThan(100);
    const plain = Buffer.concat(
      generateFederation({ seed: DEFAULT_DEMO_SEED }).events.flatMap((e) =>
        e.payloadBytes === null ? [] : [Buffer.from(e.payloadBytes)],
      ),
    );
    const inPlain = secrets.filter((s) => plain.includes(s));
    expect(inPlain.length).toBeGreaterThan(secrets.length * 0.9);
  });

  it("after demo, no name, body or comment is in any file of the directory", () => {
    const names = readdirSync(demo);
    expect(names).toEqual(
      expect.arrayContaining([
        "data.key",
        "kenges.sqlite",
        "demo-keys.json",
        "fold.image",
      ]),
    );
    expect(readableSecrets(demo, secrets)).toEqual([]);
    expect(
      readFileSync(join(demo, "kenges.sqlite"))
        .subarray(0, 15)
        .toString("latin1"),
    ).not.toBe("SQLite format 3");
  });

  it("after a hub served it and stopped, still none (WAL, fold image and all)", async () => {
    const dir = join(work, "served");
    cpSync(demo, dir, { recursive: true });
    const hub = await serve(dir);
    const r = await fetch(`${hub.url}/api/heads`);
    expect(r.status).toBeLessThan(500);
    hub.process.kill("SIGTERM");
    expect(await hub.exited).toBe(0);
    expect(existsSync(join(dir, "fold.image"))).toBe(true);
    expect(readableSecrets(dir, secrets)).toEqual([]);
  }, 120_000);

  it("refuses a wrong passphrase with DATA_PASSPHRASE_WRONG, in the reader's language", async () => {
    const wrong = cliIn(demo, { KENGES_DATA_PASSPHRASE: "not the passphrase" });
    const r = await wrong("state");
    expect(r.code).toBe(6);
    expect(r.stderr).toContain("DATA_PASSPHRASE_WRONG");
    const ru = await wrong("--lang", "ru", "state");
    expect(ru.stderr).toContain("Парольная фраза каталога данных");
  });

  it("asks for the passphrase where none reaches a command, naming how to give it", async () => {
    // The in-process CLI passes the test passphrase; take it away for this run.
    const r = await inProcessCli(work, {
      prefix: ["--data", demo],
      env: { KENGES_DATA_PASSPHRASE: undefined as unknown as string },
    })(["state"]);
    expect(r.code).toBe(6);
    expect(r.stderr).toContain("DATA_PASSPHRASE_REQUIRED");
    expect(r.stderr).toContain("--passphrase-file");
    const file = join(work, "passphrase.txt");
    writeFileSync(file, `${process.env.KENGES_DATA_PASSPHRASE}\n`, {
      mode: 0o600,
    });
    const byFile = await inProcessCli(work, {
      prefix: ["--data", demo, "--passphrase-file", file],
      env: { KENGES_DATA_PASSPHRASE: undefined as unknown as string },
    })(["state", "--json"]);
    expect(byFile.code, byFile.stderr).toBe(0);
    expect(JSON.parse(byFile.stdout).stateHash).toBe(stateHash);
  });

  it("a demo made with no passphrase takes the public one and opens without asking; a real directory still asks", async () => {
    const none = { KENGES_DATA_PASSPHRASE: undefined as unknown as string };
    const publicDemo = join(work, "public-demo");
    const made = await cliIn(publicDemo, none)("demo");
    expect(made.code, made.stderr).toBe(0);
    const verified = await cliIn(publicDemo, none)("verify", "--json");
    expect(verified.code, verified.stderr).toBe(0);
    expect(JSON.parse(verified.stdout).ok).toBe(true);
    // Still encrypted: the public passphrase opens it, another does not, and no name shows.
    const wrong = await cliIn(publicDemo, {
      KENGES_DATA_PASSPHRASE: "not the demo's",
    })("state");
    expect(wrong.stderr).toContain("DATA_PASSPHRASE_WRONG");
    const bytes = filesOf(publicDemo);
    for (const secret of secrets.slice(0, 20))
      for (const f of bytes)
        expect(f.bytes.includes(secret), `${secret} in ${f.path}`).toBe(false);
    const real = await cliIn(join(work, "real"), none)(
      "init",
      "--name",
      "Depot",
    );
    expect(real.stderr).toContain("DATA_PASSPHRASE_REQUIRED");
  });

  it("a changed passphrase keeps the data, and the old one stops opening it", async () => {
    const dir = join(work, "rewrapped");
    cpSync(demo, dir, { recursive: true });
    const before = readFileSync(join(dir, "kenges.sqlite"));
    const r = await cliIn(dir, {
      KENGES_DATA_NEW_PASSPHRASE: "a new long passphrase",
    })("data", "passphrase");
    expect(r.code, r.stderr).toBe(0);
    // Only the key file changed: the database was not encrypted again.
    expect(readFileSync(join(dir, "kenges.sqlite")).equals(before)).toBe(true);
    const old = await cliIn(dir)("state");
    expect(old.stderr).toContain("DATA_PASSPHRASE_WRONG");
    const fresh = await cliIn(dir, {
      KENGES_DATA_PASSPHRASE: "a new long passphrase",
    })("state", "--json");
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(JSON.parse(fresh.stdout).stateHash).toBe(stateHash);
  });

  it("kenges panic leaves nothing that opens: the key file is gone, the right passphrase opens nothing", async () => {
    const dir = join(work, "panicked");
    cpSync(demo, dir, { recursive: true });
    const r = await cliIn(dir)("panic");
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(dir, "data.key"))).toBe(false);
    const after = await cliIn(dir)("state");
    expect(after.code).toBe(6);
    expect(after.stderr).toContain("DATA_KEY_MISSING");
    // Not even a reader that skips the key file gets in: the store is not plain SQLite.
    await expect(
      openSqliteStore(join(dir, "kenges.sqlite")),
    ).rejects.toMatchObject({
      code: "SQLITE_NOTADB",
    });
    expect(readableSecrets(dir, secrets)).toEqual([]);
  });

  it("kenges panic stops a hub serving the directory", async () => {
    const dir = join(work, "panic-hub");
    cpSync(demo, dir, { recursive: true });
    const hub = await serve(dir);
    const r = await cliIn(dir)("panic", "--json");
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      destroyed: true,
      hubStopped: hub.process.pid,
    });
    await hub.exited;
    expect(hub.process.signalCode).toBe("SIGKILL");
    expect(existsSync(join(dir, "data.key"))).toBe(false);
  }, 120_000);

  it("a hub whose key file disappears exits by itself (a panic by a user who may not signal it)", async () => {
    const dir = join(work, "gone-hub");
    cpSync(demo, dir, { recursive: true });
    const hub = await serve(dir);
    destroyDataKeyFile(dir);
    expect(await hub.exited).toBe(6);
  }, 120_000);
});

describe("a directory an older Kenges left unencrypted", () => {
  it("is refused with DATA_NOT_ENCRYPTED until kenges data encrypt, which keeps its events", async () => {
    const dir = join(work, "older");
    mkdirSync(dir);
    const g = generateFederation({
      seed: 3,
      regions: 1,
      townsPerRegion: 1,
      workplacesPerTown: 1,
      members: [5, 6],
      motions: [1, 1],
    });
    const replica = await Replica.open(
      await openSqliteStore(join(dir, "kenges.sqlite")),
    );
    expect((await replica.ingest(g.events)).rejected).toBe(0);
    const hash = replica.stateHash();
    await replica.close();
    const name = g.people[0]!.name;
    expect(filesOf(dir).some((f) => f.bytes.includes(name))).toBe(true);

    const refused = await cliIn(dir)("state");
    expect(refused.code).toBe(6);
    expect(refused.stderr).toContain("DATA_NOT_ENCRYPTED");
    expect(refused.stderr).toContain("kenges data encrypt");

    const r = await cliIn(dir)("data", "encrypt");
    expect(r.code, r.stderr).toBe(0);
    const state = await cliIn(dir)("state", "--json");
    expect(state.code, state.stderr).toBe(0);
    expect(JSON.parse(state.stdout).stateHash).toBe(hash);
    expect(filesOf(dir).some((f) => f.bytes.includes(name))).toBe(false);
    const again = await cliIn(dir)("data", "encrypt");
    expect(again.stderr).toContain("DATA_ALREADY_ENCRYPTED");
  }, 120_000);
});

describe("bundles written by export", () => {
  it("are unreadable without --plain, open on import with the bundle passphrase only; with --plain they are readable", async () => {
    const sealed = join(work, "sealed.bundle");
    const r = await cliIn(demo)("export", "--out", sealed, "--json");
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).sealed).toBe(true);
    const sealedBytes = readFileSync(sealed);
    expect(sealedBytes.subarray(0, 8).toString("latin1")).toBe("KGBUNDLE");
    const found = secrets.filter((t) => sealedBytes.includes(t));
    expect(found).toEqual([]);

    const plain = join(work, "plain.bundle");
    const p = await cliIn(demo)("export", "--plain", "--out", plain, "--json");
    expect(p.code, p.stderr).toBe(0);
    const plainBytes = readFileSync(plain);
    expect(
      secrets.filter((t) => plainBytes.includes(t)).length,
    ).toBeGreaterThan(secrets.length / 2);

    // The wrong bundle passphrase: refused at once, nothing imported.
    const wrong = await cliIn(join(work, "import-wrong"), {
      KENGES_BUNDLE_PASSPHRASE: "not it",
    })("import", sealed);
    expect(wrong.code).toBe(6);
    expect(wrong.stderr).toContain("BUNDLE_PASSPHRASE_WRONG");

    // The right one: the same state as the demo it came from, and as its plain bundle.
    const into = join(work, "import-sealed");
    const imported = await cliIn(into)("import", sealed, "--json");
    expect(imported.code, imported.stderr).toBe(0);
    const fromPlain = join(work, "import-plain");
    expect((await cliIn(fromPlain)("import", plain)).code).toBe(0);
    const hashOf = async (dir: string) =>
      JSON.parse((await cliIn(dir)("state", "--json")).stdout).stateHash;
    expect(await hashOf(into)).toBe(await hashOf(fromPlain));
    expect(await hashOf(into)).toBe(stateHash);
  }, 300_000);

  it("a sealed bundle with a byte changed is refused and stores nothing", async () => {
    const sealed = join(work, "sealed.bundle");
    const bytes = readFileSync(sealed);
    bytes[bytes.length - 40]! ^= 1;
    const changed = join(work, "changed.bundle");
    writeFileSync(changed, bytes);
    const into = join(work, "import-changed");
    const r = await cliIn(into)("import", changed);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/DATA_SEALED_FILE_DAMAGED|BUNDLE_UNREADABLE/);
    const state = await cliIn(into)("state");
    expect(state.stderr).toContain("STORE_EMPTY");
  }, 120_000);
});

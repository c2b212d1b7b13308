/**
 * `kenges init --from <hub>` through the CLI (in process, a real data directory, the sync
 * plugin on loopback): with no key the new replica holds the federation scope and public
 * bodies only; with a member's key file, exactly the scopes that key may read there, each
 * hashing as on the hub.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CommandIo } from "../../src/cli/command.js";
import { openReplica } from "../../src/cli/data-dir.js";
import { sealKey } from "../../src/cli/keyring.js";
import { runCli } from "../../src/cli/main.js";
import { readableScopes } from "../../src/core/index.js";
import { toHex } from "../../src/crypto/index.js";
import { Replica } from "../../src/replica/index.js";
import { openSqliteStore } from "../../src/store/index.js";
import { testDataKey } from "../cli/support/data-dir-key.js";
import { dataDirEnv } from "../cli/support/in-process-cli.js";
import { scopedFederation } from "./support/scoped-federation.js";
import { type SyncHub, startSyncHub } from "./support/sync-hub.js";

const tmp = mkdtempSync(join(tmpdir(), "kenges-init-from-"));
const PASS = "correct horse battery staple";
const world = scopedFederation("init-from");
let hubReplica: Replica;
let hub: SyncHub;

beforeAll(async () => {
  hubReplica = await Replica.open(await openSqliteStore(":memory:"));
  await hubReplica.ingest(
    world.t.events.filter((e) => e.id !== world.kComment.id),
  );
  hub = await startSyncHub(hubReplica);
});
afterAll(async () => {
  await hub.close();
  await hubReplica.close();
  rmSync(tmp, { recursive: true, force: true });
});

async function kenges(
  ...argv: string[]
): Promise<{ code: number; out: Record<string, unknown>; err: string }> {
  let out = "";
  let err = "";
  const io: CommandIo = {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    env: dataDirEnv(),
    cwd: tmp,
    readPassphrase: async () => PASS,
  };
  const code = await runCli([...argv, "--json"], io);
  return {
    code,
    out: out.trim() ? (JSON.parse(out) as Record<string, unknown>) : {},
    err,
  };
}

async function heldScopes(dir: string): Promise<{
  scopes: string[];
  hashes: Map<string, string>;
}> {
  const replica = await openReplica(dir, { key: await testDataKey(dir) });
  try {
    return {
      scopes: replica.fold.heldScopes(),
      hashes: replica.fold.scopeHashes(),
    };
  } finally {
    await replica.close();
  }
}

describe("kenges init --from", () => {
  it("without a key receives the federation scope and the public bodies only", async () => {
    const dir = join(tmp, "outsider");
    const r = await kenges("init", "--from", hub.url, "--data", dir);
    expect(r.code, r.err).toBe(0);
    expect(r.out.federation).toBe(world.t.federation);
    const { scopes } = await heldScopes(dir);
    expect(scopes).toEqual([world.t.federation, world.circle].sort());
  });

  it("with a member's key receives exactly the scopes it may read, each as on the hub", async () => {
    const keyFile = join(tmp, "k.key");
    writeFileSync(keyFile, sealKey(world.k, "k", PASS, 1024));
    const dir = join(tmp, "member");
    const r = await kenges(
      "init",
      "--from",
      hub.url,
      "--key",
      keyFile,
      "--data",
      dir,
    );
    expect(r.code, r.err).toBe(0);
    const readable = readableScopes(hubReplica.fold, {
      kind: "key",
      key: toHex(world.k.publicKey),
    });
    const { scopes, hashes } = await heldScopes(dir);
    expect(scopes).toEqual(
      hubReplica.fold.heldScopes().filter((s) => readable.has(s)),
    );
    expect(scopes).not.toContain(world.hospital);
    const full = hubReplica.fold.scopeHashes();
    for (const [scope, hash] of hashes) expect(hash).toBe(full.get(scope));
  });
});

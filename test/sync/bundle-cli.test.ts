/**
 * The sneakernet through the CLI (in process, real data directories): frontier → export
 * --since → import, into an empty directory and a lagging one; importing twice or in any
 * order changes nothing more; `export --for <key>` writes only the scopes that key may read;
 * a damaged file and another federation's bundle are refused with their codes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CommandIo } from "../../src/cli/command.js";
import { runCli } from "../../src/cli/main.js";
import type { SignedEvent } from "../../src/core/index.js";
import { TestFederation } from "../../src/core/testing.js";
import { Replica } from "../../src/replica/index.js";
import { openSqliteStore } from "../../src/store/index.js";
import { bundleBytes, SyncSource } from "../../src/sync/index.js";
import { dataDirEnv } from "../cli/support/in-process-cli.js";

const tmp = mkdtempSync(join(tmpdir(), "kenges-bundle-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

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
    readPassphrase: async () => "unused",
  };
  const code = await runCli([...argv, "--json"], io);
  return {
    code,
    out: out.trim() ? (JSON.parse(out) as Record<string, unknown>) : {},
    err,
  };
}

async function bundleOf(
  name: string,
  events: readonly SignedEvent[],
): Promise<string> {
  const replica = await Replica.open(await openSqliteStore(":memory:"));
  await replica.ingest(events);
  const path = join(tmp, name);
  writeFileSync(path, await bundleBytes(new SyncSource(replica)));
  await replica.close();
  return path;
}

describe("bundles through the CLI", () => {
  it("carries what a replica lacks across a cut, idempotently and in any order", async () => {
    const t = new TestFederation({ label: "bundle-cli" });
    const f = t.founders[0]!;
    const body = t.createBody(f, { name: "Depot" });
    const early = [...t.events];
    for (let i = 0; i < 5; i++)
      t.openMotion(f, body, { title: { en: `Motion ${i}` } });
    const all = [...t.events];

    // Almaty has everything; Shymkent only the early events.
    const almaty = join(tmp, "almaty");
    const shymkent = join(tmp, "shymkent");
    expect(
      (
        await kenges(
          "import",
          await bundleOf("all.bundle", all),
          "--data",
          almaty,
        )
      ).out,
    ).toMatchObject({
      added: all.length,
      quarantined: 0,
    });
    await kenges(
      "import",
      await bundleOf("early.bundle", early),
      "--data",
      shymkent,
    );

    const frontierFile = join(tmp, "shymkent.frontier");
    expect(
      (await kenges("frontier", "--out", frontierFile, "--data", shymkent))
        .code,
    ).toBe(0);
    const toShymkent = join(tmp, "to-shymkent.bundle");
    const exported = await kenges(
      "export",
      "--since",
      frontierFile,
      "--out",
      toShymkent,
      "--data",
      almaty,
    );
    expect(exported.code).toBe(0);
    expect(exported.out.events).toBe(all.length - early.length);

    const first = await kenges("import", toShymkent, "--data", shymkent);
    expect(first.out).toMatchObject({
      added: all.length - early.length,
      duplicate: 0,
      rejected: 0,
      quarantined: 0,
    });
    const again = await kenges("import", toShymkent, "--data", shymkent);
    expect(again.out).toMatchObject({
      added: 0,
      duplicate: all.length - early.length,
    });
    expect(again.out.stateHash).toBe(first.out.stateHash);

    // Into an empty directory: the delta first (it waits in quarantine, exit 0), then the rest.
    const fresh = join(tmp, "fresh");
    const delta = await kenges("import", toShymkent, "--data", fresh);
    expect(delta.code).toBe(0);
    expect(delta.out.added).toBe(0);
    const rest = await kenges(
      "import",
      join(tmp, "early.bundle"),
      "--data",
      fresh,
    );
    expect(rest.code).toBe(0);
    expect(rest.out.stateHash).toBe(first.out.stateHash);
  });

  it("export --for <key> writes the scopes that key may read, and nothing else", async () => {
    const t = new TestFederation({ label: "bundle-for" });
    const f = t.founders[0]!;
    const member = t.key("member");
    const depot = t.createBody(f, {
      name: "Depot",
      rules: {
        admission: { method: "endorsements", endorsements: 1 },
      } as never,
    });
    t.admit(depot, member, [f]);
    const hidden = t.createBody(t.key("stranger"), { name: "Hidden assembly" });
    t.openMotion(t.key("stranger"), hidden, {
      title: { en: "A motion nobody else reads" },
    });
    const dir = join(tmp, "for-hub");
    await kenges(
      "import",
      await bundleOf("for.bundle", t.events),
      "--data",
      dir,
    );
    const out = join(tmp, "member.bundle");
    const memberKey = Buffer.from(member.publicKey).toString("hex");
    // --plain: the test reads the bundle's bytes (a sealed one hides everything anyway).
    const exported = await kenges(
      "export",
      "--for",
      memberKey,
      "--plain",
      "--out",
      out,
      "--data",
      dir,
    );
    expect(exported.code).toBe(0);
    expect(exported.out).toMatchObject({ scopes: 2 });
    const bytes = readFileSync(out);
    expect(bytes.indexOf(Buffer.from(hidden, "hex"))).toBe(-1);
    expect(bytes.indexOf(Buffer.from("A motion nobody else reads"))).toBe(-1);
    const phone = join(tmp, "member-phone");
    const imported = await kenges("import", out, "--data", phone);
    expect(imported.out).toMatchObject({ rejected: 0, quarantined: 0 });
    expect(imported.out.added).toBe(
      t.events.filter(
        (e) =>
          e.envelope.scope === null ||
          Buffer.from(e.envelope.scope).toString("hex") !== hidden,
      ).length - 1,
    );
    const bad = await kenges(
      "export",
      "--for",
      "not-a-key",
      "--out",
      out,
      "--data",
      dir,
    );
    expect(bad.out).toMatchObject({ error: { code: "FLAG_INVALID" } });
  });

  it("refuses a damaged bundle and another federation's", async () => {
    const a = new TestFederation({ label: "federation-a" });
    const b = new TestFederation({ label: "federation-b" });
    const dir = join(tmp, "a");
    await kenges("import", await bundleOf("a.bundle", a.events), "--data", dir);
    const foreign = await kenges(
      "import",
      await bundleOf("b.bundle", b.events),
      "--data",
      dir,
    );
    expect(foreign.code).toBe(5);
    expect(foreign.out).toMatchObject({
      error: { code: "FEDERATION_MISMATCH" },
    });
    const damaged = join(tmp, "damaged.bundle");
    const bytes = readFileSync(join(tmp, "a.bundle"));
    writeFileSync(damaged, bytes.subarray(0, bytes.length - 10));
    const broken = await kenges(
      "import",
      damaged,
      "--data",
      join(tmp, "other"),
    );
    expect(broken.code).toBe(5);
    expect(broken.out).toMatchObject({ error: { code: "BUNDLE_UNREADABLE" } });
  });
});

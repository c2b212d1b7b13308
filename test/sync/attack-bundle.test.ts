/**
 * A bundle with one bad event, through the real `kenges import`: a USB stick carries a
 * member's twenty new events, one of them with a forged signature (the checksum recomputed,
 * so the file itself reads fine). The import fails with the event's code and names it, and
 * the replica is unchanged — the same event count and state hash (before, the nineteen good
 * events around it were stored). The honest bundle then imports whole.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TestFederation } from "../../src/core/testing.js";
import { encodeCanonical, sha256 } from "../../src/crypto/index.js";
import { Replica } from "../../src/replica/index.js";
import { openSqliteStore } from "../../src/store/index.js";
import { bundleBytes, SyncSource } from "../../src/sync/index.js";
import { kengesAsync } from "../e2e/support/hub-process.js";
import { dataDirWith } from "../server/support/serve-process.js";

const tmp = mkdtempSync(join(tmpdir(), "kenges-bundle-attack-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function verified(
  dir: string,
): Promise<{ events: number; stateHash: string }> {
  const r = await kengesAsync(["--data", dir, "verify", "--json"]);
  expect(r.code, r.stderr).toBe(0);
  const report = JSON.parse(r.stdout) as { events: number; stateHash: string };
  return { events: report.events, stateHash: report.stateHash };
}

/**
 * The bundle with one byte of `signature` flipped, its trailer's checksum recomputed: the
 * trailer is the last frame, `{n, t: "end", sha}` in canonical order, so its last 32 bytes
 * are the SHA-256 of everything before the frame.
 */
function withForgedSignature(
  bundle: Uint8Array,
  signature: Uint8Array,
  count: number,
): Uint8Array {
  const out = bundle.slice();
  const at = Buffer.from(out).indexOf(Buffer.from(signature));
  expect(at).toBeGreaterThan(0);
  out[at + 10] = out[at + 10]! ^ 0x01;
  const trailer = encodeCanonical({
    t: "end",
    n: count,
    sha: new Uint8Array(32),
  });
  const frameStart = out.length - trailer.length - 1;
  const original = sha256(bundle.subarray(0, frameStart));
  expect(Buffer.from(out.subarray(out.length - 32))).toEqual(
    Buffer.from(original),
  );
  out.set(sha256(out.subarray(0, frameStart)), out.length - 32);
  return out;
}

describe("importing a bundle", () => {
  it("stores nothing of a bundle holding one forged event, and names the event", async () => {
    const t = new TestFederation({ label: "bundle-attack" });
    const founder = t.founders[0]!;
    const body = t.createBody(founder, { name: "Depot" });
    const motion = t.openMotion(founder, body);
    const base = [...t.events];
    for (let i = 0; i < 20; i++)
      t.sign(founder, body, "comment.posted", {
        motion,
        text: `Note ${i}`,
        lang: "en",
      });
    const victim = t.events[base.length + 10]!;
    const all = await Replica.open(await openSqliteStore(":memory:"));
    await all.ingest(t.events);
    const honest = await bundleBytes(new SyncSource(all));
    await all.close();
    const forgedPath = join(tmp, "forged.bundle");
    const honestPath = join(tmp, "honest.bundle");
    writeFileSync(
      forgedPath,
      withForgedSignature(honest, victim.signature, t.events.length),
    );
    writeFileSync(honestPath, honest);

    const dir = await dataDirWith(base);
    try {
      const before = await verified(dir);
      expect(before.events).toBe(base.length);
      const refused = await kengesAsync([
        "--data",
        dir,
        "import",
        forgedPath,
        "--no-progress",
        "--json",
      ]);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain("SIGNATURE_INVALID");
      const answer = JSON.parse(refused.stdout) as {
        error: { code: string; details: { event: string } };
      };
      expect(answer.error.code).toBe("SIGNATURE_INVALID");
      expect(answer.error.details.event).toBe(victim.id);
      expect(await verified(dir)).toEqual(before);

      const taken = await kengesAsync([
        "--data",
        dir,
        "import",
        honestPath,
        "--no-progress",
      ]);
      expect(taken.code, taken.stderr).toBe(0);
      expect((await verified(dir)).events).toBe(t.events.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});

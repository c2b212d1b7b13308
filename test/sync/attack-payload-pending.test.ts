/**
 * A relay strips payloads, against a real `kenges serve`: a member's ballot and a later
 * comment reach the hub without their payloads (the envelope, its signature and the payload
 * hash are intact), with an honest comment between them that depends on the ballot. The hub
 * keeps all three (before, the ballot was refused and its descendants stranded in
 * quarantine), `kenges verify` exits 0 and names the two as pending (before, one payload-less
 * comment made it exit 1), and once the payloads arrive the hub's state hash is the one of a
 * replica that had everything all along.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { SignedEvent } from "../../src/core/index.js";
import { TestFederation } from "../../src/core/testing.js";
import { deriveKeyPair } from "../../src/crypto/index.js";
import { Replica } from "../../src/replica/index.js";
import { openSqliteStore } from "../../src/store/index.js";
import { type RoundMessage, signMessage } from "../../src/sync/index.js";
import {
  dataDirWith,
  killLeftovers,
  pushBySync,
  startServe,
  syncOver,
} from "../server/support/serve-process.js";

afterAll(() => killLeftovers());

const ROOT = new URL("../../", import.meta.url).pathname;

function verifyJson(dataDir: string): {
  code: number;
  report: { ok: boolean; stateHash: string; payloadPending: string[] };
} {
  const r = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      join(ROOT, "src/cli/main.ts"),
      "--data",
      dataDir,
      "verify",
      "--json",
    ],
    { encoding: "utf8" },
  );
  return { code: r.status ?? -1, report: JSON.parse(r.stdout) };
}

const stripped = (e: SignedEvent): SignedEvent => ({
  ...e,
  payloadBytes: null,
});

describe("events held without their payload", () => {
  it("are kept as pending, verify, and count once their payloads arrive", async () => {
    const t = new TestFederation({ label: "payload-pending" });
    const founder = t.founders[0]!;
    const member = deriveKeyPair("payload-member", 0);
    const body = t.createBody(founder, {
      name: "Depot",
      rules: { admission: { method: "endorsements", endorsements: 1 } },
    });
    t.admit(body, member, [founder], "Aigerim");
    const motion = t.openMotion(founder, body);
    const base = [...t.events];
    const ballot = t.vote(member, motion);
    const between = t.sign(member, body, "comment.posted", {
      motion,
      text: "I voted",
      lang: "en",
    });
    const last = t.sign(member, body, "comment.posted", {
      motion,
      text: "And I said so",
      lang: "en",
    });
    expect(between.envelope.prev).not.toBeNull();

    const dir = await dataDirWith(base);
    const sign = (m: RoundMessage) => signMessage(m, member, Date.now());
    let hub = await startServe(dir);
    try {
      const http = syncOver(hub.url);
      try {
        expect(
          await pushBySync(
            http,
            t.federation,
            [stripped(ballot), between, stripped(last)],
            sign,
          ),
        ).toBeNull();
      } finally {
        await http.close();
      }
    } finally {
      await hub.stop();
    }
    const store = await hub.openStore();
    try {
      const held = await store.has([ballot.id, between.id, last.id]);
      expect(held.size).toBe(3);
      expect(await store.countQuarantined()).toBe(0);
    } finally {
      await store.close();
    }
    const pending = verifyJson(dir);
    expect(pending.code).toBe(0);
    expect(pending.report.ok).toBe(true);
    expect([...pending.report.payloadPending].sort()).toEqual(
      [ballot.id, last.id].sort(),
    );

    hub = await startServe(dir);
    try {
      const http = syncOver(hub.url);
      try {
        expect(
          await pushBySync(http, t.federation, [ballot, last], sign),
        ).toBeNull();
      } finally {
        await http.close();
      }
    } finally {
      await hub.stop();
    }
    const filled = verifyJson(dir);
    expect(filled.code).toBe(0);
    expect(filled.report.payloadPending).toEqual([]);
    const whole = await Replica.open(await openSqliteStore(":memory:"));
    try {
      await whole.ingest(t.events);
      expect(filled.report.stateHash).toBe(whole.stateHash());
      expect(pending.report.stateHash).not.toBe(whole.stateHash());
    } finally {
      await whole.close();
      hub.remove();
    }
  }, 300_000);
});

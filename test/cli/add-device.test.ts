/**
 * `kenges key add-device` brings a member onto a new device without copying a key: it prints
 * the offer link, takes back the new device's answer link (its own key and its consent), and
 * adds the key only with the code both screens show. `kenges key import` restores a lost
 * device's key, and its first signature here skips past anything the lost device may have signed.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  deviceAnswerLink,
  deviceCode,
  keyProofMessage,
  parseDeviceLink,
  RESTORE_KSEQ_GAP,
} from "../../src/core/index.js";
import {
  generateKeyPair,
  type KeyPair,
  signEd25519,
  toHex,
} from "../../src/crypto/index.js";
import { Replica } from "../../src/replica/index.js";
import { openDirStore } from "./support/data-dir-key.js";
import { inProcessCli } from "./support/in-process-cli.js";

const work = mkdtempSync(join(tmpdir(), "kenges-add-device-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const dir = join(work, "data");
const kenges = inProcessCli(work, { prefix: ["--data", dir] });

async function ok(args: readonly string[]): Promise<string> {
  const r = await kenges(args);
  if (r.code !== 0) throw new Error(`${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
}

async function openReplica(): Promise<Replica> {
  return Replica.open(await openDirStore(dir));
}

/** What the new device does: its own key, and its signed consent to act for the member. */
function newDeviceAnswer(
  federation: string,
  member: string,
  device: KeyPair = generateKeyPair(),
): { link: string; key: string; code: string } {
  const key = toHex(device.publicKey);
  const proof = toHex(
    signEd25519(device.secretKey, keyProofMessage(federation, member, key)),
  );
  return {
    link: deviceAnswerLink("http://127.0.0.1:8080", {
      kind: "device",
      key,
      member,
      proof,
      name: "Dana's phone",
    }),
    key,
    code: deviceCode(member, key),
  };
}

describe("kenges key add-device with links", () => {
  let FED = "";
  let DEPOT = "";
  let DANA = "";
  let AIGERIM = "";

  beforeAll(async () => {
    await ok(["init", "--name", "Test", "--founder-name", "Zhanar", "--quiet"]);
    await ok(["key", "create", "--label", "aigerim", "--quiet"]);
    await ok(["key", "create", "--label", "dana", "--quiet"]);
    DANA = await ok(["--as", "dana", "key", "show", "--quiet"]);
    AIGERIM = await ok(["--as", "aigerim", "key", "show", "--quiet"]);
    DEPOT = await ok([
      "--as",
      "aigerim",
      "body",
      "create",
      "--name",
      "Depot",
      "--founder-name",
      "Aigerim",
      "--endorsements",
      "1",
      "--quiet",
    ]);
    const request = await ok([
      "--as",
      "dana",
      "member",
      "join",
      DEPOT,
      "--name",
      "Dana",
      "--quiet",
    ]);
    await ok(["--as", "aigerim", "member", "endorse", request, "--quiet"]);
    const replica = await openReplica();
    FED = replica.federation!;
    await replica.close();
  }, 120_000);

  it("prints the offer link the new device opens: the member's id and name, on the hub", async () => {
    const out = JSON.parse(
      await ok([
        "--as",
        "dana",
        "key",
        "add-device",
        "--hub",
        "http://10.0.0.5:8080/",
        "--json",
      ]),
    );
    expect(out.offer).toBe(
      `http://10.0.0.5:8080/add-device#member=${DANA}&name=Dana`,
    );
    expect(parseDeviceLink(out.offer)).toEqual({
      ok: true,
      link: { kind: "offer", member: DANA, name: "Dana" },
    });
    const words = await ok([
      "--as",
      "dana",
      "--lang",
      "kk",
      "key",
      "add-device",
    ]);
    expect(words).toContain("http://127.0.0.1:8080/add-device#member=");
    expect(words).toMatch(/жаңа құрылғыда/);
  });

  it("adds the new device's own key only with the code both screens show, and nothing before", async () => {
    const answer = newDeviceAnswer(FED, DANA);
    const before = await ok(["state", "--json"]);
    const noCode = await kenges([
      "--as",
      "dana",
      "key",
      "add-device",
      answer.link,
    ]);
    expect(noCode.code).toBe(2);
    expect(noCode.stderr).toMatch(/^kenges: DEVICE_CODE_REQUIRED: /);
    expect(noCode.stderr).toContain(answer.code);
    const wrong = answer.code === "000 000" ? "000 001" : "000 000";
    const mismatch = await kenges([
      "--as",
      "dana",
      "key",
      "add-device",
      answer.link,
      "--code",
      wrong,
    ]);
    expect(mismatch.code).toBe(6);
    expect(mismatch.stderr).toMatch(/^kenges: DEVICE_CODE_MISMATCH: /);
    // An informer's key, consenting to act for Aigerim, brought to Dana: refused by name.
    const informer = newDeviceAnswer(FED, AIGERIM);
    const other = await kenges([
      "--as",
      "dana",
      "key",
      "add-device",
      informer.link,
      "--code",
      informer.code,
    ]);
    expect(other.code).toBe(5);
    expect(other.stderr).toMatch(/^kenges: DEVICE_LINK_OTHER_MEMBER: /);
    // A consent signed for another federation does not verify here.
    const foreign = newDeviceAnswer("ab".repeat(32), DANA);
    const bad = await kenges([
      "--as",
      "dana",
      "key",
      "add-device",
      foreign.link,
      "--code",
      foreign.code,
    ]);
    expect(bad.code).toBe(5);
    expect(bad.stderr).toMatch(/^kenges: DEVICE_LINK_INVALID: .*proof/);
    // A bare public key carries no consent.
    const bare = await kenges([
      "--as",
      "dana",
      "key",
      "add-device",
      answer.key,
    ]);
    expect(bare.code).toBe(5);
    expect(bare.stderr).toMatch(/^kenges: DEVICE_LINK_INVALID: /);
    expect(await ok(["state", "--json"])).toBe(before);

    const added = JSON.parse(
      await ok([
        "--as",
        "dana",
        "key",
        "add-device",
        answer.link,
        "--code",
        answer.code.replace(" ", ""),
        "--json",
      ]),
    );
    expect(added).toMatchObject({
      key: answer.key,
      member: DANA,
      bodies: [DEPOT],
    });
    const replica = await openReplica();
    const record = [...replica.fold.state.keys.values()].find(
      (k) => k.key === answer.key,
    );
    expect(record).toMatchObject({ scope: DEPOT, member: DANA });
    expect(replica.fold.invalidReason(added.events[0])).toBeNull();
    await replica.close();
  });

  it("a restored backup's first event skips its kseq past anything the lost device may have signed", async () => {
    const backup = join(work, "dana.kenges-key");
    await ok(["--as", "dana", "key", "export", "--out", backup]);
    let replica = await openReplica();
    const before = replica.fold.topKseq(DANA);
    await replica.close();
    expect(before).toBeGreaterThan(0);
    const restored = await ok([
      "key",
      "import",
      backup,
      "--label",
      "dana-restored",
    ]);
    expect(restored).toContain(DANA);
    expect(restored).toMatch(/moves past anything the lost device/);
    const motion = await ok([
      "--as",
      "aigerim",
      "motion",
      "open",
      DEPOT,
      "--title",
      "Night shifts",
      "--text",
      "No one drives alone at night.",
      "--quiet",
    ]);
    const vote = JSON.parse(
      await ok(["--as", "dana-restored", "vote", motion, "yes", "--json"]),
    );
    replica = await openReplica();
    const slot = replica.fold.chainSlot(vote.ballot);
    expect(slot).not.toBeNull();
    expect(slot!.kseq).toBe(before + RESTORE_KSEQ_GAP + 1);
    expect(replica.fold.invalidReason(vote.ballot)).toBeNull();
    await replica.close();
    // Only the first signature skips: the next one follows on.
    const again = JSON.parse(
      await ok(["--as", "dana-restored", "vote", motion, "no", "--json"]),
    );
    replica = await openReplica();
    expect(replica.fold.chainSlot(again.ballot)!.kseq).toBe(
      before + RESTORE_KSEQ_GAP + 2,
    );
    await replica.close();
  });

  it("a member who lost every device goes on with a new key that members endorse; by default all the old key did here still counts", async () => {
    await ok(["key", "create", "--label", "dana-new-phone", "--quiet"]);
    let replica = await openReplica();
    const head = replica.fold.chainHead(DANA, DEPOT)!;
    await replica.close();
    const asked = JSON.parse(
      await ok([
        "--as",
        "dana-new-phone",
        "key",
        "rotate",
        DANA,
        "--body",
        DEPOT,
        "--json",
      ]),
    );
    replica = await openReplica();
    expect(replica.fold.invalidReason(asked.request)).toBeNull();
    expect(
      replica.fold.state.rotationRequests.get(asked.request),
    ).toMatchObject({ oldKey: DANA, lastValidSeq: head.seq, done: false });
    await replica.close();
    await ok([
      "--as",
      "aigerim",
      "key",
      "endorse-rotation",
      asked.request,
      "--quiet",
    ]);
    const motion = await ok([
      "--as",
      "aigerim",
      "motion",
      "open",
      DEPOT,
      "--title",
      "Tyres",
      "--text",
      "Winter tyres before November.",
      "--quiet",
    ]);
    const vote = JSON.parse(
      await ok(["--as", "dana-new-phone", "vote", motion, "yes", "--json"]),
    );
    replica = await openReplica();
    // Dana is still a member (her admission was before the cut) and the new key votes for her.
    expect(replica.fold.invalidReason(vote.ballot)).toBeNull();
    expect(replica.fold.state.rotationRequests.get(asked.request)?.done).toBe(
      true,
    );
    await replica.close();
  });
});

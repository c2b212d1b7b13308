/**
 * The frozen sync vectors (test/vectors/sync/, never regenerated): each decodes, re-encodes
 * to the same bytes, and says what docs/sync.md says it says. A format change adds vectors.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fromHex } from "../crypto/index.js";
import {
  BundleReader,
  chunksOf,
  decodeFrontier,
  decodeFrontierFile,
  decodeMessage,
  decodeRanges,
  encodeMessage,
  messageSigner,
} from "./index.js";

const dir = new URL("../../test/vectors/sync/", import.meta.url);
const vector = (name: string) =>
  JSON.parse(readFileSync(new URL(name, dir), "utf8")) as Record<
    string,
    unknown
  > & { hex: string };
const GENESIS = "b497";

describe("sync vectors", () => {
  it("are all here", () => {
    expect(readdirSync(dir).sort()).toEqual([
      "01-hello.json",
      "02-hello-signed.json",
      "03-round.json",
      "04-error.json",
      "05-frontier-file.json",
      "06-bundle.json",
    ]);
  });

  it.each([
    "01-hello.json",
    "02-hello-signed.json",
    "03-round.json",
    "04-error.json",
  ])("%s decodes and re-encodes to the same bytes", (name) => {
    const bytes = fromHex(vector(name).hex)!;
    expect(encodeMessage(decodeMessage(bytes))).toEqual(bytes);
  });

  it("01: a hello of 40 items with the opening ranges", () => {
    const v = vector("01-hello.json");
    const m = decodeMessage(fromHex(v.hex)!);
    if (m.type !== "hello") throw new Error("type");
    expect(m.federation.startsWith(GENESIS)).toBe(true);
    expect(m.count).toBe(40);
    expect(m.authors).toBe(3);
    expect(m.scope).toBe("all");
    expect(m.auth).toBeNull();
    expect(m.ranges.map((r) => r.mode)).toEqual(v.rangeModes);
    expect(decodeRanges(fromHex(v.ranges as string)!, 1000)).toEqual(m.ranges);
  });

  it("02: signed by the vector key; a changed byte breaks the proof", () => {
    const v = vector("02-hello-signed.json");
    const m = decodeMessage(fromHex(v.hex)!);
    if (m.type !== "hello") throw new Error("type");
    expect(m.scope).toBe("member");
    expect(messageSigner(m, v.time as number, 1000)).toBe(v.key);
    expect(messageSigner({ ...m, count: 41 }, v.time as number, 1000)).toBe(
      "invalid",
    );
    expect(messageSigner(m, (v.time as number) + 10_000, 1000)).toBe("invalid");
  });

  it("03: a round with every field", () => {
    const v = vector("03-round.json");
    const m = decodeMessage(fromHex(v.hex)!);
    if (m.type !== "round") throw new Error("type");
    expect(m.ranges.map((r) => r.mode)).toEqual(["skip", "fingerprint", "ids"]);
    expect(m.events).toHaveLength(1);
    expect(m.want).toHaveLength(1);
    expect(m.have).toHaveLength(1);
    expect(m.after).toEqual([
      { author: "33".repeat(32), seq: 0, head: "00".repeat(32) },
    ]);
    expect(m.frontier).toEqual(
      decodeFrontier(fromHex(v.frontier as string)!, 10),
    );
    expect(m.frontier?.map((e) => e.seq)).toEqual([3, 1, 12]);
  });

  it("04: an error", () => {
    const m = decodeMessage(fromHex(vector("04-error.json").hex)!);
    expect(m).toEqual({
      type: "error",
      code: "SYNC_BUDGET_EXCEEDED",
      details: { budget: "eventsIn", limit: 100, used: 100 },
    });
  });

  it("05: a frontier file", () => {
    const f = decodeFrontierFile(fromHex(vector("05-frontier-file.json").hex)!);
    expect(f.federation.startsWith(GENESIS)).toBe(true);
    expect(f.frontier.map((e) => e.seq)).toEqual([3, 1, 12]);
  });

  it("06: a bundle of the genesis, its trailer checked; a flipped byte is refused", async () => {
    const bytes = fromHex(vector("06-bundle.json").hex)!;
    const reader = new BundleReader(chunksOf(bytes, 7));
    const header = await reader.readHeader();
    expect(header.count).toBe(1);
    const batches = [];
    for await (const b of reader.batches()) batches.push(...b);
    expect(batches).toHaveLength(1);
    expect(reader.complete).toBe(true);
    const damaged = bytes.slice();
    damaged[damaged.length - 60]! ^= 1;
    const bad = new BundleReader(chunksOf(damaged));
    await expect(
      (async () => {
        for await (const _ of bad.batches());
      })(),
    ).rejects.toMatchObject({ error: { code: "BUNDLE_UNREADABLE" } });
  });
});

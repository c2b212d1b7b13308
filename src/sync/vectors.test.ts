/**
 * The frozen sync vectors (test/vectors/sync/, never regenerated). Version 2 (v2/): each
 * message decodes, re-encodes to the same bytes, and says what docs/sync.md says it says.
 * Version 1 (v1/, kept unchanged from before scopes): every hello of it is refused with
 * SYNC_VERSION_UNSUPPORTED, its rounds, bundles and frontier files are refused too; its
 * error message, which has no version, still reads.
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
  SYNC_PROTOCOL_VERSION,
} from "./index.js";

const root = new URL("../../test/vectors/sync/", import.meta.url);
const vector = (version: string, name: string) =>
  JSON.parse(
    readFileSync(new URL(`${version}/${name}`, root), "utf8"),
  ) as Record<string, unknown> & { hex: string };
const bytesOf = (version: string, name: string) =>
  fromHex(vector(version, name).hex)!;
const FILES = [
  "01-hello.json",
  "02-hello-signed.json",
  "03-round.json",
  "04-error.json",
  "05-frontier-file.json",
  "06-bundle.json",
];

describe("sync vectors, version 2", () => {
  it("are all here", () => {
    expect(readdirSync(new URL("v2/", root)).sort()).toEqual(FILES);
    expect(SYNC_PROTOCOL_VERSION).toBe(2);
  });

  it.each(FILES.slice(0, 4))(
    "%s decodes and re-encodes to the same bytes",
    (name) => {
      const bytes = bytesOf("v2", name);
      expect(encodeMessage(decodeMessage(bytes))).toEqual(bytes);
    },
  );

  it("01: a hello of two scopes, each with its summary and opening ranges", () => {
    const v = vector("v2", "01-hello.json");
    const m = decodeMessage(fromHex(v.hex)!);
    if (m.type !== "hello") throw new Error("type");
    expect(m.version).toBe(2);
    expect(m.federation).toBe(v.federation);
    expect(m.all).toBe(true);
    expect(m.auth).toBeNull();
    expect(m.scopes.map((s) => s.scope)).toEqual(v.scopes);
    expect(m.scopes.map((s) => s.count)).toEqual(v.counts);
    const body = m.scopes.find((s) => s.count === 39)!;
    expect(body.chains).toBe(1);
    expect(body.ranges.map((r) => r.mode)).toEqual(v.bodyRangeModes);
    expect(decodeRanges(fromHex(v.bodyRanges as string)!, 1000)).toEqual(
      body.ranges,
    );
    const fed = m.scopes.find((s) => s.scope === v.federation)!;
    expect(fed.ranges).toEqual([
      {
        upper: { end: true },
        mode: "short",
        fingerprint: fed.fingerprint,
        prefixes: [(v.federation as string).slice(0, 16)],
        reply: false,
      },
    ]);
  });

  it("02: signed by the vector key; a changed byte breaks the proof", () => {
    const v = vector("v2", "02-hello-signed.json");
    const m = decodeMessage(fromHex(v.hex)!);
    if (m.type !== "hello") throw new Error("type");
    expect(m.all).toBe(false);
    expect(messageSigner(m, v.time as number, 1000)).toBe(v.key);
    expect(messageSigner({ ...m, all: true }, v.time as number, 1000)).toBe(
      "invalid",
    );
    expect(messageSigner(m, (v.time as number) + 10_000, 1000)).toBe("invalid");
  });

  it("03: a round with every field", () => {
    const v = vector("v2", "03-round.json");
    const m = decodeMessage(fromHex(v.hex)!);
    if (m.type !== "round") throw new Error("type");
    expect(m.scopes).toHaveLength(1);
    const part = m.scopes[0]!;
    expect(part.scope).toBe(v.scope);
    expect(part.ranges.map((r) => r.mode)).toEqual([
      "skip",
      "fingerprint",
      "ids",
      "short",
      "short",
    ]);
    expect(
      part.ranges.map((r) => (r.mode === "short" ? r.reply : null)),
    ).toEqual([null, null, null, false, true]);
    expect(part.after).toEqual([
      { author: "33".repeat(32), seq: 0, head: "00".repeat(32) },
    ]);
    expect(part.frontier).toEqual(
      decodeFrontier(fromHex(v.frontier as string)!, 10),
    );
    expect(part.frontier?.map((e) => e.seq)).toEqual([39]);
    expect(m.events).toHaveLength(1);
    expect(m.want).toEqual(["ab".repeat(32)]);
    expect(m.have).toEqual(["cd".repeat(32)]);
  });

  it("04: the error that answers a version-1 hello", () => {
    expect(decodeMessage(bytesOf("v2", "04-error.json"))).toEqual({
      type: "error",
      code: "SYNC_VERSION_UNSUPPORTED",
      details: { version: 1, supported: 2 },
    });
  });

  it("05: a frontier file, a frontier per scope", () => {
    const v = vector("v2", "05-frontier-file.json");
    const f = decodeFrontierFile(fromHex(v.hex)!);
    expect(f.frontiers.map((x) => x.scope)).toEqual(v.scopes);
    expect(f.frontiers.map((x) => x.frontier.map((e) => e.seq))).toEqual(
      v.seqs,
    );
  });

  it("06: a bundle of two events in two scopes, its trailer checked; a flipped byte is refused", async () => {
    const v = vector("v2", "06-bundle.json");
    const bytes = fromHex(v.hex)!;
    const reader = new BundleReader(chunksOf(bytes, 7));
    const header = await reader.readHeader();
    expect(header.count).toBe(2);
    expect(header.frontiers.map((f) => f.scope).sort()).toEqual(
      [...(v.ids as string[])].sort(),
    );
    const events = [];
    for await (const b of reader.batches()) events.push(...b);
    expect(events).toHaveLength(2);
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

describe("sync vectors, version 1 (before scopes): refused", () => {
  it("are all here, unchanged in name", () => {
    expect(readdirSync(new URL("v1/", root)).sort()).toEqual(FILES);
  });

  it.each(["01-hello.json", "02-hello-signed.json"])(
    "%s: a version-1 hello is refused with SYNC_VERSION_UNSUPPORTED",
    (name) => {
      expect(() => decodeMessage(bytesOf("v1", name))).toThrow(
        expect.objectContaining({
          error: {
            code: "SYNC_VERSION_UNSUPPORTED",
            details: { version: 1, supported: 2 },
          },
        }),
      );
    },
  );

  it("03: a version-1 round (ranges outside any scope) is malformed", () => {
    expect(() => decodeMessage(bytesOf("v1", "03-round.json"))).toThrow(
      expect.objectContaining({
        error: expect.objectContaining({ code: "SYNC_MESSAGE_MALFORMED" }),
      }),
    );
  });

  it("04: an error message has no version and still reads", () => {
    expect(decodeMessage(bytesOf("v1", "04-error.json"))).toMatchObject({
      type: "error",
      code: "SYNC_BUDGET_EXCEEDED",
    });
  });

  it("05: a version-1 frontier file is refused as such", () => {
    expect(() =>
      decodeFrontierFile(bytesOf("v1", "05-frontier-file.json")),
    ).toThrow(
      expect.objectContaining({
        error: { code: "FRONTIER_UNREADABLE", details: { reason: "version" } },
      }),
    );
  });

  it("06: a version-1 bundle is refused as such", async () => {
    const reader = new BundleReader(chunksOf(bytesOf("v1", "06-bundle.json")));
    await expect(reader.readHeader()).rejects.toMatchObject({
      error: { code: "BUNDLE_UNREADABLE", details: { reason: "version" } },
    });
  });
});

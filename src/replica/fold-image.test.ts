/**
 * The saved fold image with a real SQLite store and a real file: a replica restores it
 * instead of refolding when it matches the store, folds on top what was stored after it, and
 * refolds — never trusting it — when it is damaged, made by other code, or the store changed
 * other than by appends. Restored or refolded, the replica is the same.
 */
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { SignedEvent } from "../core/index.js";
import { generateFederation } from "../demo/index.js";
import { openSqliteStore } from "../store/index.js";
import { FOLD_IMAGE_FILE, foldImageFile } from "./fold-image-file.js";
import { Replica } from "./replica.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "kenges-image-"));
  dirs.push(dir);
  return dir;
}

const events: readonly SignedEvent[] = generateFederation({
  seed: 3,
  regions: 2,
  townsPerRegion: 1,
  workplacesPerTown: 2,
  members: [4, 7],
  motions: [2, 3],
  shapes: "all",
}).events;

/** A replica of the directory, with its image (or without: the refold every test compares with). */
async function open(
  dir: string,
  image: "image" | "no image" | "read only" = "image",
): Promise<Replica> {
  const store = await openSqliteStore(join(dir, "kenges.sqlite"));
  return Replica.open(
    store,
    image === "no image"
      ? {}
      : {
          image: foldImageFile(join(dir, FOLD_IMAGE_FILE), {
            writable: image === "image",
          }),
        },
  );
}

/** Everything a reader could see differ between two replicas. */
function sameReplica(a: Replica, b: Replica): void {
  expect(b.stateHash()).toBe(a.stateHash());
  expect(b.snapshot()).toEqual(a.snapshot());
  expect(b.fold.orderedIds()).toEqual(a.fold.orderedIds());
  expect(b.fold.heads()).toEqual(a.fold.heads());
  expect([...b.fold.state.invalid.entries()]).toEqual([
    ...a.fold.state.invalid.entries(),
  ]);
  expect(b.federation).toBe(a.federation);
}

/** A directory whose store holds the first `n` events and whose image covers them. */
async function savedAfter(n: number): Promise<string> {
  const dir = tempDir();
  const r = await open(dir);
  await r.ingest(events.slice(0, n));
  await r.close();
  return dir;
}

describe("the saved fold image", { timeout: 120_000 }, () => {
  it("is restored instead of refolding, and equals the refold", async () => {
    const dir = await savedAfter(events.length);
    const restored = await open(dir);
    expect(restored.origin).toEqual({
      how: "restored",
      refusal: null,
      folded: 0,
    });
    const refolded = await open(dir, "no image");
    expect(refolded.origin.how).toBe("refolded");
    expect(refolded.origin.folded).toBe(events.length);
    sameReplica(refolded, restored);
    await restored.close();
    await refolded.close();
  });

  it("a restored replica and a refolded one take later events alike", async () => {
    const cut = Math.floor(events.length * 0.6);
    const dir = await savedAfter(cut);
    const copy = tempDir();
    writeFileSync(
      join(copy, "kenges.sqlite"),
      readFileSync(join(dir, "kenges.sqlite")),
    );
    const restored = await open(dir);
    const refolded = await open(copy, "no image");
    expect(restored.origin.how).toBe("restored");
    // The rest, newest first: most arrive before their parents and wait in quarantine.
    const rest = events.slice(cut).reverse();
    for (let at = 0; at < rest.length; at += 40) {
      const batch = rest.slice(at, at + 40);
      const a = await refolded.ingest(batch);
      const b = await restored.ingest(batch);
      expect(b).toEqual(a);
    }
    // The restored fold rewound through its journal, whose entries the image decodes only
    // when first used (fold-image-codec.ts, format 2).
    expect(restored.fold.stats.rewinds).toBeGreaterThan(0);
    sameReplica(refolded, restored);
    await restored.close();
    await refolded.close();
  });

  it("a stale image is restored and the events stored after it are folded on top", async () => {
    // After the federation's redaction: a payload dropped by the other process would make the
    // store's payloads differ from the image's, and the image be refused (tested below).
    const cut = events.length - 60;
    const dir = await savedAfter(cut);
    // Another process (here a replica without the image) stores more events meanwhile.
    const other = await open(dir, "no image");
    await other.ingest(events.slice(cut));
    await other.close();
    const restored = await open(dir);
    expect(restored.origin).toEqual({
      how: "restored",
      refusal: null,
      folded: events.length - cut,
    });
    const refolded = await open(dir, "no image");
    sameReplica(refolded, restored);
    // Closing saves an image that covers everything: the next open folds nothing.
    await restored.close();
    await refolded.close();
    const again = await open(dir);
    expect(again.origin).toEqual({ how: "restored", refusal: null, folded: 0 });
    await again.close();
  });

  it("a damaged image is refused and the store refolded", async () => {
    const dir = await savedAfter(events.length);
    const file = join(dir, FOLD_IMAGE_FILE);
    const good = readFileSync(file);
    const reference = await open(dir, "no image");
    const cases: [string, Buffer][] = [
      ["CHECKSUM", flipByte(good, good.length - 100)],
      ["CHECKSUM", good.subarray(0, good.length - 1)],
      ["MAGIC", flipByte(good, 0)],
      ["MAGIC", Buffer.alloc(0)],
      ["FORMAT", flipByte(good, 11)],
      // The fold code's version sits at bytes 12–43: an image made by other code.
      ["CODE_VERSION", flipByte(good, 20)],
    ];
    for (const [why, bytes] of cases) {
      writeFileSync(file, bytes);
      const r = await open(dir, "read only");
      expect(r.origin).toEqual({
        how: "refolded",
        refusal: why,
        folded: events.length,
      });
      sameReplica(reference, r);
      await r.close();
    }
    await reference.close();
  });

  it("an image of another store, or of a store whose payloads changed, is refused", async () => {
    const dir = await savedAfter(events.length);
    const image = readFileSync(join(dir, FOLD_IMAGE_FILE));
    // The same image beside a store holding fewer events.
    const smaller = await savedAfter(events.length - 5);
    writeFileSync(join(smaller, FOLD_IMAGE_FILE), image);
    const r1 = await open(smaller, "read only");
    expect(r1.origin.refusal).toBe("STORE_CHANGED");
    expect(r1.fold.size).toBe(events.length - 5);
    await r1.close();
    // A payload dropped behind the image's back (another process redacting).
    const store = await openSqliteStore(join(dir, "kenges.sqlite"));
    await store.dropPayload(events[events.length - 1]!.id);
    await store.close();
    const r2 = await open(dir);
    expect(r2.origin.refusal).toBe("STORE_CHANGED");
    await r2.close();
    // That open saved a new image, which matches again.
    const r3 = await open(dir);
    expect(r3.origin.how).toBe("restored");
    await r3.close();
  });

  it("a redaction wipes the saved image that still holds the payload, and saves it anew", async () => {
    const redaction = events.findIndex(
      (e) => e.envelope.type === "event.redacted",
    );
    expect(redaction).toBeGreaterThan(0);
    const dir = await savedAfter(redaction);
    const file = join(dir, FOLD_IMAGE_FILE);
    const r = await open(dir);
    expect(r.origin.how).toBe("restored");
    const target = [...r.fold.state.redactions.keys()];
    await r.ingest([events[redaction]!]);
    const dropped = [...r.fold.state.redactions.keys()].filter(
      (id) => !target.includes(id),
    );
    expect(dropped.length).toBe(1);
    expect(r.fold.payloadOf(dropped[0]!)).toBeNull();
    // Erased at once, before the command ends.
    expect(existsSync(file)).toBe(false);
    await r.close();
    const again = await open(dir);
    expect(again.origin.how).toBe("restored");
    expect(again.fold.payloadOf(dropped[0]!)).toBeNull();
    sameReplica(await open(dir, "no image"), again);
    await again.close();
  });

  it("a replica that only reads never writes the image", async () => {
    const dir = await savedAfter(Math.floor(events.length / 2));
    const file = join(dir, FOLD_IMAGE_FILE);
    const before = readFileSync(file);
    const other = await open(dir, "no image");
    await other.ingest(events.slice(Math.floor(events.length / 2)));
    await other.close();
    const reader = await open(dir, "read only");
    expect(reader.origin.folded).toBeGreaterThan(0);
    await reader.close();
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});

function flipByte(bytes: Buffer, at: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] = copy[at]! ^ 0xff;
  return copy;
}

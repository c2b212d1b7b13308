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
import { FoldState, type SignedEvent } from "../core/index.js";
import { generateFederation } from "../demo/index.js";
import { openSqliteStore } from "../store/index.js";
import {
  FOLD_IMAGE_FILE,
  type FoldImageStore,
  foldImageFile,
} from "./fold-image-file.js";
import {
  CHECKSUM_SEAL,
  FoldImageDamagedError,
  piecesToChunks,
  SavedPieces,
} from "./fold-image-pieces.js";
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
    // The pieces' directory starts at byte 12, the head piece after it.
    const directoryLength = good.readUInt32BE(8);
    const head = 12 + directoryLength;
    const cases: [string, Buffer][] = [
      ["CHECKSUM", good.subarray(0, good.length - 1)],
      ["CHECKSUM", Buffer.concat([good, Buffer.from([0])])],
      ["CHECKSUM", flipByte(good, 20)],
      ["CHECKSUM", flipByte(good, head + 60)],
      ["MAGIC", flipByte(good, 0)],
      ["MAGIC", Buffer.alloc(0)],
      ["FORMAT", await withHead(good, (h) => flipByte(h, 11))],
      // The fold code's version sits at bytes 12–43 of the head: an image made by other code.
      ["CODE_VERSION", await withHead(good, (h) => flipByte(h, 20))],
      ["BODY", await withHead(good, (h) => h.subarray(0, h.length - 7))],
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

  it("reads only the pieces the fold uses, each when first used", async () => {
    const dir = await savedAfter(events.length);
    const file = join(dir, FOLD_IMAGE_FILE);
    const size = readFileSync(file).length;
    let read = 0;
    const inner = foldImageFile(file, { writable: false });
    const counting: FoldImageStore = {
      writable: false,
      erase: () => inner.erase(),
      write: (chunks) => inner.write(chunks),
      async open() {
        const bytes = await inner.open();
        if (bytes === null) return null;
        return {
          size: bytes.size,
          readAt(offset, length) {
            read += length;
            return bytes.readAt(offset, length);
          },
          close: () => bytes.close(),
        };
      },
    };
    const store = await openSqliteStore(join(dir, "kenges.sqlite"));
    const r = await Replica.open(store, { image: counting });
    expect(r.origin.how).toBe("restored");
    const restoring = read;
    expect(restoring).toBeLessThan(size);
    // A table the fold had not touched is read when first asked for.
    expect(r.fold.state.members.size).toBeGreaterThan(0);
    expect(read).toBeGreaterThan(restoring);
    const reference = await open(dir, "no image");
    sameReplica(reference, r);
    await reference.close();
    await r.close();
  });

  it("a table whose piece is damaged fails when first read, and the image is dropped", async () => {
    const dir = await savedAfter(events.length);
    const file = join(dir, FOLD_IMAGE_FILE);
    const good = readFileSync(file);
    // The last piece is the journal's old values; a byte near the end lies in it.
    writeFileSync(file, flipByte(good, good.length - 3));
    const r = await open(dir);
    expect(r.origin.how).toBe("restored");
    expect(() => r.snapshot()).not.toThrow();
    await r.close();
    // The members table's piece damaged (restoring never reads it, a snapshot does): the
    // replica fails with it when first read, and the image goes as it closes.
    const pieces = await piecesOf(good);
    const tables = Object.entries(new FoldState()).filter(
      ([, v]) => typeof v === "object" && v !== null && "loadImage" in v,
    );
    const members = 1 + tables.findIndex(([name]) => name === "members");
    expect(members).toBeGreaterThan(0);
    let at = 12 + good.readUInt32BE(8);
    for (let k = 0; k < members; k++) at += 32 + pieces[k]!.length;
    const damaged = flipByte(
      good,
      at + 32 + Math.floor(pieces[members]!.length / 2),
    );
    writeFileSync(file, damaged);
    const broken = await open(dir);
    expect(broken.origin.how).toBe("restored");
    expect(() => broken.snapshot()).toThrow(FoldImageDamagedError);
    await broken.close();
    expect(existsSync(file)).toBe(false);
    const again = await open(dir);
    expect(again.origin).toMatchObject({ how: "refolded", refusal: "NONE" });
    sameReplica(await open(dir, "no image"), again);
    await again.close();
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

/** The image's pieces, opened (a plain directory's: checksummed). */
async function piecesOf(image: Buffer): Promise<Uint8Array[]> {
  const saved = SavedPieces.read(
    {
      size: image.length,
      readAt: (offset, length) =>
        Uint8Array.from(image.subarray(offset, offset + length)),
      close() {},
    },
    CHECKSUM_SEAL,
  );
  if (typeof saved === "string") throw new Error(saved);
  return Array.from({ length: saved.count }, (_, k) => saved.piece(k));
}

/** The image with piece `k` changed by `change`, protected again (a well-made image of other contents). */
async function withPiece(
  image: Buffer,
  k: number,
  change: (piece: Buffer) => Buffer,
): Promise<Buffer> {
  const pieces = await piecesOf(image);
  pieces[k] = change(Buffer.from(pieces[k]!));
  return Buffer.concat(piecesToChunks(pieces, CHECKSUM_SEAL));
}

function withHead(
  image: Buffer,
  change: (head: Buffer) => Buffer,
): Promise<Buffer> {
  return withPiece(image, 0, change);
}

function flipByte(bytes: Buffer, at: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] = copy[at]! ^ 0xff;
  return copy;
}

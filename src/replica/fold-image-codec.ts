/**
 * @module The saved fold image as pieces (fold-image-pieces.ts lays them out and protects
 * each): piece 0, the head — a fixed header (magic, format, the fold code's version) and the
 * engine's plain-data image with what it was made from, written by node:v8's serializer — then
 * one piece for the kept payloads, one per state table and two for the journal's keys and old
 * values, which the head names by number. Restoring reads the head; a table's piece is read, opened and decoded when
 * the fold first uses that table. Most commands read a few tables and never rewind, and those
 * pieces were most of the image (the demo: 11 of its 17 MB). Decoding checks the head before it
 * trusts anything, and says why an image is refused (docs/architecture.md, "The saved fold
 * image").
 */
import { deserialize, serialize } from "node:v8";
import type { FoldImage } from "../core/index.js";
import type { SavedPieces } from "./fold-image-pieces.js";

/** "KGFOLDIM": what the head starts with. */
const MAGIC = Buffer.from("KGFOLDIM", "latin1");
/** The layout of the head and pieces; a change here adds a new format number. */
export const FOLD_IMAGE_FORMAT = 3;
const CODE_BYTES = 32;
const HEADER = MAGIC.length + 4 + CODE_BYTES;

/** What a saved image was made from: the store it covers, as far as it covers it. */
export interface FoldImageProvenance {
  /** How many events the fold held. */
  readonly events: number;
  /** The store position up to which every stored event is in the fold (0: none). */
  readonly last: number;
  /** The id of the stored event at `last` (null when last is 0). */
  readonly lastId: string | null;
  /** The store's count of payload drops and restores (see Store.payloadChanges). */
  readonly payloadChanges: number;
  readonly federation: string | null;
}

export interface DecodedFoldImage {
  readonly provenance: FoldImageProvenance;
  readonly fold: FoldImage;
}

/**
 * Why an image was not used (for logs and tests; the replica refolds in every case). MAGIC:
 * not an image; FORMAT: another layout; CODE_VERSION: made by other fold code; CHECKSUM: its
 * directory or head does not open (damaged, cut short, sealed under another key); BODY: the
 * head opens but is not an image's; STORE_CHANGED: the store is not the one it was made from;
 * TABLES: its tables are not this code's.
 */
export type FoldImageRefusal =
  | "MAGIC"
  | "FORMAT"
  | "CODE_VERSION"
  | "CHECKSUM"
  | "BODY"
  | "STORE_CHANGED"
  | "TABLES";

/** The pieces of an image. `code` is the fold code's version (fold-code-version.ts), 32 bytes hex. */
export function encodeFoldImage(
  fold: FoldImage,
  provenance: FoldImageProvenance,
  code: string,
): Uint8Array[] {
  const parts: Uint8Array[] = [];
  const body = serialize({
    provenance,
    fold: withPartsNumbered(fold, (part) => {
      if (typeof part === "function")
        throw new Error("fold image: a part was never decoded");
      parts.push(serialize(part));
      return parts.length;
    }),
  });
  const header = Buffer.alloc(HEADER);
  MAGIC.copy(header, 0);
  header.writeUInt32BE(FOLD_IMAGE_FORMAT, MAGIC.length);
  Buffer.from(code, "hex").copy(header, MAGIC.length + 4, 0, CODE_BYTES);
  return [Buffer.concat([header, body]), ...parts];
}

/** The image in the pieces, or why it cannot be trusted. */
export function decodeFoldImage(
  pieces: SavedPieces,
  code: string,
):
  | { ok: true; value: DecodedFoldImage }
  | { ok: false; why: FoldImageRefusal } {
  let head: Buffer;
  try {
    const bytes = pieces.count > 0 ? pieces.piece(0) : new Uint8Array(0);
    head = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } catch {
    return { ok: false, why: "CHECKSUM" };
  }
  if (head.length < HEADER || !head.subarray(0, MAGIC.length).equals(MAGIC))
    return { ok: false, why: "MAGIC" };
  if (head.readUInt32BE(MAGIC.length) !== FOLD_IMAGE_FORMAT)
    return { ok: false, why: "FORMAT" };
  const codeAt = MAGIC.length + 4;
  if (
    !head
      .subarray(codeAt, codeAt + CODE_BYTES)
      .equals(Buffer.from(code, "hex").subarray(0, CODE_BYTES))
  )
    return { ok: false, why: "CODE_VERSION" };
  try {
    const value = deserialize(head.subarray(HEADER)) as DecodedFoldImage;
    if (
      value === null ||
      typeof value !== "object" ||
      typeof value.provenance?.events !== "number" ||
      typeof value.fold !== "object" ||
      !partsNumbered(value.fold, pieces.count)
    )
      return { ok: false, why: "BODY" };
    return {
      ok: true,
      value: {
        provenance: value.provenance,
        fold: withPartsNumbered(
          value.fold,
          (k) => () => deserialize(pieces.piece(k as number)),
        ),
      },
    };
  } catch {
    return { ok: false, why: "BODY" };
  }
}

/** The image with each state table and the journal's keys and old values replaced by `to(part)`. */
function withPartsNumbered(
  fold: FoldImage,
  to: (part: unknown) => unknown,
): FoldImage {
  const { tables, journal } = fold.state;
  return {
    ...fold,
    payloads: to(fold.payloads),
    state: {
      tables: tables.map(([name, contents]) => [name, to(contents)]),
      journal: {
        ...journal,
        keys: to(journal.keys),
        olds: to(journal.olds),
      },
    },
  } as unknown as FoldImage;
}

/** True when every part kept apart names a piece after the head (checked before any is used). */
function partsNumbered(fold: FoldImage, count: number): boolean {
  const state = fold.state as unknown as {
    tables?: unknown;
    journal?: { keys?: unknown; olds?: unknown };
  };
  const isPiece = (k: unknown) =>
    typeof k === "number" && Number.isInteger(k) && k >= 1 && k < count;
  return (
    isPiece(fold.payloads) &&
    Array.isArray(state?.tables) &&
    state.tables.every((t) => Array.isArray(t) && isPiece(t[1])) &&
    isPiece(state.journal?.keys) &&
    isPiece(state.journal?.olds)
  );
}

/**
 * @module The saved fold image as bytes: a fixed header (magic, format, the fold code's
 * version, a SHA-256 of the body) and the body, the engine's plain-data image with what it was
 * made from, written by node:v8's serializer. Decoding checks everything before it trusts
 * anything, and says why an image is refused (docs/architecture.md, "The saved fold image").
 *
 * Format 2: each state table, and the journal's keys and old values, are serialized apart and
 * held in the body as bytes, which the checksum covers like the rest; decoding hands the fold
 * functions that decode them when first used. Most commands read a few tables and never rewind,
 * and those parts were most of the time a restore took (the demo: 11 of its 16 MB).
 */
import { createHash } from "node:crypto";
import { deserialize, serialize } from "node:v8";
import type { FoldImage } from "../core/index.js";

/** "KGFOLDIM": what a fold image file starts with. */
const MAGIC = Buffer.from("KGFOLDIM", "latin1");
/** The layout of the header and body; a change here adds a new format number. */
export const FOLD_IMAGE_FORMAT = 2;
const CODE_BYTES = 32;
const SUM_BYTES = 32;
const HEADER = MAGIC.length + 4 + CODE_BYTES + SUM_BYTES;

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

/** Why an image was not used (for logs and tests; the replica refolds in every case). */
export type FoldImageRefusal =
  | "MAGIC"
  | "FORMAT"
  | "CODE_VERSION"
  | "CHECKSUM"
  | "BODY"
  | "STORE_CHANGED"
  | "TABLES";

/** The bytes of an image. `code` is the fold code's version (fold-code-version.ts), 32 bytes hex. */
export function encodeFoldImage(
  fold: FoldImage,
  provenance: FoldImageProvenance,
  code: string,
): Uint8Array {
  const body = serialize({ provenance, fold: withPartsEncoded(fold) });
  const header = Buffer.alloc(HEADER);
  MAGIC.copy(header, 0);
  header.writeUInt32BE(FOLD_IMAGE_FORMAT, MAGIC.length);
  Buffer.from(code, "hex").copy(header, MAGIC.length + 4, 0, CODE_BYTES);
  createHash("sha256")
    .update(body)
    .digest()
    .copy(header, MAGIC.length + 4 + CODE_BYTES);
  return Buffer.concat([header, body]);
}

/** The image in the bytes, or why it cannot be trusted. */
export function decodeFoldImage(
  bytes: Uint8Array,
  code: string,
):
  | { ok: true; value: DecodedFoldImage }
  | { ok: false; why: FoldImageRefusal } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < HEADER || !buf.subarray(0, MAGIC.length).equals(MAGIC))
    return { ok: false, why: "MAGIC" };
  if (buf.readUInt32BE(MAGIC.length) !== FOLD_IMAGE_FORMAT)
    return { ok: false, why: "FORMAT" };
  const codeAt = MAGIC.length + 4;
  if (
    !buf
      .subarray(codeAt, codeAt + CODE_BYTES)
      .equals(Buffer.from(code, "hex").subarray(0, CODE_BYTES))
  )
    return { ok: false, why: "CODE_VERSION" };
  const body = buf.subarray(HEADER);
  const sum = createHash("sha256").update(body).digest();
  if (!sum.equals(buf.subarray(codeAt + CODE_BYTES, HEADER)))
    return { ok: false, why: "CHECKSUM" };
  try {
    const value = deserialize(body) as DecodedFoldImage;
    if (
      value === null ||
      typeof value !== "object" ||
      typeof value.provenance?.events !== "number" ||
      typeof value.fold !== "object" ||
      !hasEncodedParts(value.fold)
    )
      return { ok: false, why: "BODY" };
    return {
      ok: true,
      value: {
        provenance: value.provenance,
        fold: withPartsDeferred(value.fold),
      },
    };
  } catch {
    return { ok: false, why: "BODY" };
  }
}

/** The image with each state table and the journal's keys and old values as their own bytes. */
function withPartsEncoded(fold: FoldImage): FoldImage {
  const { tables, journal } = fold.state;
  return {
    ...fold,
    state: {
      tables: tables.map(([name, contents]) => [name, encodedPart(contents)]),
      journal: {
        ...journal,
        keys: encodedPart(journal.keys),
        olds: encodedPart(journal.olds),
      },
    },
  } as unknown as FoldImage;
}

function encodedPart(part: unknown): Uint8Array {
  if (typeof part === "function")
    throw new Error("fold image: a part was never decoded");
  return serialize(part);
}

/** True when every part that format 2 keeps apart is bytes (checked before any is used). */
function hasEncodedParts(fold: FoldImage): boolean {
  const state = fold.state as unknown as {
    tables?: unknown;
    journal?: { keys?: unknown; olds?: unknown };
  };
  return (
    Array.isArray(state?.tables) &&
    state.tables.every((t) => Array.isArray(t) && t[1] instanceof Uint8Array) &&
    state.journal?.keys instanceof Uint8Array &&
    state.journal.olds instanceof Uint8Array
  );
}

/** The image with its encoded parts as functions that decode them when the fold first uses them. */
function withPartsDeferred(fold: FoldImage): FoldImage {
  const { tables, journal } = fold.state;
  return {
    ...fold,
    state: {
      tables: tables.map(([name, bytes]) => [
        name,
        () =>
          deserialize(bytes as unknown as Uint8Array) as Map<unknown, unknown>,
      ]),
      journal: {
        ...journal,
        keys: () =>
          deserialize(journal.keys as unknown as Uint8Array) as unknown[],
        olds: () =>
          deserialize(journal.olds as unknown as Uint8Array) as unknown[],
      },
    },
  };
}

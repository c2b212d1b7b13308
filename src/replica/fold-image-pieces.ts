/**
 * @module The saved fold image as pieces, each protected on its own, so a command reads only
 * the pieces it uses: the head (what every restore needs) first, a state table when the fold
 * first touches it. Most commands touch a few tables and never rewind, and reading, opening
 * and checking the whole image was most of what they cost (the demo: 17 MB, of which `kenges
 * state` uses 5).
 *
 * Layout: "KGPIECES" ‖ u32 length of the directory ‖ the directory ‖ each piece in order.
 * The directory, protected like a piece, holds a random id of this image, the number of
 * pieces and the length of each as stored. Each piece is protected with its place (the
 * image's id and its number), so a piece moved within the image, or taken from another, does
 * not open. An encrypted data directory seals each piece with AES-GCM under the data key (the
 * lengths are inside the sealed directory: the file shows its total size and nothing of its
 * tables); a plain one prefixes a SHA-256 of the place and the bytes.
 */
import { createHash, randomBytes } from "node:crypto";
import type { PieceSeal, SavedImageBytes } from "./fold-image-file.js";

/** A piece read after restore (a table the fold first touched) did not open: the image is damaged. */
export class FoldImageDamagedError extends Error {
  readonly code = "FOLD_IMAGE_DAMAGED";
  constructor(readonly piece: number) {
    super(`the saved fold image is damaged (piece ${piece})`);
  }
}

const SUM_BYTES = 32;

function checksum(piece: Uint8Array, place: string): Buffer {
  return createHash("sha256")
    .update(`${place}\0`, "utf8")
    .update(piece)
    .digest();
}

/** The protection of a plain data directory's image: a SHA-256 of place and bytes in front. */
export const CHECKSUM_SEAL: PieceSeal = {
  seal(piece, place) {
    const out = new Uint8Array(SUM_BYTES + piece.length);
    out.set(checksum(piece, place), 0);
    out.set(piece, SUM_BYTES);
    return out;
  },
  open(sealed, place) {
    if (sealed.length < SUM_BYTES) throw new Error("fold image: short piece");
    const piece = sealed.subarray(SUM_BYTES);
    if (
      !checksum(piece, place).equals(
        Buffer.from(sealed.buffer, sealed.byteOffset, SUM_BYTES),
      )
    )
      throw new Error("fold image: a piece's checksum does not match");
    return piece;
  },
};

/** "KGPIECES". */
const MAGIC = Buffer.from("KGPIECES", "latin1");
const PREFIX = MAGIC.length + 4;
const ID_BYTES = 16;
const DIRECTORY_PLACE = "directory";

function placeOf(id: Buffer, piece: number): string {
  return `${id.toString("hex")}/${piece}`;
}

/** The chunks of a file holding `pieces`, each protected by `seal`. */
export function piecesToChunks(
  pieces: readonly Uint8Array[],
  seal: PieceSeal,
): Uint8Array[] {
  const id = randomBytes(ID_BYTES);
  const sealed = pieces.map((p, k) => seal.seal(p, placeOf(id, k)));
  const directory = Buffer.alloc(ID_BYTES + 4 + 8 * sealed.length);
  id.copy(directory, 0);
  directory.writeUInt32BE(sealed.length, ID_BYTES);
  for (let k = 0; k < sealed.length; k++)
    directory.writeBigUInt64BE(BigInt(sealed[k]!.length), ID_BYTES + 4 + 8 * k);
  const sealedDirectory = seal.seal(directory, DIRECTORY_PLACE);
  const prefix = Buffer.alloc(PREFIX);
  MAGIC.copy(prefix, 0);
  prefix.writeUInt32BE(sealedDirectory.length, MAGIC.length);
  return [prefix, sealedDirectory, ...sealed];
}

/** Why a file's pieces cannot be read: not a pieces file, or its directory does not open. */
export type PiecesRefusal = "MAGIC" | "CHECKSUM";

/** The pieces of a saved image, each read and opened when first asked for. */
export class SavedPieces {
  /** Pieces read into memory by {@link detach}, still sealed. */
  private readonly held = new Map<number, Uint8Array>();
  /** Pieces already handed out (each is asked for once: the fold keeps what it decoded). */
  private readonly taken = new Set<number>();
  /** True once a piece did not open: the image must not be trusted or saved from again. */
  damaged = false;
  private file: SavedImageBytes | null;

  private constructor(
    file: SavedImageBytes,
    private readonly seal: PieceSeal,
    private readonly id: Buffer,
    private readonly offsets: readonly number[],
    private readonly lengths: readonly number[],
  ) {
    this.file = file;
  }

  /** The pieces of `file`, or why they cannot be trusted (the file is then closed). */
  static read(
    file: SavedImageBytes,
    seal: PieceSeal,
  ): SavedPieces | PiecesRefusal {
    const refuse = (why: PiecesRefusal): PiecesRefusal => {
      file.close();
      return why;
    };
    const prefix = Buffer.from(file.readAt(0, PREFIX));
    if (
      prefix.length < PREFIX ||
      !prefix.subarray(0, MAGIC.length).equals(MAGIC)
    )
      return refuse("MAGIC");
    const directoryLength = prefix.readUInt32BE(MAGIC.length);
    if (PREFIX + directoryLength > file.size) return refuse("CHECKSUM");
    let directory: Buffer;
    try {
      const opened = seal.open(
        file.readAt(PREFIX, directoryLength),
        DIRECTORY_PLACE,
      );
      directory = Buffer.from(opened.buffer, opened.byteOffset, opened.length);
    } catch {
      return refuse("CHECKSUM");
    }
    if (directory.length < ID_BYTES + 4) return refuse("CHECKSUM");
    const count = directory.readUInt32BE(ID_BYTES);
    if (directory.length !== ID_BYTES + 4 + 8 * count)
      return refuse("CHECKSUM");
    const offsets: number[] = [];
    const lengths: number[] = [];
    let at = PREFIX + directoryLength;
    for (let k = 0; k < count; k++) {
      const length = Number(directory.readBigUInt64BE(ID_BYTES + 4 + 8 * k));
      offsets.push(at);
      lengths.push(length);
      at += length;
    }
    // The directory opened, so the lengths are the writer's: a file of another size was cut
    // short or added to.
    if (at !== file.size) return refuse("CHECKSUM");
    return new SavedPieces(
      file,
      seal,
      Buffer.from(directory.subarray(0, ID_BYTES)),
      offsets,
      lengths,
    );
  }

  get count(): number {
    return this.lengths.length;
  }

  /** Piece `k`, opened; throws {@link FoldImageDamagedError} when it does not open. */
  piece(k: number): Uint8Array {
    this.taken.add(k);
    let sealed = this.held.get(k);
    if (sealed !== undefined) this.held.delete(k);
    else {
      if (this.file === null || !(k >= 0 && k < this.count)) {
        this.damaged = true;
        throw new FoldImageDamagedError(k);
      }
      sealed = this.file.readAt(this.offsets[k]!, this.lengths[k]!);
    }
    try {
      return this.seal.open(sealed, placeOf(this.id, k));
    } catch {
      this.damaged = true;
      throw new FoldImageDamagedError(k);
    }
  }

  /**
   * Reads into memory every piece not asked for yet and closes the file: before this process
   * erases the image file, whose bytes the fold may still want.
   */
  detach(): void {
    if (this.file === null) return;
    for (let k = 0; k < this.count; k++)
      if (!this.taken.has(k) && !this.held.has(k))
        this.held.set(k, this.file.readAt(this.offsets[k]!, this.lengths[k]!));
    this.file.close();
    this.file = null;
  }

  /** Closes the file; a piece not asked for yet cannot be read after this. */
  close(): void {
    this.file?.close();
    this.file = null;
  }
}

/** @module Reading a BLT ballot file from disk in pieces, so that its size never limits the count. */
import { closeSync, openSync, readSync } from "node:fs";
import {
  type BallotFile,
  BltReader,
  type VotingResult,
} from "../voting/index.js";

/**
 * How much is read at a time: large enough that the per-piece work vanishes, small enough to
 * stay in cache. The reader keeps only the distinct ballots, never the bytes.
 */
export const BLT_PIECE_BYTES = 1 << 20;

/**
 * Reads a BLT file through one reused buffer (a whole-file read is refused past 2 GiB and would
 * hold every byte): memory grows with the distinct ballots only. Throws node's error when the
 * file cannot be read; a malformed file is a failure with the line, as from `readBlt`.
 */
export function readBltFile(
  path: string,
  pieceBytes = BLT_PIECE_BYTES,
): VotingResult<BallotFile> {
  const fd = openSync(path, "r");
  try {
    const buffer = new Uint8Array(pieceBytes);
    const reader = new BltReader();
    for (;;) {
      const length = readSync(fd, buffer, 0, pieceBytes, null);
      if (length === 0) return reader.finish();
      const pushed = reader.push(buffer.subarray(0, length));
      if (!pushed.ok) return pushed;
    }
  } finally {
    closeSync(fd);
  }
}

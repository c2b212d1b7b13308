/**
 * @module The fold image of an encrypted data directory: the replica's image file
 * (src/replica/fold-image-file.ts, which alone reads and writes the bytes) with each of its
 * pieces sealed under the data key (AES-256-GCM, the piece's place as associated data). The
 * image holds the whole state — names, bodies, comments — so it must be as unreadable as the
 * store. A piece is opened in place: the bytes just read are deciphered where they lie.
 */
import { openSealedBytes, sealBytes } from "../at-rest/index.js";
import type { FoldImageStore } from "../replica/index.js";

/** `inner` with its pieces sealed under `dataKey`. */
export function sealedFoldImage(
  inner: FoldImageStore,
  dataKey: Uint8Array,
): FoldImageStore {
  return {
    get writable() {
      return inner.writable;
    },
    open: () => inner.open(),
    write: (chunks) => inner.write(chunks),
    erase: () => inner.erase(),
    seal: {
      seal: (piece, place) => sealBytes(dataKey, "fold-image", piece, place),
      open: (sealed, place) =>
        openSealedBytes(dataKey, "fold-image", sealed, {
          place,
          inPlace: true,
        }),
    },
  };
}

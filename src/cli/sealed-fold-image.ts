/**
 * @module The fold image of an encrypted data directory: the replica's image file
 * (src/replica/fold-image-file.ts, which alone reads and writes the bytes) with every image
 * sealed under the data key on the way out and opened on the way in. The image holds the
 * whole state — names, bodies, comments — so it must be as unreadable as the store.
 */
import { isSealed, openSealedBytes, sealBytes } from "../at-rest/index.js";
import type { FoldImageStore } from "../replica/index.js";

/** `inner` with its bytes sealed under `dataKey`. */
export function sealedFoldImage(
  inner: FoldImageStore,
  dataKey: Uint8Array,
): FoldImageStore {
  return {
    get writable() {
      return inner.writable;
    },
    async read() {
      const bytes = await inner.read();
      // An image that is not sealed (left by an older Kenges) or does not open is only a
      // cache: the replica folds the log again instead, and the next save seals a new one.
      if (bytes === null || !isSealed(bytes)) return null;
      try {
        return openSealedBytes(dataKey, "fold-image", bytes);
      } catch {
        return null;
      }
    },
    write: (bytes) => inner.write(sealBytes(dataKey, "fold-image", bytes)),
    erase: () => inner.erase(),
  };
}

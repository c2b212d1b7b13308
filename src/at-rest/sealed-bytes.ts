/**
 * @module Files of a data directory sealed under the data key (the fold image, demo-keys.json,
 * export bundles): AES-256-GCM from node:crypto with a fresh random 12-byte nonce per write.
 * The file starts with a fixed magic, so a reader tells a sealed file from a plain one (an
 * older directory) without guessing; the use is the associated data, so a fold image copied
 * over demo-keys.json does not open as one.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { AtRestError } from "./at-rest-error.js";
import { type DataKeyUse, dataSubkey } from "./data-subkey.js";

/** "KGSEAL" then format version 1 and a zero byte. */
const MAGIC = Buffer.from("4b475345414c0100", "hex");
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** True when `bytes` start like a sealed file. */
export function isSealed(bytes: Uint8Array): boolean {
  return (
    bytes.length >= MAGIC.length + NONCE_BYTES + TAG_BYTES &&
    Buffer.from(bytes.buffer, bytes.byteOffset, MAGIC.length).equals(MAGIC)
  );
}

/**
 * The associated data: the use, and for a piece of a larger file (a part of the fold image)
 * where it belongs — so a piece moved to another place or another file does not open.
 */
function associatedData(use: DataKeyUse, place: string | undefined): Buffer {
  return Buffer.from(place === undefined ? use : `${use}\0${place}`, "utf8");
}

/** Seals `plaintext` for `use` (and `place`, see {@link associatedData}): magic ‖ nonce ‖ ciphertext ‖ tag. */
export function sealBytes(
  dataKey: Uint8Array,
  use: DataKeyUse,
  plaintext: Uint8Array,
  place?: string,
): Uint8Array {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", dataSubkey(dataKey, use), nonce);
  cipher.setAAD(associatedData(use, place));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return new Uint8Array(
    Buffer.concat([MAGIC, nonce, body, cipher.getAuthTag()]),
  );
}

/** Bytes deciphered at a time when opening in place. */
const IN_PLACE_CHUNK = 1 << 16;

/**
 * Opens what {@link sealBytes} sealed for `use` (and `place`); damaged or foreign bytes are
 * DATA_SEALED_FILE_DAMAGED. With `inPlace`, the plaintext is written over `sealed`'s own bytes
 * (which the caller gives up) and a view of them returned: on machines where memory touched
 * for the first time is dear (a VM), a second buffer the size of a large image costs more than
 * deciphering it.
 */
export function openSealedBytes(
  dataKey: Uint8Array,
  use: DataKeyUse,
  sealed: Uint8Array,
  options: { place?: string; inPlace?: boolean } = {},
): Uint8Array {
  if (!isSealed(sealed))
    throw new AtRestError("DATA_SEALED_FILE_DAMAGED", { use });
  const b = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  const nonce = b.subarray(MAGIC.length, MAGIC.length + NONCE_BYTES);
  const body = b.subarray(MAGIC.length + NONCE_BYTES, b.length - TAG_BYTES);
  const tag = b.subarray(b.length - TAG_BYTES);
  const decipher = createDecipheriv(
    "aes-256-gcm",
    dataSubkey(dataKey, use),
    nonce,
  );
  decipher.setAAD(associatedData(use, options.place));
  decipher.setAuthTag(tag);
  try {
    if (options.inPlace) {
      // Each chunk's plaintext is written where its ciphertext was; final() then checks the
      // tag, and nothing is returned unless it holds.
      for (let at = 0; at < body.length; at += IN_PLACE_CHUNK) {
        const end = Math.min(at + IN_PLACE_CHUNK, body.length);
        decipher.update(body.subarray(at, end)).copy(body, at);
      }
      decipher.final();
      return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
    }
    const plain = decipher.update(body);
    // GCM gives everything from update and nothing from final: no second copy of a large image.
    const rest = decipher.final();
    return new Uint8Array(
      rest.length === 0 ? plain : Buffer.concat([plain, rest]),
    );
  } catch {
    throw new AtRestError("DATA_SEALED_FILE_DAMAGED", { use });
  }
}

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

/** Seals `plaintext` for `use`: magic ‖ nonce ‖ ciphertext ‖ tag. */
export function sealBytes(
  dataKey: Uint8Array,
  use: DataKeyUse,
  plaintext: Uint8Array,
): Uint8Array {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", dataSubkey(dataKey, use), nonce);
  cipher.setAAD(Buffer.from(use, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return new Uint8Array(
    Buffer.concat([MAGIC, nonce, body, cipher.getAuthTag()]),
  );
}

/** Opens what {@link sealBytes} sealed for `use`; damaged or foreign bytes are DATA_SEALED_FILE_DAMAGED. */
export function openSealedBytes(
  dataKey: Uint8Array,
  use: DataKeyUse,
  sealed: Uint8Array,
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
  decipher.setAAD(Buffer.from(use, "utf8"));
  decipher.setAuthTag(tag);
  try {
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

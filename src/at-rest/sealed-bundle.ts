/**
 * @module Bundles sealed under a passphrase (`kenges export` without `--plain`): a bundle on a
 * USB stick carries a whole federation's log, and a courier can be searched. The bundle's
 * bytes are streamed through AES-256-GCM under a key scrypt derives from the bundle's
 * passphrase — one the courier does not need and the receiving hub's operator is told apart —
 * so neither side's data key leaves its machine.
 *
 * Layout: magic (8) ‖ header length (u16 BE) ‖ header JSON (scrypt parameters, salt, nonce) ‖
 * ciphertext ‖ tag (16). Magic and header are the associated data: a changed cost or salt
 * fails the tag like a changed byte of the ciphertext.
 */
import {
  createCipheriv,
  createDecipheriv,
  randomBytes,
  scrypt as scryptCallback,
} from "node:crypto";
import { AtRestError } from "./at-rest-error.js";
import { DEFAULT_SCRYPT_N } from "./data-key-file.js";

/** "KGBUNDLE": a sealed bundle; a plain bundle starts otherwise (src/sync/bundle.ts). */
const MAGIC = Buffer.from("KGBUNDLE", "latin1");
const TAG_BYTES = 16;
const R = 8;
const P = 1;
const MAX_HEADER = 1024;

interface Header {
  kdf: { name: "scrypt"; N: number; r: number; p: number; salt: string };
  cipher: "aes-256-gcm";
  iv: string;
  /**
   * The tag of an empty message under the key (its own nonce, `checkIv`): a wrong passphrase
   * is told at once, before any bundle byte is decrypted into garbage a reader would misparse.
   */
  checkIv: string;
  check: string;
}

const CHECK_AAD = Buffer.from("kenges-bundle-check/1", "utf8");

function checkTag(key: Buffer, iv: Buffer): Buffer {
  const c = createCipheriv("aes-256-gcm", key, iv);
  c.setAAD(CHECK_AAD);
  c.final();
  return c.getAuthTag();
}

function derive(passphrase: string, salt: Buffer, N: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(
      Buffer.from(passphrase.normalize("NFC"), "utf8"),
      salt,
      32,
      { N, r: R, p: P, maxmem: 256 * N * R },
      (error, key) => (error ? reject(error) : resolve(key)),
    ),
  );
}

/** True when `head` (the first bytes of a file) starts like a sealed bundle. */
export function isSealedBundle(head: Uint8Array): boolean {
  return (
    head.length >= MAGIC.length &&
    Buffer.from(head.buffer, head.byteOffset, MAGIC.length).equals(MAGIC)
  );
}

/** Seals a bundle as it is written: `head` first, then each `update`, then `final`. */
export interface BundleSealer {
  readonly head: Uint8Array;
  update(chunk: Uint8Array): Uint8Array;
  final(): Uint8Array;
}

/** A sealer under `passphrase` (scrypt N = 2^17 unless given; at least 2^14). */
export async function sealBundle(
  passphrase: string,
  options: { scryptN?: number } = {},
): Promise<BundleSealer> {
  const N = options.scryptN ?? DEFAULT_SCRYPT_N;
  if (!Number.isInteger(Math.log2(N)) || N < 2 ** 14 || N > 2 ** 20)
    throw new RangeError("scrypt N must be a power of two in [2^14, 2^20]");
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const checkIv = randomBytes(12);
  const key = await derive(passphrase, salt, N);
  const header: Header = {
    kdf: { name: "scrypt", N, r: R, p: P, salt: salt.toString("base64") },
    cipher: "aes-256-gcm",
    iv: iv.toString("base64"),
    checkIv: checkIv.toString("base64"),
    check: checkTag(key, checkIv).toString("base64"),
  };
  const json = Buffer.from(JSON.stringify(header), "utf8");
  const length = Buffer.alloc(2);
  length.writeUInt16BE(json.length);
  const head = Buffer.concat([MAGIC, length, json]);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(head);
  return {
    head: new Uint8Array(head),
    update: (chunk) => new Uint8Array(cipher.update(chunk)),
    final: () =>
      new Uint8Array(Buffer.concat([cipher.final(), cipher.getAuthTag()])),
  };
}

/**
 * The plain bundle bytes of a sealed bundle, streamed. The tag is checked at the end of the
 * stream: a reader must consume it all before trusting any of it (`kenges import` does — it
 * reads the whole bundle before storing anything). A wrong passphrase throws
 * BUNDLE_PASSPHRASE_WRONG at once; a changed byte, DATA_SEALED_FILE_DAMAGED at the end (or the
 * bundle reader's own error on the garbage before it), as does a malformed head.
 */
export async function* openSealedBundle(
  source: AsyncIterable<Uint8Array>,
  passphrase: string,
): AsyncGenerator<Uint8Array> {
  const damaged = () =>
    new AtRestError("DATA_SEALED_FILE_DAMAGED", { use: "export" });
  const iterator = source[Symbol.asyncIterator]();
  let pending = Buffer.alloc(0);
  const fill = async (bytes: number): Promise<boolean> => {
    while (pending.length < bytes) {
      const next = await iterator.next();
      if (next.done) return false;
      pending = Buffer.concat([pending, next.value]);
    }
    return true;
  };
  if (!(await fill(MAGIC.length + 2)) || !isSealedBundle(pending))
    throw damaged();
  const headerLength = pending.readUInt16BE(MAGIC.length);
  if (headerLength > MAX_HEADER) throw damaged();
  const headLength = MAGIC.length + 2 + headerLength;
  if (!(await fill(headLength))) throw damaged();
  const head = pending.subarray(0, headLength);
  let header: Header;
  try {
    header = JSON.parse(
      head.subarray(MAGIC.length + 2).toString("utf8"),
    ) as Header;
  } catch {
    throw damaged();
  }
  const N = header?.kdf?.N;
  if (
    header?.cipher !== "aes-256-gcm" ||
    header.kdf.name !== "scrypt" ||
    typeof N !== "number" ||
    !Number.isInteger(Math.log2(N)) ||
    N < 2 ** 14 ||
    N > 2 ** 20 ||
    header.kdf.r !== R ||
    header.kdf.p !== P ||
    typeof header.kdf.salt !== "string" ||
    typeof header.iv !== "string" ||
    typeof header.checkIv !== "string" ||
    typeof header.check !== "string"
  )
    throw damaged();
  const key = await derive(
    passphrase,
    Buffer.from(header.kdf.salt, "base64"),
    N,
  );
  if (
    !checkTag(key, Buffer.from(header.checkIv, "base64")).equals(
      Buffer.from(header.check, "base64"),
    )
  )
    throw new AtRestError("BUNDLE_PASSPHRASE_WRONG", {});
  const decipher = createDecipheriv(
    "aes-256-gcm",
    key,
    Buffer.from(header.iv, "base64"),
  );
  decipher.setAAD(Buffer.from(head));
  // Hold back the last 16 bytes seen: they may be the tag.
  let held = pending.subarray(headLength);
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    held = Buffer.concat([held, next.value]);
    if (held.length > TAG_BYTES) {
      const out = decipher.update(held.subarray(0, held.length - TAG_BYTES));
      held = held.subarray(held.length - TAG_BYTES);
      if (out.length > 0) yield new Uint8Array(out);
    }
  }
  // A small bundle arrives whole with its head: what is held is then more than the tag.
  if (held.length < TAG_BYTES) throw damaged();
  const rest = decipher.update(held.subarray(0, held.length - TAG_BYTES));
  if (rest.length > 0) yield new Uint8Array(rest);
  decipher.setAuthTag(held.subarray(held.length - TAG_BYTES));
  let last: Buffer;
  try {
    last = decipher.final();
  } catch {
    throw damaged();
  }
  if (last.length > 0) yield new Uint8Array(last);
}

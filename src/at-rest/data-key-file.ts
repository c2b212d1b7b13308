/**
 * @module The key file of a data directory (`data.key`), and the one place a passphrase turns
 * into the data key. The data key is 32 random bytes that encrypt the store and the sealed
 * files; the key file holds it wrapped with AES-256-GCM under a key scrypt derives from the
 * passphrase. Changing the passphrase rewraps these few bytes and leaves the database alone;
 * destroying the key file (`kenges panic`) leaves only ciphertext that no passphrase opens.
 */
import {
  createCipheriv,
  createDecipheriv,
  randomBytes,
  scrypt as scryptCallback,
} from "node:crypto";
import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { AtRestError } from "./at-rest-error.js";

/** File name of the key file inside a data directory. */
export const DATA_KEY_FILE = "data.key";

/**
 * scrypt's cost: N = 2^17, r = 8, p = 1 (128 MiB, about half a second on a laptop core) — the
 * strength recommended for passwords today. A seized disk lets an attacker guess offline, so
 * the cost of each guess is all that stands between a weak passphrase and the data.
 */
export const DEFAULT_SCRYPT_N = 2 ** 17;
const SCRYPT_R = 8;
const SCRYPT_P = 1;
/** Below this a key file is refused: too cheap to guess; above it, too slow to open. */
const MIN_SCRYPT_N = 2 ** 14;
const MAX_SCRYPT_N = 2 ** 20;
const AAD = Buffer.from("kenges-data-key/1", "utf8");

interface KeyFileJson {
  kind: "kenges-data-key";
  v: 1;
  kdf: { name: "scrypt"; N: number; r: number; p: number; salt: string };
  cipher: "aes-256-gcm";
  iv: string;
  wrapped: string;
  tag: string;
  /**
   * Set on a demo directory wrapped under the demo's public passphrase: commands open it
   * without asking (the passphrase protects nothing there). A rewrap drops it.
   */
  demo?: true;
  /**
   * The name of the cipher the directory's store is encrypted with, as the one who made the
   * directory recorded it (src/cli/data-key.ts; the names are the store's, `StoreCipher`).
   * Absent in key files made before it was recorded. A rewrap keeps it.
   */
  storeCipher?: string;
}

function deriveWrappingKey(
  passphrase: string,
  salt: Buffer,
  N: number,
): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(
      Buffer.from(passphrase.normalize("NFC"), "utf8"),
      salt,
      32,
      { N, r: SCRYPT_R, p: SCRYPT_P, maxmem: 256 * N * SCRYPT_R },
      (error, key) => (error ? reject(error) : resolve(key)),
    ),
  );
}

function checkCost(N: number): void {
  if (!Number.isInteger(Math.log2(N)) || N < MIN_SCRYPT_N || N > MAX_SCRYPT_N)
    throw new RangeError(`scrypt N must be a power of two in [2^14, 2^20]`);
}

async function wrap(
  dataKey: Uint8Array,
  passphrase: string,
  N: number,
): Promise<KeyFileJson> {
  checkCost(N);
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv(
    "aes-256-gcm",
    await deriveWrappingKey(passphrase, salt, N),
    iv,
  );
  cipher.setAAD(AAD);
  const wrapped = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return {
    kind: "kenges-data-key",
    v: 1,
    kdf: {
      name: "scrypt",
      N,
      r: SCRYPT_R,
      p: SCRYPT_P,
      salt: salt.toString("base64"),
    },
    cipher: "aes-256-gcm",
    iv: iv.toString("base64"),
    wrapped: wrapped.toString("base64"),
    tag: cipher.getAuthTag().toString("base64"),
  };
}

function syncDir(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes the key file whole or not at all: temporary file, fsync, rename, fsync the directory. */
function writeKeyFile(dir: string, json: KeyFileJson): void {
  const path = join(dir, DATA_KEY_FILE);
  const temp = `${path}.${process.pid}.tmp`;
  try {
    const fd = openSync(temp, "w", 0o600);
    try {
      writeSync(fd, `${JSON.stringify(json)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
  syncDir(dir);
}

function readKeyFile(dir: string): KeyFileJson {
  const path = join(dir, DATA_KEY_FILE);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT")
      throw new AtRestError("DATA_KEY_MISSING", { path: dir });
    throw e;
  }
  const malformed = new AtRestError("DATA_KEY_FILE_MALFORMED", { path });
  let json: KeyFileJson;
  try {
    json = JSON.parse(text) as KeyFileJson;
  } catch {
    throw malformed;
  }
  const kdf = json?.kdf;
  if (
    json?.kind !== "kenges-data-key" ||
    json.v !== 1 ||
    json.cipher !== "aes-256-gcm" ||
    kdf?.name !== "scrypt" ||
    typeof kdf.N !== "number" ||
    kdf.N < MIN_SCRYPT_N ||
    kdf.N > MAX_SCRYPT_N ||
    !Number.isInteger(Math.log2(kdf.N)) ||
    kdf.r !== SCRYPT_R ||
    kdf.p !== SCRYPT_P ||
    typeof kdf.salt !== "string" ||
    typeof json.iv !== "string" ||
    typeof json.wrapped !== "string" ||
    typeof json.tag !== "string" ||
    Buffer.from(json.wrapped, "base64").length !== 32 ||
    Buffer.from(json.iv, "base64").length !== 12 ||
    Buffer.from(json.tag, "base64").length !== 16 ||
    (json.storeCipher !== undefined &&
      (typeof json.storeCipher !== "string" ||
        !/^[a-z0-9-]{1,40}$/.test(json.storeCipher)))
  )
    throw malformed;
  return json;
}

/**
 * The name of the store's cipher the directory's key file records; null for a key file that
 * records none (made before the choice was recorded).
 */
export function recordedStoreCipher(dir: string): string | null {
  return readKeyFile(dir).storeCipher ?? null;
}

/** True when the directory has a key file. */
export function hasDataKeyFile(dir: string): boolean {
  return existsSync(join(dir, DATA_KEY_FILE));
}

/**
 * Makes a new random data key for the directory and writes it wrapped under `passphrase`.
 * The directory must exist; an existing key file is never replaced (it would orphan the data).
 */
export async function createDataKeyFile(
  dir: string,
  passphrase: string,
  options: {
    scryptN?: number;
    demo?: boolean;
    /** The name of the store's cipher, recorded beside the key; none is recorded without it. */
    storeCipher?: string;
  } = {},
): Promise<Uint8Array> {
  if (hasDataKeyFile(dir))
    throw new Error(`createDataKeyFile: ${dir} already has a key file`);
  const dataKey = new Uint8Array(randomBytes(32));
  // A demo's passphrase is public (npm start prints it): stretching it protects nothing and
  // would cost every command on the demo half a second, so a demo takes the least cost.
  const json = await wrap(
    dataKey,
    passphrase,
    options.demo ? MIN_SCRYPT_N : (options.scryptN ?? DEFAULT_SCRYPT_N),
  );
  writeKeyFile(dir, {
    ...json,
    ...(options.demo ? { demo: true as const } : {}),
    ...(options.storeCipher === undefined
      ? {}
      : { storeCipher: options.storeCipher }),
  });
  return dataKey;
}

/**
 * The demo's passphrase: public (npm start prints it), since demo data holds nothing of anyone's.
 * A demo made under it is marked so in its key file, and commands open it without asking.
 */
export const DEMO_DATA_PASSPHRASE = "kenges demo";

/** True when the directory's key file marks a demo wrapped under the public passphrase. */
export function isDemoKeyFile(dir: string): boolean {
  return hasDataKeyFile(dir) && readKeyFile(dir).demo === true;
}

/**
 * Unwraps begun before anyone asked (see {@link unwrapDataKeyEarly}), by directory and
 * passphrase, with the key file they were begun on.
 */
const early = new Map<string, { file: string; key: Promise<Uint8Array> }>();

/**
 * Begins unwrapping the directory's data key now, for a later {@link unwrapDataKey} with the
 * same passphrase to take over: the command line starts scrypt (on libuv's threads) before it
 * loads a command's code, so the two overlap instead of following each other. Does nothing
 * when the directory has no key file or it cannot be read; a failure waits for the caller.
 */
export function unwrapDataKeyEarly(dir: string, passphrase: string): void {
  let json: KeyFileJson;
  try {
    if (!hasDataKeyFile(dir)) return;
    json = readKeyFile(dir);
  } catch {
    return;
  }
  const key = unwrapKeyFile(json, dir, passphrase);
  // Handled by whoever takes it over; unhandled if nobody does, which is no error.
  key.catch(() => {});
  early.set(`${dir}\0${passphrase}`, { file: JSON.stringify(json), key });
}

/** The data key of the directory; a wrong passphrase is DATA_PASSPHRASE_WRONG. */
export async function unwrapDataKey(
  dir: string,
  passphrase: string,
): Promise<Uint8Array> {
  const json = readKeyFile(dir);
  const begun = early.get(`${dir}\0${passphrase}`);
  early.delete(`${dir}\0${passphrase}`);
  // Taken over only when the key file is still the one it was begun on.
  if (begun !== undefined && begun.file === JSON.stringify(json))
    return begun.key;
  return unwrapKeyFile(json, dir, passphrase);
}

async function unwrapKeyFile(
  json: KeyFileJson,
  dir: string,
  passphrase: string,
): Promise<Uint8Array> {
  const key = await deriveWrappingKey(
    passphrase,
    Buffer.from(json.kdf.salt, "base64"),
    json.kdf.N,
  );
  const decipher = createDecipheriv(
    "aes-256-gcm",
    key,
    Buffer.from(json.iv, "base64"),
  );
  decipher.setAAD(AAD);
  decipher.setAuthTag(Buffer.from(json.tag, "base64"));
  try {
    return new Uint8Array(
      Buffer.concat([
        decipher.update(Buffer.from(json.wrapped, "base64")),
        decipher.final(),
      ]),
    );
  } catch {
    // GCM cannot tell a wrong passphrase from a changed file; the file's shape was checked,
    // so the passphrase is by far the likelier cause.
    throw new AtRestError("DATA_PASSPHRASE_WRONG", { path: dir });
  }
}

/** Wraps the same data key under a new passphrase: the database is not touched. */
export async function rewrapDataKey(
  dir: string,
  oldPassphrase: string,
  newPassphrase: string,
  options: { scryptN?: number } = {},
): Promise<void> {
  const cipher = readKeyFile(dir).storeCipher;
  const dataKey = await unwrapDataKey(dir, oldPassphrase);
  writeKeyFile(dir, {
    ...(await wrap(
      dataKey,
      newPassphrase,
      options.scryptN ?? DEFAULT_SCRYPT_N,
    )),
    // The store is not touched: it stays in its cipher.
    ...(cipher === undefined ? {} : { storeCipher: cipher }),
  });
}

/**
 * Destroys the key file: its bytes overwritten with random ones in place and synced, then the
 * file unlinked and the directory synced. What this cannot reach (an SSD's remapped blocks,
 * copies, backups, swap) is listed in docs/operating.md. Returns false when there was none.
 */
export function destroyDataKeyFile(dir: string): boolean {
  const path = join(dir, DATA_KEY_FILE);
  let fd: number;
  try {
    fd = openSync(path, "r+");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw e;
  }
  try {
    const size = fstatSync(fd).size;
    writeSync(fd, randomBytes(Math.max(size, 512)), 0, Math.max(size, 512), 0);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  unlinkSync(path);
  syncDir(dir);
  return true;
}

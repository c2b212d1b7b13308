/**
 * @module The voter's two steps of RFC 9474 blind RSA (RSABSSA-SHA384-PSS-Deterministic) in
 * Node: Blind (§4.2) and Finalize (§4.4), for the node:crypto backend (node.ts). The hashing
 * (SHA-384, MGF1 over SHA-384), the randomness, r^e mod n (OpenSSL's raw public RSA) and the
 * last check (RSASSA-PSS verification) are node:crypto's; what remains is the RFC's own
 * arithmetic — EMSA-PSS encoding (RFC 8017 §9.1.1) and multiplication and inversion modulo n —
 * on BigInt. @cloudflare/blindrsa-ts does the same with its big integers in JavaScript (sjcl),
 * 85× slower to blind and 170× to finalize here (docs/benchmarks.md); browsers keep it. Like the library's, this BigInt arithmetic is not
 * constant-time: it runs on the voter's own device over the voter's own r, which unlinks the
 * ballot from the request (the registrar's private-key operation stays OpenSSL's, node.ts).
 */
import {
  constants,
  createHash,
  createPublicKey,
  type KeyObject,
  publicEncrypt,
  randomBytes,
  verify,
} from "node:crypto";

/** SHA-384's output length, and the salt length of the PSS variants (sLen = hLen). */
const HASH_BYTES = 48;
const SALT_BYTES = 48;

/** A registrar's public key as the two steps need it. */
interface BlindingKey {
  readonly key: KeyObject;
  readonly n: bigint;
  readonly modulusBits: number;
  readonly modulusBytes: number;
}

const keys = new Map<string, BlindingKey>();

function blindingKey(spki: Uint8Array): BlindingKey {
  const id = Buffer.from(spki.buffer, spki.byteOffset, spki.length).toString(
    "latin1",
  );
  let found = keys.get(id);
  if (found === undefined) {
    const key = createPublicKey({
      key: Buffer.from(spki),
      format: "der",
      type: "spki",
    });
    if (key.asymmetricKeyType !== "rsa")
      throw new RangeError("not an RSA public key (SPKI DER)");
    const jwk = key.export({ format: "jwk" });
    const n = bytesToInt(Buffer.from(jwk.n!, "base64url"));
    const modulusBits = n.toString(2).length;
    found = { key, n, modulusBits, modulusBytes: Math.ceil(modulusBits / 8) };
    if (keys.size >= 1_000) keys.clear();
    keys.set(id, found);
  }
  return found;
}

/** OS2IP (RFC 8017 §4.2). */
function bytesToInt(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  return BigInt(
    `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("hex")}`,
  );
}

/** I2OSP (RFC 8017 §4.1): `x` big-endian in exactly `length` bytes. */
function intToBytes(x: bigint, length: number): Uint8Array {
  const hex = x.toString(16);
  if (hex.length > length * 2) throw new RangeError("integer too large");
  return Uint8Array.from(Buffer.from(hex.padStart(length * 2, "0"), "hex"));
}

/** Bits of a positive integer. */
function bitLength(x: bigint): number {
  const hex = x.toString(16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(Number.parseInt(hex[0]!, 16)));
}

/**
 * The inverse of `a` modulo `m` by the extended Euclidean algorithm, in Lehmer's form (Knuth,
 * TAOCP vol. 2, §4.5.2, Algorithm L): the quotients are found on the leading 50 bits in
 * floating point — exact below 2^53 — and applied to the big numbers some 25 bits at a time,
 * which spares most of the BigInt divisions of the plain algorithm (5× faster for 2048 bits).
 * Throws when `a` and `m` share a factor. The result is checked before it is returned.
 */
export function inverseMod(a: bigint, m: bigint): bigint {
  // Invariants: u ≡ u1·a and v ≡ v1·a (mod m).
  let u = m;
  let v = a % m;
  let u1 = 0n;
  let v1 = 1n;
  for (;;) {
    if (v === 0n) break;
    const bits = bitLength(u);
    if (bits <= 50) break;
    const shift = BigInt(bits - 50);
    let x = Number(u >> shift);
    let y = Number(v >> shift);
    // The cosequence: [A B; C D] maps (u, v) to the pair some steps on, while the quotients of
    // the leading bits are sure to be the true ones (both bounds agree).
    let A = 1;
    let B = 0;
    let C = 0;
    let D = 1;
    for (;;) {
      if (y + C === 0 || y + D === 0) break;
      const q = Math.floor((x + A) / (y + C));
      if (q !== Math.floor((x + B) / (y + D))) break;
      let t = A - q * C;
      A = C;
      C = t;
      t = B - q * D;
      B = D;
      D = t;
      t = x - q * y;
      x = y;
      y = t;
    }
    if (B === 0) {
      // No sure quotient from the leading bits: one step on the whole numbers.
      const q = u / v;
      [u, v] = [v, u - q * v];
      [u1, v1] = [v1, u1 - q * v1];
    } else {
      const [a1, b1, c1, d1] = [BigInt(A), BigInt(B), BigInt(C), BigInt(D)];
      [u, v] = [a1 * u + b1 * v, c1 * u + d1 * v];
      [u1, v1] = [a1 * u1 + b1 * v1, c1 * u1 + d1 * v1];
    }
  }
  while (v !== 0n) {
    const q = u / v;
    [u, v] = [v, u - q * v];
    [u1, v1] = [v1, u1 - q * v1];
  }
  if (u !== 1n) throw new Error("crypto: blinding failed (not invertible)");
  const inverse = ((u1 % m) + m) % m;
  if ((a * inverse) % m !== 1n)
    throw new Error("crypto: blinding failed (inverse check)");
  return inverse;
}

/** MGF1 with SHA-384 (RFC 8017 §B.2.1). */
function mgf1(seed: Uint8Array, length: number): Buffer {
  const blocks: Buffer[] = [];
  const counter = Buffer.alloc(4);
  for (let c = 0; c * HASH_BYTES < length; c++) {
    counter.writeUInt32BE(c);
    blocks.push(createHash("sha384").update(seed).update(counter).digest());
  }
  return Buffer.concat(blocks).subarray(0, length);
}

/** EMSA-PSS-ENCODE (RFC 8017 §9.1.1) with SHA-384, MGF1-SHA-384 and the given salt. */
function encodePss(
  message: Uint8Array,
  emBits: number,
  salt: Uint8Array,
): Buffer {
  const emLen = Math.ceil(emBits / 8);
  if (emLen < HASH_BYTES + salt.length + 2)
    throw new RangeError("crypto: the RSA key is too small for EMSA-PSS");
  const mHash = createHash("sha384").update(message).digest();
  const h = createHash("sha384")
    .update(Buffer.alloc(8))
    .update(mHash)
    .update(salt)
    .digest();
  const db = Buffer.alloc(emLen - HASH_BYTES - 1);
  db[emLen - salt.length - HASH_BYTES - 2] = 0x01;
  db.set(salt, db.length - salt.length);
  const mask = mgf1(h, db.length);
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!;
  db[0]! &= 0xff >> (8 * emLen - emBits);
  return Buffer.concat([db, h, Buffer.from([0xbc])]);
}

/** r^e mod n: RSAVP1, OpenSSL's raw public-key operation (r < n). */
function rsaPublic(k: BlindingKey, r: bigint): bigint {
  const out = publicEncrypt(
    { key: k.key, padding: constants.RSA_NO_PADDING },
    intToBytes(r, k.modulusBytes),
  );
  return bytesToInt(out);
}

/** A uniformly random integer in [1, n) from node:crypto (rejection sampling). */
function randomBelow(k: BlindingKey): bigint {
  const spare = 8 * k.modulusBytes - k.modulusBits;
  for (;;) {
    const bytes = randomBytes(k.modulusBytes);
    bytes[0]! &= 0xff >> spare;
    const r = bytesToInt(bytes);
    if (r > 0n && r < k.n) return r;
  }
}

/** What a voter keeps of one blinding: the blinded message and the inverse of r. */
export interface NativeBlinding {
  readonly blinded: Uint8Array;
  readonly inverse: Uint8Array;
}

/**
 * RFC 9474 §4.2 Blind with a given salt and r — the test vectors' path. {@link blindRsaPssSha384}
 * draws both from node:crypto.
 */
export function blindRsaPssSha384With(
  publicKey: Uint8Array,
  message: Uint8Array,
  salt: Uint8Array,
  r: bigint,
): NativeBlinding {
  const k = blindingKey(publicKey);
  if (r <= 0n || r >= k.n) throw new RangeError("crypto: r is not in [1, n)");
  const m = bytesToInt(encodePss(message, k.modulusBits - 1, salt));
  // One inversion does both of the RFC's checks: m·r is invertible exactly when m and r are
  // both coprime to n, and then r⁻¹ = m · (m·r)⁻¹.
  const inverse = (m * inverseMod((m * r) % k.n, k.n)) % k.n;
  const blinded = (m * rsaPublic(k, r)) % k.n;
  return {
    blinded: intToBytes(blinded, k.modulusBytes),
    inverse: intToBytes(inverse, k.modulusBytes),
  };
}

/** RFC 9474 §4.2 Blind: a fresh 48-byte salt and a fresh r, both from node:crypto. */
export function blindRsaPssSha384(
  publicKey: Uint8Array,
  message: Uint8Array,
): NativeBlinding {
  const k = blindingKey(publicKey);
  return blindRsaPssSha384With(
    publicKey,
    message,
    randomBytes(SALT_BYTES),
    randomBelow(k),
  );
}

/**
 * RFC 9474 §4.4 Finalize: s = z · inv mod n, returned only when it verifies as an RSASSA-PSS
 * signature of `message` (SHA-384, salt 48) — throws otherwise.
 */
export function finalizeRsaPssSha384(
  publicKey: Uint8Array,
  message: Uint8Array,
  blindSignature: Uint8Array,
  inverse: Uint8Array,
): Uint8Array {
  const k = blindingKey(publicKey);
  if (blindSignature.length !== k.modulusBytes)
    throw new Error("crypto: a blind signature has the modulus's length");
  if (inverse.length !== k.modulusBytes)
    throw new Error("crypto: an inverse has the modulus's length");
  const z = bytesToInt(blindSignature);
  const inv = bytesToInt(inverse);
  if (z >= k.n || inv >= k.n)
    throw new Error("crypto: not an integer below the modulus");
  const signature = intToBytes((z * inv) % k.n, k.modulusBytes);
  const valid = verify(
    "sha384",
    message,
    {
      key: k.key,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: SALT_BYTES,
    },
    signature,
  );
  if (!valid) throw new Error("crypto: invalid blind signature");
  return signature;
}

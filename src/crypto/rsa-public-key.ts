/**
 * @module Reading an RSA public key in SubjectPublicKeyInfo DER form (RFC 5280, RFC 8017
 * A.1.1) strictly enough for the fold to judge a registrar's key synchronously, in Node and in
 * a browser: its size and public exponent. Not a cryptographic primitive — verification goes
 * through the backend.
 */

/** What the fold needs to know of a registrar's RSA public key. */
export interface RsaPublicKeyInfo {
  /** Bits of the modulus n (its highest set bit counts). */
  readonly modulusBits: number;
  /** Bytes of a signature or blinded message under this key: ceil(bits / 8). */
  readonly modulusBytes: number;
  /** The public exponent, or null when it does not fit 32 bits. */
  readonly exponent: number | null;
}

/** DER of AlgorithmIdentifier { rsaEncryption, NULL } — the form WebCrypto and OpenSSL export. */
const RSA_ALGORITHM = Uint8Array.from([
  0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01,
  0x05, 0x00,
]);

/** One DER element: its tag, and where its contents start and end. */
interface Element {
  readonly tag: number;
  readonly start: number;
  readonly end: number;
}

/** Reads the element at `at` in bytes[..limit]; null unless its length is minimal DER. */
function readElement(
  bytes: Uint8Array,
  at: number,
  limit: number,
): Element | null {
  if (at + 2 > limit) return null;
  const tag = bytes[at]!;
  let length = bytes[at + 1]!;
  let start = at + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 2 || start + count > limit) return null;
    length = 0;
    for (let k = 0; k < count; k++) length = (length << 8) | bytes[start + k]!;
    start += count;
    // Minimal length form: long form only from 128, no leading zero byte.
    if (length < 0x80 || (count === 2 && length < 0x100)) return null;
  }
  const end = start + length;
  if (end > limit) return null;
  return { tag, start, end };
}

/** A positive INTEGER in minimal DER: no needless leading zero, no sign bit set. */
function isPositiveInteger(bytes: Uint8Array, e: Element): boolean {
  if (e.tag !== 0x02 || e.end <= e.start) return false;
  const first = bytes[e.start]!;
  if (first & 0x80) return false;
  if (first === 0 && (e.end - e.start === 1 || !(bytes[e.start + 1]! & 0x80)))
    return false;
  return true;
}

/**
 * The size and exponent of an RSA public key given as SPKI DER; null when the bytes are not
 * exactly one such key (another algorithm, trailing bytes, non-minimal encoding).
 */
export function readRsaPublicKey(spki: Uint8Array): RsaPublicKeyInfo | null {
  const outer = readElement(spki, 0, spki.length);
  if (outer === null || outer.tag !== 0x30 || outer.end !== spki.length)
    return null;
  let at = outer.start;
  for (let k = 0; k < RSA_ALGORITHM.length; k++)
    if (spki[at + k] !== RSA_ALGORITHM[k]) return null;
  at += RSA_ALGORITHM.length;
  const bits = readElement(spki, at, outer.end);
  if (bits === null || bits.tag !== 0x03 || bits.end !== outer.end) return null;
  // A BIT STRING holding whole bytes: no unused bits.
  if (spki[bits.start] !== 0) return null;
  const key = readElement(spki, bits.start + 1, bits.end);
  if (key === null || key.tag !== 0x30 || key.end !== bits.end) return null;
  const n = readElement(spki, key.start, key.end);
  if (n === null || !isPositiveInteger(spki, n)) return null;
  const e = readElement(spki, n.end, key.end);
  if (e === null || !isPositiveInteger(spki, e) || e.end !== key.end)
    return null;
  let nStart = n.start;
  if (spki[nStart] === 0) nStart++;
  const top = spki[nStart]!;
  const modulusBits = (n.end - nStart - 1) * 8 + (32 - Math.clz32(top));
  let exponent: number | null = null;
  if (e.end - e.start <= 4) {
    exponent = 0;
    for (let k = e.start; k < e.end; k++) exponent = exponent * 256 + spki[k]!;
  }
  return {
    modulusBits,
    modulusBytes: Math.ceil(modulusBits / 8),
    exponent,
  };
}

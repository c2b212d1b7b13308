/**
 * @module The session's record key and what it seals. The key is derived once per unlock
 * from the member's secret key (itself opened with the passphrase by scrypt) — see
 * src/crypto/record-box.ts — and lives in memory only. Every value written to the database
 * is sealed here with its place as associated data; values are canonical CBOR.
 */
import {
  type CanonicalValue,
  decodeCanonical,
  deriveRecordKey,
  encodeCanonical,
  type KeyPair,
  openRecord,
  recordTag,
  sealRecord,
  toHex,
} from "../../../src/crypto/index.js";

export class Vault {
  private readonly key: Uint8Array;
  readonly publicKey: string;

  constructor(member: KeyPair) {
    this.key = deriveRecordKey(member.secretKey, "kenges-browser-replica/1");
    this.publicKey = toHex(member.publicKey);
  }

  /** Seals bytes for a place (e.g. "event", "outbox", "meta:chain"). */
  sealBytes(place: string, bytes: Uint8Array): Uint8Array {
    return sealRecord(this.key, bytes, `${this.publicKey}/${place}`);
  }

  /** Opens bytes sealed for a place; null when they do not open. */
  openBytes(place: string, sealed: unknown): Uint8Array | null {
    if (!(sealed instanceof Uint8Array)) return null;
    return openRecord(this.key, sealed, `${this.publicKey}/${place}`);
  }

  /** Seals a value (canonical CBOR). */
  seal(place: string, value: CanonicalValue): Uint8Array {
    return this.sealBytes(place, encodeCanonical(value));
  }

  /** Opens a sealed value; null when it does not open or decode. */
  open(place: string, sealed: unknown): CanonicalValue | null {
    const bytes = this.openBytes(place, sealed);
    if (bytes === null) return null;
    const decoded = decodeCanonical(bytes);
    return decoded.ok ? decoded.value : null;
  }

  /** An opaque name under this key (for records found by name, such as a page's path). */
  tag(name: string): string {
    return recordTag(this.key, name);
  }
}

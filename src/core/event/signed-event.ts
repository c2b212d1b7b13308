/**
 * @module A signed event as it travels and is stored: envelope bytes, signature, and the
 * payload beside them (absent once redacted). Its id is the SHA-256 of the envelope bytes.
 */
import {
  type CanonicalValue,
  decodeCanonical,
  encodeCanonical,
  isEqualBytes,
  type KeyPair,
  sha256,
  signEd25519,
  toHex,
  verifyEd25519,
} from "../../crypto/index.js";
import { fail, ok, type Result } from "../result.js";
import { decodeEnvelope, type Envelope, encodeEnvelope } from "./envelope.js";
import { ENVELOPE_VERSION, MAX_EVENT_BYTES } from "./limits.js";

/** An event whose envelope decoded and whose payload (if present) matches its hash. */
export interface SignedEvent {
  /** Lower-case hex of SHA-256(envelopeBytes). Hex order equals byte order. */
  readonly id: string;
  readonly envelope: Envelope;
  readonly envelopeBytes: Uint8Array;
  readonly signature: Uint8Array;
  /** The payload's canonical bytes; null when redacted. */
  readonly payloadBytes: Uint8Array | null;
}

/** What an author supplies to sign a new event. */
export interface EventDraft {
  readonly federation: string | null;
  /** The scope (hex id of its founding event); null for an event that founds a scope. */
  readonly scope: string | null;
  readonly seq: number;
  /** The key's counter across scopes: above the kseq of every event the key signed before. */
  readonly kseq: number;
  readonly prev: string | null;
  readonly deps: readonly string[];
  readonly time: number;
  readonly type: string;
  readonly payload: CanonicalValue;
}

function idBytes(hex: string): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++)
    out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * Signs a draft: encodes the payload canonically, hashes it into the envelope, and signs
 * the envelope bytes. Deps are sorted here, so callers may pass them in any order.
 */
export function signEvent(key: KeyPair, draft: EventDraft): SignedEvent {
  const payloadBytes = encodeCanonical(draft.payload);
  const deps = [...new Set(draft.deps)].sort().map(idBytes);
  const envelope: Envelope = {
    v: ENVELOPE_VERSION,
    fed: draft.federation ? idBytes(draft.federation) : null,
    scope: draft.scope ? idBytes(draft.scope) : null,
    author: key.publicKey,
    seq: draft.seq,
    kseq: draft.kseq,
    prev: draft.prev ? idBytes(draft.prev) : null,
    deps,
    time: draft.time,
    type: draft.type,
    payloadHash: sha256(payloadBytes),
    payloadSize: payloadBytes.length,
  };
  const envelopeBytes = encodeEnvelope(envelope);
  return {
    id: toHex(sha256(envelopeBytes)),
    envelope,
    envelopeBytes,
    signature: signEd25519(key.secretKey, envelopeBytes),
    payloadBytes,
  };
}

/**
 * Builds an event from stored or received parts. Checks the envelope and, when the payload
 * is present, its size and hash. Does not check the signature (see verifySignature) or the
 * payload's content (see the event registry).
 */
export function eventFromParts(
  envelopeBytes: Uint8Array,
  signature: Uint8Array,
  payloadBytes: Uint8Array | null,
): Result<SignedEvent> {
  const size = envelopeBytes.length + (payloadBytes?.length ?? 0);
  if (size > MAX_EVENT_BYTES)
    return fail("EVENT_TOO_LARGE", { size, limit: MAX_EVENT_BYTES });
  const envelope = decodeEnvelope(envelopeBytes);
  if (!envelope.ok) return envelope;
  if (signature.length !== 64)
    return fail("SIGNATURE_INVALID", { reason: "length" });
  const env = envelope.value;
  if (payloadBytes !== null) {
    if (payloadBytes.length !== env.payloadSize)
      return fail("PAYLOAD_SIZE_MISMATCH", {
        declared: env.payloadSize,
        actual: payloadBytes.length,
      });
    if (!isEqualBytes(sha256(payloadBytes), env.payloadHash))
      return fail("PAYLOAD_HASH_MISMATCH", {});
  }
  return ok({
    id: toHex(sha256(envelopeBytes)),
    envelope: env,
    envelopeBytes,
    signature,
    payloadBytes,
  });
}

/** True when the event's signature is valid for its envelope bytes and author key. */
export function verifySignature(event: SignedEvent): boolean {
  return verifyEd25519(
    event.envelope.author,
    event.envelopeBytes,
    event.signature,
  );
}

/** The wire form: a canonical array [envelope bytes, signature, payload bytes or null]. */
export function encodeWireEvent(event: SignedEvent): Uint8Array {
  return encodeCanonical([
    event.envelopeBytes,
    event.signature,
    event.payloadBytes,
  ]);
}

/** Reads the wire form; the same checks as {@link eventFromParts}. */
export function decodeWireEvent(bytes: Uint8Array): Result<SignedEvent> {
  if (bytes.length > MAX_EVENT_BYTES + 128)
    return fail("EVENT_TOO_LARGE", {
      size: bytes.length,
      limit: MAX_EVENT_BYTES,
    });
  const decoded = decodeCanonical(bytes);
  if (!decoded.ok) return decoded;
  const parts = decoded.value;
  if (
    !Array.isArray(parts) ||
    parts.length !== 3 ||
    !(parts[0] instanceof Uint8Array) ||
    !(parts[1] instanceof Uint8Array) ||
    !(parts[2] === null || parts[2] instanceof Uint8Array)
  )
    return fail("WIRE_INVALID", {});
  return eventFromParts(parts[0], parts[1], parts[2] as Uint8Array | null);
}

/** The event without its payload, as every replica keeps it after a redaction. */
export function withoutPayload(event: SignedEvent): SignedEvent {
  return { ...event, payloadBytes: null };
}

/** Decodes the payload bytes (canonical) of an event, or null when redacted. */
export function decodePayload(
  event: SignedEvent,
): Result<CanonicalValue | null> {
  if (event.payloadBytes === null) return ok(null);
  const decoded = decodeCanonical(event.payloadBytes);
  if (!decoded.ok) return decoded;
  return ok(decoded.value);
}

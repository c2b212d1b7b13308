/**
 * @module The event envelope (version 2): who signed, in which scope, where in their chain
 * there and across scopes, what they had seen, what kind of event, and the hash of the
 * payload that travels beside it. The byte layout is specified in docs/events.md.
 */
import {
  type CanonicalValue,
  compareBytes,
  decodeCanonical,
  encodeCanonical,
} from "../../crypto/index.js";
import { fail, ok, type Result } from "../result.js";
import {
  ENVELOPE_VERSION,
  MAX_DEPS,
  MAX_EVENT_BYTES,
  MAX_SEQ,
  MAX_TYPE_LENGTH,
} from "./limits.js";

/** The signed part of an event. Ids and keys are 32 raw bytes. */
export interface Envelope {
  readonly v: 2;
  /** Id of the federation's genesis event; null only in the genesis event itself. */
  readonly fed: Uint8Array | null;
  /**
   * The scope the event belongs to: the id of the event that founded it (the genesis for
   * the federation scope, a `body.created` for a body). Null exactly in an event that founds
   * a scope (`federation.created`, `body.created`): its scope is its own id.
   */
  readonly scope: Uint8Array | null;
  /** Ed25519 public key of the signing device. */
  readonly author: Uint8Array;
  /** 1 for the key's first event in this scope, then +1 along its chain in the scope. */
  readonly seq: number;
  /** The key's counter across every scope: strictly increasing along each of its chains. */
  readonly kseq: number;
  /** Id of the key's previous event in this scope; null exactly when seq is 1. */
  readonly prev: Uint8Array | null;
  /** Ids of other events the author had seen, strictly ascending, at most 16. */
  readonly deps: readonly Uint8Array[];
  /** The author's clock in milliseconds since 1970 — a claim, never used for ordering. */
  readonly time: number;
  readonly type: string;
  /** SHA-256 of the payload bytes. */
  readonly payloadHash: Uint8Array;
  /** Length of the payload bytes. */
  readonly payloadSize: number;
}

const TYPE_PATTERN = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;

/** The canonical bytes of an envelope: the bytes that are hashed into the id and signed. */
export function encodeEnvelope(envelope: Envelope): Uint8Array {
  const map: Record<string, CanonicalValue> = {
    v: envelope.v,
    author: envelope.author,
    seq: envelope.seq,
    kseq: envelope.kseq,
    deps: envelope.deps as Uint8Array[],
    time: envelope.time,
    type: envelope.type,
    payload: envelope.payloadHash,
    size: envelope.payloadSize,
  };
  if (envelope.fed) map.fed = envelope.fed;
  if (envelope.scope) map.scope = envelope.scope;
  if (envelope.prev) map.prev = envelope.prev;
  return encodeCanonical(map);
}

const FIELDS = new Set([
  "v",
  "fed",
  "scope",
  "author",
  "seq",
  "kseq",
  "prev",
  "deps",
  "time",
  "type",
  "payload",
  "size",
]);

function isId(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && value.length === 32;
}

function isCount(value: unknown, min: number): value is number {
  return (
    typeof value === "number" && Number.isSafeInteger(value) && value >= min
  );
}

/**
 * Decodes and checks envelope bytes: canonical encoding, known fields of the right
 * shape, chain fields consistent with seq, deps sorted and within the limit. An envelope of
 * another version (version 1 has no scope) is refused whole.
 */
export function decodeEnvelope(bytes: Uint8Array): Result<Envelope> {
  if (bytes.length > MAX_EVENT_BYTES)
    return fail("EVENT_TOO_LARGE", {
      size: bytes.length,
      limit: MAX_EVENT_BYTES,
    });
  const decoded = decodeCanonical(bytes);
  if (!decoded.ok) return decoded;
  const m = decoded.value;
  if (
    m === null ||
    typeof m !== "object" ||
    Array.isArray(m) ||
    m instanceof Uint8Array
  )
    return fail("ENVELOPE_INVALID", { field: "" });
  const map = m as Record<string, CanonicalValue>;
  // The version decides which fields exist, so it is read before the field list.
  if (map.v !== ENVELOPE_VERSION)
    return fail("ENVELOPE_VERSION_UNSUPPORTED", { version: map.v ?? null });
  for (const key of Object.keys(map))
    if (!FIELDS.has(key)) return fail("ENVELOPE_INVALID", { field: key });
  if (map.fed !== undefined && !isId(map.fed))
    return fail("ENVELOPE_INVALID", { field: "fed" });
  if (map.scope !== undefined && !isId(map.scope))
    return fail("ENVELOPE_INVALID", { field: "scope" });
  if (!isId(map.author)) return fail("ENVELOPE_INVALID", { field: "author" });
  if (!isCount(map.seq, 1) || map.seq > MAX_SEQ)
    return fail("ENVELOPE_INVALID", { field: "seq" });
  if (!isCount(map.kseq, 1) || map.kseq > MAX_SEQ)
    return fail("ENVELOPE_INVALID", { field: "kseq" });
  if (map.kseq < map.seq) return fail("ENVELOPE_INVALID", { field: "kseq" });
  if (map.prev !== undefined && !isId(map.prev))
    return fail("ENVELOPE_INVALID", { field: "prev" });
  if ((map.seq === 1) !== (map.prev === undefined))
    return fail("PREV_INVALID", { seq: map.seq });
  if (!Array.isArray(map.deps))
    return fail("ENVELOPE_INVALID", { field: "deps" });
  const deps = map.deps as CanonicalValue[];
  if (deps.length > MAX_DEPS)
    return fail("DEPS_TOO_MANY", { count: deps.length, limit: MAX_DEPS });
  for (let i = 0; i < deps.length; i++) {
    const dep = deps[i];
    if (!isId(dep)) return fail("ENVELOPE_INVALID", { field: "deps" });
    if (i > 0 && compareBytes(deps[i - 1] as Uint8Array, dep) >= 0)
      return fail("DEPS_NOT_SORTED", { index: i });
    if (map.prev instanceof Uint8Array && compareBytes(map.prev, dep) === 0)
      return fail("DEPS_NOT_SORTED", { index: i });
  }
  if (!isCount(map.time, 0)) return fail("ENVELOPE_INVALID", { field: "time" });
  if (
    typeof map.type !== "string" ||
    map.type.length > MAX_TYPE_LENGTH ||
    !TYPE_PATTERN.test(map.type)
  )
    return fail("ENVELOPE_INVALID", { field: "type" });
  if (!isId(map.payload)) return fail("ENVELOPE_INVALID", { field: "payload" });
  if (!isCount(map.size, 0) || map.size > MAX_EVENT_BYTES)
    return fail("ENVELOPE_INVALID", { field: "size" });
  if (bytes.length + map.size > MAX_EVENT_BYTES)
    return fail("EVENT_TOO_LARGE", {
      size: bytes.length + map.size,
      limit: MAX_EVENT_BYTES,
    });
  const isGenesis = map.fed === undefined;
  if (isGenesis && map.scope !== undefined)
    return fail("GENESIS_INVALID", { reason: "scope" });
  if (!isGenesis && map.seq === 1 && deps.length === 0)
    return fail("DEPS_REQUIRED", {});
  return ok({
    v: ENVELOPE_VERSION,
    fed: (map.fed as Uint8Array | undefined) ?? null,
    scope: (map.scope as Uint8Array | undefined) ?? null,
    author: map.author,
    seq: map.seq,
    kseq: map.kseq,
    prev: (map.prev as Uint8Array | undefined) ?? null,
    deps: deps as Uint8Array[],
    time: map.time,
    type: map.type,
    payloadHash: map.payload,
    payloadSize: map.size,
  });
}

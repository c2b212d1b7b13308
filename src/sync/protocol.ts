/**
 * @module The sync messages, pure and transport-agnostic (docs/sync.md gives every byte;
 * test/vectors/sync/ freezes examples). Each message is one canonical CBOR map with a type
 * `t`: `hello` opens a session, `round` carries ranges, events and requests both ways, and
 * `error` ends a session with a stable code. Decoding is strict: unknown keys, wrong types,
 * ranges that do not tile the order or oversize lists are refused before anything is used.
 */
import {
  type CanonicalValue,
  decodeCanonical,
  encodeCanonical,
  fromHex,
  toHex,
} from "../crypto/index.js";
import { ByteReader, ByteWriter } from "./byte-codec.js";
import { FINGERPRINT_BYTES } from "./fingerprint.js";
import {
  decodeFrontier,
  encodeFrontier,
  FRONTIER_DIGEST_BYTES,
  type FrontierEntry,
} from "./frontier.js";
import { decodeRanges, encodeRanges, type Range } from "./range-list.js";
import { syncFail } from "./sync-error.js";

/** The protocol version this code speaks. */
export const SYNC_PROTOCOL_VERSION = 1;

/** What a peer asks to receive: everything its key may read, or a member's scope. */
export type ScopeRequest = "all" | "member";

/** A key's proof over one message: Ed25519 over the message's auth digest (docs/sync.md). */
export interface MessageAuth {
  /** The signing key, 64 lower-case hex. */
  readonly key: string;
  /** The signer's clock in ms; a responder accepts a bounded skew. */
  readonly time: number;
  readonly signature: Uint8Array;
}

/** Opens a session: federation, set summary, frontier digest and the opening ranges. */
export interface HelloMessage {
  readonly type: "hello";
  readonly version: number;
  readonly federation: string;
  /** Events in the sender's set (its view for this session). */
  readonly count: number;
  readonly fingerprint: Uint8Array;
  readonly frontierDigest: Uint8Array;
  /** Authors in the sender's frontier. */
  readonly authors: number;
  readonly ranges: readonly Range[];
  readonly scope: ScopeRequest;
  readonly auth: MessageAuth | null;
}

/** A step of a session, in either direction. */
export interface RoundMessage {
  readonly type: "round";
  readonly federation: string;
  /** Ranges to answer; empty when the sender has nothing left to compare. */
  readonly ranges: readonly Range[];
  /** Events in the wire form (docs/events.md §3), parents before children. */
  readonly events: readonly Uint8Array[];
  /** Ids the sender asks for. */
  readonly want: readonly string[];
  /** Ids the sender holds and the receiver lacks, that did not fit in this message. */
  readonly have: readonly string[];
  /** "Send me this author's events above this sequence number" (seq 0: all of them). */
  readonly after: readonly FrontierEntry[];
  /** The sender's full frontier, when asked for by differing digests (else null). */
  readonly frontier: readonly FrontierEntry[] | null;
  readonly auth: MessageAuth | null;
}

/** Ends a session: a stable code and details. */
export interface ErrorMessage {
  readonly type: "error";
  readonly code: string;
  readonly details: Readonly<Record<string, CanonicalValue>>;
}

export type SyncMessage = HelloMessage | RoundMessage | ErrorMessage;

/** Limits a decoder enforces before it builds anything. */
export interface DecodeLimits {
  readonly maxMessageBytes: number;
  /** Ids across all id lists, wants and haves of one message. */
  readonly maxIds: number;
  readonly maxEvents: number;
  readonly maxFrontier: number;
}

export const DEFAULT_DECODE_LIMITS: DecodeLimits = {
  maxMessageBytes: 8 * 1024 * 1024,
  maxIds: 200_000,
  maxEvents: 20_000,
  maxFrontier: 100_000,
};

const ID_BYTES = 32;

function idsBytes(ids: readonly string[]): Uint8Array {
  const w = new ByteWriter();
  for (const id of ids) w.hex(id);
  return w.finish();
}

function idsFrom(bytes: Uint8Array, what: string, max: number): string[] {
  if (bytes.length % ID_BYTES !== 0)
    syncFail("SYNC_MESSAGE_MALFORMED", { part: what, reason: "length" });
  const n = bytes.length / ID_BYTES;
  if (n > max) syncFail("SYNC_BUDGET_EXCEEDED", { budget: "ids", limit: max });
  const r = new ByteReader(bytes, what);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(r.hex(ID_BYTES));
  return out;
}

function authValue(auth: MessageAuth): CanonicalValue {
  return [fromHex(auth.key)!, auth.time, auth.signature];
}

/** The map of a message without its `as` field: the bytes an auth signature covers. */
function messageMap(message: SyncMessage): Record<string, CanonicalValue> {
  switch (message.type) {
    case "hello":
      return {
        t: "hello",
        v: message.version,
        fed: fromHex(message.federation)!,
        n: message.count,
        fp: message.fingerprint,
        fd: message.frontierDigest,
        fa: message.authors,
        r: encodeRanges(message.ranges),
        ...(message.scope === "all" ? {} : { scope: message.scope }),
      };
    case "round": {
      const m: Record<string, CanonicalValue> = {
        t: "round",
        fed: fromHex(message.federation)!,
      };
      if (message.ranges.length > 0) m.r = encodeRanges(message.ranges);
      if (message.events.length > 0) m.ev = [...message.events];
      if (message.want.length > 0) m.want = idsBytes(message.want);
      if (message.have.length > 0) m.have = idsBytes(message.have);
      if (message.after.length > 0) m.after = encodeFrontier(message.after);
      if (message.frontier !== null) m.fr = encodeFrontier(message.frontier);
      return m;
    }
    case "error":
      return {
        t: "error",
        code: message.code,
        details: { ...message.details },
      };
  }
}

/** The canonical bytes of a message. */
export function encodeMessage(message: SyncMessage): Uint8Array {
  const m = messageMap(message);
  if (message.type !== "error" && message.auth !== null)
    m.as = authValue(message.auth);
  return encodeCanonical(m);
}

/** The bytes an auth signature covers: the message's canonical bytes without `as`. */
export function authedBytes(message: HelloMessage | RoundMessage): Uint8Array {
  return encodeCanonical(messageMap(message));
}

const KEYS: Record<string, readonly string[]> = {
  hello: ["t", "v", "fed", "n", "fp", "fd", "fa", "r", "scope", "as"],
  round: ["t", "fed", "r", "ev", "want", "have", "after", "fr", "as"],
  error: ["t", "code", "details"],
};

function malformed(reason: string, field?: string): never {
  return syncFail("SYNC_MESSAGE_MALFORMED", {
    part: "message",
    reason,
    ...(field ? { field } : {}),
  });
}

function bstr(
  m: Record<string, CanonicalValue | undefined>,
  key: string,
  length?: number,
): Uint8Array {
  const v = m[key];
  if (
    !(v instanceof Uint8Array) ||
    (length !== undefined && v.length !== length)
  )
    malformed("field", key);
  return v;
}

function optionalBstr(
  m: Record<string, CanonicalValue | undefined>,
  key: string,
): Uint8Array | null {
  return m[key] === undefined ? null : bstr(m, key);
}

function uint(
  m: Record<string, CanonicalValue | undefined>,
  key: string,
): number {
  const v = m[key];
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0)
    malformed("field", key);
  return v;
}

function authOf(
  m: Record<string, CanonicalValue | undefined>,
): MessageAuth | null {
  const v = m.as;
  if (v === undefined) return null;
  if (
    !Array.isArray(v) ||
    v.length !== 3 ||
    !(v[0] instanceof Uint8Array) ||
    v[0].length !== 32 ||
    typeof v[1] !== "number" ||
    !Number.isSafeInteger(v[1]) ||
    v[1] < 0 ||
    !(v[2] instanceof Uint8Array) ||
    v[2].length !== 64
  )
    malformed("field", "as");
  return {
    key: toHex(v[0] as Uint8Array),
    time: v[1] as number,
    signature: v[2] as Uint8Array,
  };
}

/**
 * Decodes a message strictly within the limits. Failures end the session with
 * SYNC_MESSAGE_TOO_LARGE, SYNC_MESSAGE_MALFORMED, SYNC_VERSION_UNSUPPORTED,
 * SYNC_RANGES_INVALID or SYNC_BUDGET_EXCEEDED (as a SyncFailure).
 */
export function decodeMessage(
  bytes: Uint8Array,
  limits: DecodeLimits = DEFAULT_DECODE_LIMITS,
): SyncMessage {
  if (bytes.length > limits.maxMessageBytes)
    syncFail("SYNC_MESSAGE_TOO_LARGE", {
      size: bytes.length,
      limit: limits.maxMessageBytes,
    });
  const decoded = decodeCanonical(bytes);
  if (!decoded.ok) return malformed(decoded.error.code);
  const value = decoded.value;
  if (
    value === null ||
    typeof value !== "object" ||
    Array.isArray(value) ||
    value instanceof Uint8Array
  )
    return malformed("not-a-map");
  const m = value as Record<string, CanonicalValue | undefined>;
  const type = m.t;
  if (typeof type !== "string" || KEYS[type] === undefined)
    return malformed("type", "t");
  for (const k of Object.keys(m))
    if (!KEYS[type]!.includes(k)) malformed("unknown-field", k);
  if (type === "error") {
    const code = m.code;
    const details = m.details ?? {};
    if (typeof code !== "string" || code.length > 64)
      return malformed("field", "code");
    if (
      details === null ||
      typeof details !== "object" ||
      Array.isArray(details) ||
      details instanceof Uint8Array
    )
      return malformed("field", "details");
    return {
      type: "error",
      code,
      details: details as Record<string, CanonicalValue>,
    };
  }
  const federation = toHex(bstr(m, "fed", 32));
  if (type === "hello") {
    const version = uint(m, "v");
    if (version !== SYNC_PROTOCOL_VERSION)
      syncFail("SYNC_VERSION_UNSUPPORTED", {
        version,
        supported: SYNC_PROTOCOL_VERSION,
      });
    const scope = m.scope ?? "all";
    if (scope !== "all" && scope !== "member")
      return malformed("field", "scope");
    return {
      type: "hello",
      version,
      federation,
      count: uint(m, "n"),
      fingerprint: bstr(m, "fp", FINGERPRINT_BYTES),
      frontierDigest: bstr(m, "fd", FRONTIER_DIGEST_BYTES),
      authors: uint(m, "fa"),
      ranges: decodeRanges(bstr(m, "r"), limits.maxIds),
      scope,
      auth: authOf(m),
    };
  }
  const rangeBytes = optionalBstr(m, "r");
  const ev = m.ev;
  let events: Uint8Array[] = [];
  if (ev !== undefined) {
    if (!Array.isArray(ev) || ev.length === 0) return malformed("field", "ev");
    if (ev.length > limits.maxEvents)
      syncFail("SYNC_BUDGET_EXCEEDED", {
        budget: "events",
        limit: limits.maxEvents,
      });
    for (const e of ev)
      if (!(e instanceof Uint8Array)) malformed("field", "ev");
    events = ev as Uint8Array[];
  }
  const want = optionalBstr(m, "want");
  const have = optionalBstr(m, "have");
  const after = optionalBstr(m, "after");
  const fr = optionalBstr(m, "fr");
  const ranges =
    rangeBytes === null ? [] : decodeRanges(rangeBytes, limits.maxIds);
  if (rangeBytes !== null && ranges.length === 0) malformed("field", "r");
  return {
    type: "round",
    federation,
    ranges,
    events,
    want: want === null ? [] : idsFrom(want, "want", limits.maxIds),
    have: have === null ? [] : idsFrom(have, "have", limits.maxIds),
    after:
      after === null ? [] : decodeFrontier(after, limits.maxFrontier, true),
    frontier: fr === null ? null : decodeFrontier(fr, limits.maxFrontier),
    auth: authOf(m),
  };
}

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

/** The protocol version this code speaks (version 1, without scopes, is refused). */
export const SYNC_PROTOCOL_VERSION = 2;

/** A key's proof over one message: Ed25519 over the message's auth digest (docs/sync.md). */
export interface MessageAuth {
  /** The signing key, 64 lower-case hex. */
  readonly key: string;
  /** The signer's clock in ms; a responder accepts a bounded skew. */
  readonly time: number;
  readonly signature: Uint8Array;
}

/** What the sender of a hello holds of one scope: its summary and the opening ranges. */
export interface ScopeSummary {
  /** The scope id (64 lower-case hex). */
  readonly scope: string;
  /** Events of the scope in the sender's set. */
  readonly count: number;
  readonly fingerprint: Uint8Array;
  readonly frontierDigest: Uint8Array;
  /** Chains (keys signing in the scope) in the sender's frontier of it. */
  readonly chains: number;
  readonly ranges: readonly Range[];
}

/** Opens a session: federation, a summary of each scope the sender offers, and whether it asks for every scope it may read. */
export interface HelloMessage {
  readonly type: "hello";
  readonly version: number;
  readonly federation: string;
  /** Also send me every scope I may read that I did not list (an empty replica's `init --from`). */
  readonly all: boolean;
  /** Sorted by scope id, without repeats. */
  readonly scopes: readonly ScopeSummary[];
  readonly auth: MessageAuth | null;
}

/** What a round says about one scope. */
export interface ScopePart {
  readonly scope: string;
  /** Ranges to answer; empty when nothing is left to compare in this scope. */
  readonly ranges: readonly Range[];
  /** "Send me this key's events in this scope above this sequence number" (seq 0: all of them). */
  readonly after: readonly FrontierEntry[];
  /** The sender's full frontier of the scope, when differing digests asked for it (else null). */
  readonly frontier: readonly FrontierEntry[] | null;
}

/** A step of a session, in either direction. */
export interface RoundMessage {
  readonly type: "round";
  readonly federation: string;
  /** Sorted by scope id, without repeats; scopes with nothing to say are left out. */
  readonly scopes: readonly ScopePart[];
  /** Events in the wire form (docs/events.md §3), parents before children. */
  readonly events: readonly Uint8Array[];
  /** Ids the sender asks for. */
  readonly want: readonly string[];
  /** Ids the sender holds and the receiver lacks, that did not fit in this message. */
  readonly have: readonly string[];
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
  /** Frontier entries across all scopes of one message. */
  readonly maxFrontier: number;
  /** Scopes in one message. */
  readonly maxScopes: number;
}

export const DEFAULT_DECODE_LIMITS: DecodeLimits = {
  maxMessageBytes: 8 * 1024 * 1024,
  maxIds: 200_000,
  maxEvents: 20_000,
  maxFrontier: 100_000,
  maxScopes: 100_000,
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
        s: message.scopes.map((x) => ({
          id: fromHex(x.scope)!,
          n: x.count,
          fp: x.fingerprint,
          fd: x.frontierDigest,
          fa: x.chains,
          r: encodeRanges(x.ranges),
        })),
        ...(message.all ? { all: true } : {}),
      };
    case "round": {
      const m: Record<string, CanonicalValue> = {
        t: "round",
        fed: fromHex(message.federation)!,
      };
      if (message.scopes.length > 0)
        m.s = message.scopes.map((x) => {
          const part: Record<string, CanonicalValue> = {
            id: fromHex(x.scope)!,
          };
          if (x.ranges.length > 0) part.r = encodeRanges(x.ranges);
          if (x.after.length > 0) part.af = encodeFrontier(x.after);
          if (x.frontier !== null) part.fr = encodeFrontier(x.frontier);
          return part;
        });
      if (message.events.length > 0) m.ev = [...message.events];
      if (message.want.length > 0) m.want = idsBytes(message.want);
      if (message.have.length > 0) m.have = idsBytes(message.have);
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
  hello: ["t", "v", "fed", "s", "all", "as"],
  round: ["t", "fed", "s", "ev", "want", "have", "as"],
  error: ["t", "code", "details"],
};
const HELLO_SCOPE_KEYS = ["id", "n", "fp", "fd", "fa", "r"];
const PART_KEYS = ["id", "r", "af", "fr"];

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

function isMap(v: unknown): v is Record<string, CanonicalValue | undefined> {
  return (
    v !== null &&
    typeof v === "object" &&
    !Array.isArray(v) &&
    !(v instanceof Uint8Array)
  );
}

/** Running totals a decoder holds one message to (ids and frontier entries across scopes). */
interface Allowance {
  ids: number;
  frontier: number;
}

function rangesWithin(bytes: Uint8Array, allowance: Allowance): Range[] {
  const ranges = decodeRanges(bytes, allowance.ids);
  for (const r of ranges)
    if (r.mode === "ids") allowance.ids -= r.ids.length;
    else if (r.mode === "short") allowance.ids -= r.prefixes.length;
  return ranges;
}

function frontierWithin(
  bytes: Uint8Array,
  allowance: Allowance,
  isAfter: boolean,
): FrontierEntry[] {
  const entries = decodeFrontier(bytes, allowance.frontier, isAfter);
  allowance.frontier -= entries.length;
  return entries;
}

/** The list of scope maps of a message, each checked for its keys, ascending by id. */
function scopeMaps(
  m: Record<string, CanonicalValue | undefined>,
  keys: readonly string[],
  limits: DecodeLimits,
  required: boolean,
): { scope: string; map: Record<string, CanonicalValue | undefined> }[] {
  const v = m.s;
  if (v === undefined) {
    if (required) malformed("field", "s");
    return [];
  }
  if (!Array.isArray(v) || (!required && v.length === 0))
    malformed("field", "s");
  if (v.length > limits.maxScopes)
    syncFail("SYNC_BUDGET_EXCEEDED", {
      budget: "scopes",
      limit: limits.maxScopes,
    });
  const out: {
    scope: string;
    map: Record<string, CanonicalValue | undefined>;
  }[] = [];
  for (const x of v) {
    if (!isMap(x)) return malformed("field", "s");
    for (const k of Object.keys(x))
      if (!keys.includes(k)) malformed("unknown-field", `s.${k}`);
    const scope = toHex(bstr(x, "id", 32));
    if (out.length > 0 && scope <= out[out.length - 1]!.scope)
      malformed("not-sorted", "s");
    out.push({ scope, map: x });
  }
  return out;
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
  if (!isMap(value)) return malformed("not-a-map");
  const m = value;
  const type = m.t;
  if (typeof type !== "string" || KEYS[type] === undefined)
    return malformed("type", "t");
  // The version first: a hello of another version is refused as such, whatever it holds.
  if (type === "hello") {
    const version = uint(m, "v");
    if (version !== SYNC_PROTOCOL_VERSION)
      syncFail("SYNC_VERSION_UNSUPPORTED", {
        version,
        supported: SYNC_PROTOCOL_VERSION,
      });
  }
  for (const k of Object.keys(m))
    if (!KEYS[type]!.includes(k)) malformed("unknown-field", k);
  if (type === "error") {
    const code = m.code;
    const details = m.details ?? {};
    if (typeof code !== "string" || code.length > 64)
      return malformed("field", "code");
    if (!isMap(details)) return malformed("field", "details");
    return {
      type: "error",
      code,
      details: details as Record<string, CanonicalValue>,
    };
  }
  const federation = toHex(bstr(m, "fed", 32));
  const allowance: Allowance = {
    ids: limits.maxIds,
    frontier: limits.maxFrontier,
  };
  if (type === "hello") {
    if (m.all !== undefined && m.all !== true) return malformed("field", "all");
    return {
      type: "hello",
      version: SYNC_PROTOCOL_VERSION,
      federation,
      all: m.all === true,
      scopes: scopeMaps(m, HELLO_SCOPE_KEYS, limits, true).map(
        ({ scope, map }) => ({
          scope,
          count: uint(map, "n"),
          fingerprint: bstr(map, "fp", FINGERPRINT_BYTES),
          frontierDigest: bstr(map, "fd", FRONTIER_DIGEST_BYTES),
          chains: uint(map, "fa"),
          ranges: rangesWithin(bstr(map, "r"), allowance),
        }),
      ),
      auth: authOf(m),
    };
  }
  const scopes: ScopePart[] = scopeMaps(m, PART_KEYS, limits, false).map(
    ({ scope, map }) => {
      const r = optionalBstr(map, "r");
      const af = optionalBstr(map, "af");
      const fr = optionalBstr(map, "fr");
      if (r === null && af === null && fr === null)
        malformed("empty-part", "s");
      const ranges = r === null ? [] : rangesWithin(r, allowance);
      if (r !== null && ranges.length === 0) malformed("field", "s.r");
      const after = af === null ? [] : frontierWithin(af, allowance, true);
      if (af !== null && after.length === 0) malformed("field", "s.af");
      return {
        scope,
        ranges,
        after,
        frontier: fr === null ? null : frontierWithin(fr, allowance, false),
      };
    },
  );
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
  if (want?.length === 0) malformed("field", "want");
  if (have?.length === 0) malformed("field", "have");
  const wantIds = want === null ? [] : idsFrom(want, "want", allowance.ids);
  allowance.ids -= wantIds.length;
  return {
    type: "round",
    federation,
    scopes,
    events,
    want: wantIds,
    have: have === null ? [] : idsFrom(have, "have", allowance.ids),
    auth: authOf(m),
  };
}

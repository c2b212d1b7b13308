/**
 * The messages of protocol version 2, decoded strictly: scope lists ascending without
 * repeats, scope maps with exactly their keys, parts that say something, ids counted over
 * every scope of a message; a version-1 hello is refused as such whatever it holds.
 */
import { describe, expect, it } from "vitest";
import { encodeCanonical, fromHex } from "../crypto/index.js";
import {
  DEFAULT_DECODE_LIMITS,
  decodeMessage,
  encodeMessage,
  encodeRanges,
  type HelloMessage,
  type RoundMessage,
} from "./index.js";

const FED = "ab".repeat(32);
const A = "11".repeat(32);
const B = "22".repeat(32);
const ID = (n: number) => n.toString(16).padStart(64, "0");

function summary(scope: string, ids: string[]) {
  return {
    scope,
    count: ids.length,
    fingerprint: new Uint8Array(16),
    frontierDigest: new Uint8Array(16),
    chains: 1,
    ranges: [{ upper: { end: true as const }, mode: "ids" as const, ids }],
  };
}

const hello: HelloMessage = {
  type: "hello",
  version: 2,
  federation: FED,
  all: true,
  scopes: [summary(A, [ID(1), ID(2)]), summary(B, [ID(3)])],
  auth: null,
};

const round: RoundMessage = {
  type: "round",
  federation: FED,
  scopes: [
    {
      scope: A,
      ranges: [{ upper: { end: true }, mode: "skip" }],
      after: [],
      frontier: null,
    },
    {
      scope: B,
      ranges: [],
      after: [{ author: "33".repeat(32), seq: 2, head: ID(9) }],
      frontier: [],
    },
  ],
  events: [],
  want: [ID(5)],
  have: [],
  auth: null,
};

/** Re-encodes a message's map with a change, keeping it canonical. */
function altered(
  message: HelloMessage | RoundMessage,
  change: (m: Record<string, unknown>) => void,
): Uint8Array {
  const m = {
    t: message.type,
    fed: fromHex(FED)!,
  } as Record<string, unknown>;
  if (message.type === "hello") {
    m.v = 2;
    m.all = true;
    m.s = message.scopes.map((x) => ({
      id: fromHex(x.scope)!,
      n: x.count,
      fp: x.fingerprint,
      fd: x.frontierDigest,
      fa: x.chains,
      r: encodeRanges(x.ranges),
    }));
  }
  change(m);
  return encodeCanonical(m as never);
}

function codeOf(bytes: Uint8Array, limits = DEFAULT_DECODE_LIMITS): string {
  try {
    decodeMessage(bytes, limits);
    return "ok";
  } catch (e) {
    return (e as { error: { code: string } }).error.code;
  }
}

describe("protocol version 2", () => {
  it("round-trips a hello and a round", () => {
    for (const m of [hello, round])
      expect(decodeMessage(encodeMessage(m))).toEqual(m);
  });

  it("refuses scopes out of order or repeated, unknown keys in a scope, and empty parts", () => {
    expect(codeOf(altered(hello, () => {}))).toBe("ok");
    expect(codeOf(altered(hello, (m) => (m.s as unknown[]).reverse()))).toBe(
      "SYNC_MESSAGE_MALFORMED",
    );
    expect(
      codeOf(
        altered(hello, (m) => {
          const s = m.s as unknown[];
          s[1] = s[0];
        }),
      ),
    ).toBe("SYNC_MESSAGE_MALFORMED");
    expect(
      codeOf(
        altered(hello, (m) => {
          (m.s as Record<string, unknown>[])[0]!.x = 1;
        }),
      ),
    ).toBe("SYNC_MESSAGE_MALFORMED");
    expect(
      codeOf(
        altered(round, (m) => {
          m.s = [{ id: fromHex(A)! }];
        }),
      ),
    ).toBe("SYNC_MESSAGE_MALFORMED");
    expect(
      codeOf(
        altered(round, (m) => {
          m.want = new Uint8Array(0);
        }),
      ),
    ).toBe("SYNC_MESSAGE_MALFORMED");
  });

  it("counts ids over every scope of a message against one budget", () => {
    const bytes = encodeMessage(hello);
    expect(codeOf(bytes, { ...DEFAULT_DECODE_LIMITS, maxIds: 3 })).toBe("ok");
    expect(codeOf(bytes, { ...DEFAULT_DECODE_LIMITS, maxIds: 2 })).toBe(
      "SYNC_BUDGET_EXCEEDED",
    );
    expect(codeOf(bytes, { ...DEFAULT_DECODE_LIMITS, maxScopes: 1 })).toBe(
      "SYNC_BUDGET_EXCEEDED",
    );
  });

  it("refuses a hello of another version before reading the rest", () => {
    for (const v of [1, 3])
      expect(
        codeOf(
          altered(hello, (m) => {
            m.v = v;
            m.scope = "member";
          }),
        ),
      ).toBe("SYNC_VERSION_UNSUPPORTED");
  });
});

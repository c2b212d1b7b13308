import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromHex, toHex } from "./bytes.js";
import {
  type CanonicalValue,
  decodeCanonical,
  encodeCanonical,
} from "./canonical.js";

const hex = (v: CanonicalValue) => toHex(encodeCanonical(v));
const decodeHex = (h: string) => decodeCanonical(fromHex(h)!);

const canonicalValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constant(null),
    fc.boolean(),
    fc.maxSafeInteger(),
    fc.integer(),
    fc.string({ unit: "grapheme" }),
    fc.uint8Array({ maxLength: 40 }),
    fc.array(tie("value"), { maxLength: 5 }),
    fc.dictionary(
      fc
        .string({ unit: "grapheme", maxLength: 6 })
        .filter((k) => k !== "__proto__"),
      tie("value"),
      { maxKeys: 5 },
    ),
  ),
})).value as fc.Arbitrary<CanonicalValue>;

describe("canonical encoding", () => {
  it("encodes the RFC 8949 appendix examples that are in the subset", () => {
    expect(hex(0)).toBe("00");
    expect(hex(23)).toBe("17");
    expect(hex(24)).toBe("1818");
    expect(hex(1000)).toBe("1903e8");
    expect(hex(1000000)).toBe("1a000f4240");
    expect(hex(1000000000000)).toBe("1b000000e8d4a51000");
    expect(hex(-1)).toBe("20");
    expect(hex(-1000)).toBe("3903e7");
    expect(hex("IETF")).toBe("6449455446");
    expect(hex("\u00fc")).toBe("62c3bc");
    expect(hex(new Uint8Array([1, 2, 3, 4]))).toBe("4401020304");
    expect(hex([1, [2, 3], [4, 5]])).toBe("8301820203820405");
    expect(hex({ a: 1, b: [2, 3] })).toBe("a26161016162820203");
    expect(hex(false)).toBe("f4");
    expect(hex(true)).toBe("f5");
    expect(hex(null)).toBe("f6");
  });

  it("sorts map keys by their encoded bytes: shorter keys first", () => {
    expect(hex({ bb: 1, a: 2, c: 3 })).toBe("a3616102616303626262" + "01");
  });

  it("leaves out keys whose value is undefined", () => {
    expect(hex({ a: 1, b: undefined })).toBe(hex({ a: 1 }));
  });

  it("refuses values outside the subset when encoding", () => {
    expect(() => encodeCanonical(1.5)).toThrow(RangeError);
    expect(() => encodeCanonical(2 ** 53)).toThrow(RangeError);
  });

  it("round-trips every value, and decoded bytes re-encode to themselves", () => {
    fc.assert(
      fc.property(canonicalValue, (value) => {
        const bytes = encodeCanonical(value);
        const decoded = decodeCanonical(bytes);
        expect(decoded.ok).toBe(true);
        if (!decoded.ok) return;
        expect(toHex(encodeCanonical(decoded.value))).toBe(toHex(bytes));
      }),
      { numRuns: 500 },
    );
  });

  it("rejects any byte string that is not the canonical encoding of its value", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), (bytes) => {
        const decoded = decodeCanonical(bytes);
        if (decoded.ok)
          expect(toHex(encodeCanonical(decoded.value))).toBe(toHex(bytes));
      }),
      { numRuns: 5000 },
    );
  });

  it.each([
    ["", "CBOR_TRUNCATED"],
    ["1817", "CBOR_NON_CANONICAL"],
    ["190017", "CBOR_NON_CANONICAL"],
    ["1a0000ffff", "CBOR_NON_CANONICAL"],
    ["1b00000000ffffffff", "CBOR_NON_CANONICAL"],
    ["1b0020000000000000", "CBOR_INTEGER_RANGE"],
    ["a2616201616101", "CBOR_NON_CANONICAL"],
    ["a2616101616102", "CBOR_DUPLICATE_KEY"],
    ["a10101", "CBOR_MAP_KEY_NOT_TEXT"],
    ["f93c00", "CBOR_UNSUPPORTED"],
    ["fb3ff8000000000000", "CBOR_UNSUPPORTED"],
    ["c11a514b67b0", "CBOR_UNSUPPORTED"],
    ["9f01ff", "CBOR_UNSUPPORTED"],
    ["f7", "CBOR_UNSUPPORTED"],
    ["62c328", "CBOR_INVALID_UTF8"],
    ["0001", "CBOR_TRAILING_BYTES"],
    ["9a7fffffff", "CBOR_TRUNCATED"],
    ["44010203", "CBOR_TRUNCATED"],
    ["a1695f5f70726f746f5f5f01", "CBOR_UNSUPPORTED"],
  ])("rejects %s with %s", (bytes, code) => {
    const decoded = decodeHex(bytes);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.error.code).toBe(code);
  });

  it("rejects nesting deeper than the limit", () => {
    const deep = "81".repeat(30) + "00";
    const decoded = decodeHex(deep);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.error.code).toBe("CBOR_TOO_DEEP");
  });
});

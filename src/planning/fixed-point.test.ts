/** Fixed-point quantities (#15): one spelling each, exact sums, and the float round trip. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  fixedToMicros,
  fixedToNumber,
  isFixed,
  microsToFixed,
  numberToFixed,
} from "./fixed-point.js";

describe("fixed-point quantities", () => {
  it("accept only the canonical spelling", () => {
    for (const ok of [
      "0",
      "1",
      "-1",
      "1250.5",
      "0.000001",
      "123456789012345678901234567890",
    ])
      expect(isFixed(ok), ok).toBe(true);
    for (const bad of [
      "-0",
      "+1",
      "01",
      "1.",
      ".5",
      "1.50",
      "1.0000001",
      "1e3",
      " 1",
      "",
      1,
      null,
    ])
      expect(isFixed(bad), String(bad)).toBe(false);
  });

  it("read and write millionths exactly", () => {
    expect(fixedToMicros("1250.5")).toBe(1_250_500_000n);
    expect(fixedToMicros("-0.000001")).toBe(-1n);
    expect(fixedToMicros("1.50")).toBeNull();
    expect(microsToFixed(-1n)).toBe("-0.000001");
    expect(microsToFixed(0n)).toBe("0");
    expect(microsToFixed(12_000_000n)).toBe("12");
  });

  it("sum beyond the safe integers without losing a millionth", () => {
    const big = "9007199254740993.000001"; // above 2^53 units
    const sum = fixedToMicros(big)! + fixedToMicros(big)!;
    expect(microsToFixed(sum)).toBe("18014398509481986.000002");
  });

  it("round-trip every canonical text through millionths", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }),
        (micros) => {
          const text = microsToFixed(micros);
          expect(isFixed(text)).toBe(true);
          expect(fixedToMicros(text)).toBe(micros);
        },
      ),
    );
  });

  it("carry a float to the nearest millionth", () => {
    expect(numberToFixed(0.1 + 0.2)).toBe("0.3");
    expect(numberToFixed(-1e-9)).toBe("0");
    expect(numberToFixed(2.5e-6)).toMatch(/^0\.00000[23]$/);
    expect(fixedToNumber(numberToFixed(1234.567891))).toBe(1234.567891);
    expect(() => numberToFixed(Number.NaN)).toThrow(RangeError);
  });
});

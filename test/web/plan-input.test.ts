/**
 * What people type into the plan's forms becomes canonical fixed-point text that core accepts
 * (isFixed), in the language's own way of writing decimals — or a problem code, never a guess.
 */
import { describe, expect, it } from "vitest";
import { isFixed } from "../../src/core/index.js";
import {
  readPlanName,
  readProcessName,
  readQuantity,
  showQuantity,
} from "../../web/src/plan/plan-input.js";

describe("readQuantity", () => {
  it.each([
    ["12,5", ",", "12.5"],
    ["12.5", ",", "12.5"],
    ["1 250,50", ",", "1250.5"],
    ["1\u00a0250,5", ",", "1250.5"],
    ["12.5", ".", "12.5"],
    ["1,250.5", ".", "1250.5"],
    ["0012.500", ".", "12.5"],
    [",5", ",", "0.5"],
    ["0", ".", "0"],
    ["۱۲٫۵", ".", "12.5"],
    ["\u2066۱۲٫۵\u2069", ".", "12.5"],
    ["0.000001", ".", "0.000001"],
    ["123456789012345678901234567890", ".", "123456789012345678901234567890"],
  ])(
    "reads %j (decimal mark %j) as %j, which core accepts",
    (typed, mark, value) => {
      const r = readQuantity(typed, mark);
      expect(r).toEqual({ ok: true, value });
      expect(isFixed(value)).toBe(true);
    },
  );

  it.each([
    ["", ",", "empty"],
    ["  ", ".", "empty"],
    ["12,5", ".", "notNumber"],
    ["1,2,3", ",", "notNumber"],
    ["1.250,5", ",", "notNumber"],
    ["-3", ".", "notNumber"],
    ["abc", ".", "notNumber"],
    [".", ".", "notNumber"],
    ["1e3", ".", "notNumber"],
    ["0.0000001", ".", "tooPrecise"],
    ["1234567890123456789012345678901", ".", "tooLarge"],
  ])("refuses %j (decimal mark %j): %s", (typed, mark, problem) => {
    expect(readQuantity(typed, mark)).toEqual({ ok: false, problem });
  });

  it("refuses zero where a quantity must be above it (what one run makes)", () => {
    expect(readQuantity("0,0", ",", { positive: true })).toEqual({
      ok: false,
      problem: "notPositive",
    });
    expect(readQuantity("0,5", ",", { positive: true })).toEqual({
      ok: true,
      value: "0.5",
    });
  });
});

describe("readPlanName", () => {
  it("takes one word and refuses spaces", () => {
    expect(readPlanName(" хлеб ")).toEqual({ ok: true, value: "хлеб" });
    expect(readPlanName("black bread")).toEqual({
      ok: false,
      problem: "notOneWord",
    });
    expect(readPlanName("")).toEqual({ ok: false, problem: "empty" });
    // Copied from an Urdu page: the isolates and word joiners around it are dropped.
    expect(readPlanName("\u20662027\u2060-\u2060Q1\u2069")).toEqual({
      ok: true,
      value: "2027-Q1",
    });
    expect(readPlanName("x".repeat(65)).ok).toBe(false);
  });
});

it("shows a canonical quantity with the language's marks", () => {
  expect(showQuantity("1250.5", ",", "\u00a0")).toBe("1\u00a0250,5");
  expect(showQuantity("1234567", ".", ",")).toBe("1,234,567");
  expect(showQuantity("12", ",", " ")).toBe("12");
});

it("reads a process's name as words, at most 100 characters", () => {
  expect(readProcessName("  Ремонт \t насосов\n")).toEqual({
    ok: true,
    value: "Ремонт насосов",
  });
  expect(readProcessName(" \u2066 ")).toEqual({ ok: false, problem: "empty" });
  expect(readProcessName("я".repeat(100)).ok).toBe(true);
  expect(readProcessName("я".repeat(101))).toEqual({
    ok: false,
    problem: "tooLong",
  });
});

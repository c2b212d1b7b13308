import { describe, expect, it } from "vitest";
import { findLookalikes } from "./find-lookalikes.js";
import { isMixedScript, skeletonOf } from "./name-skeleton.js";

describe("skeletonOf", () => {
  it.each([
    ["Latin Asel, Cyrillic А", "Asel", "\u0410sel"],
    ["all-Cyrillic lookalike letters", "Aceo", "\u0410\u0441\u0435\u043E"],
    ["Greek capitals", "KOMA", "\u039A\u039F\u039C\u0391"],
    ["capital I and small l", "Ilya", "llya"],
    ["rn and m", "Marat", "rnarat"],
    ["digit zero and o", "Bolat", "B0lat"],
    ["a trailing zero-width space", "Asel", "Asel\u200B"],
    ["fullwidth letters", "Asel", "\uFF21\uFF53\uFF45\uFF4C"],
    ["an accent", "Asel", "\u00C1sel"],
    ["Persian and Arabic yeh", "علی", "علي"],
    ["Urdu keheh and Arabic kaf", "کریم", "كريم"],
    ["a tatweel", "علی", "عــلی"],
    ["letter case", "asel", "ASEL"],
  ])("gives lookalikes one skeleton (%s)", (_, a, b) => {
    expect(skeletonOf(a)).toBe(skeletonOf(b));
  });

  it.each([
    ["Asel", "Aset"],
    ["Bolat", "Bulat"],
    ["Асель", "Асем"],
    ["علی", "علا"],
  ])("keeps different names apart (%s, %s)", (a, b) => {
    expect(skeletonOf(a)).not.toBe(skeletonOf(b));
  });
});

describe("isMixedScript", () => {
  it("flags one word with letters of two scripts", () => {
    expect(isMixedScript("\u0410sel")).toBe(true);
    expect(isMixedScript("Bol\u03B1t")).toBe(true);
  });

  it("lets each word keep its own script", () => {
    expect(isMixedScript("Asel")).toBe(false);
    expect(isMixedScript("Асель Smith")).toBe(false);
    expect(isMixedScript("محمد علی")).toBe(false);
    expect(isMixedScript("O'Brien-Smith")).toBe(false);
  });
});

describe("findLookalikes", () => {
  const members = [
    { member: "m1", name: "Asel Nurlanovna" },
    { member: "m2", name: "Bolat" },
  ];

  it("names the members a new name looks like, identical names included", () => {
    expect(findLookalikes("\u0410sel Nurlanovna", members)).toEqual({
      lookalikeOf: [{ member: "m1", name: "Asel Nurlanovna" }],
      mixedScript: true,
    });
    expect(findLookalikes("Bolat", members).lookalikeOf).toEqual([
      { member: "m2", name: "Bolat" },
    ]);
  });

  it("flags nothing for a name unlike the others, and never the member itself", () => {
    expect(findLookalikes("Dana", members)).toEqual({
      lookalikeOf: [],
      mixedScript: false,
    });
    expect(findLookalikes("Bolat", members, "m2").lookalikeOf).toEqual([]);
  });
});

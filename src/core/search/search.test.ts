import { describe, expect, it } from "vitest";
import { TestFederation } from "../testing.js";
import { queryWords, searchForm, searchState } from "./search.js";

describe("the form text is compared in", () => {
  it("ignores case, marks and compatibility forms in every script", () => {
    expect(searchForm("Ёлка")).toBe(searchForm("елка"));
    // Urdu with and without its vowel marks (zer, zabar): "hartal".
    expect(searchForm("ہَڑتال")).toBe(searchForm("ہڑتال"));
    // Full-width Latin and a ligature, as phones may type them.
    expect(searchForm("ＳＴＲＩＫＥ ﬁre")).toBe("strike fire");
    // Kazakh letters keep their own identity (ә is not а).
    expect(searchForm("Әділет")).not.toBe(searchForm("Аділет"));
  });

  it("splits a query into words at spaces and punctuation", () => {
    expect(queryWords("  Night-buses, ПОЕЗД!  ")).toEqual([
      "night",
      "buses",
      "поезд",
    ]);
    expect(queryWords(" ,.; ")).toEqual([]);
  });
});

describe("searchState", () => {
  function town() {
    const t = new TestFederation();
    const f = t.founders[0]!;
    const open = t.createBody(f, { name: "Tram depot" });
    const closed = t.createBody(t.key("c"), { name: "Tram drivers' cell" });
    const early = t.openMotion(f, open, {
      title: { en: "Tram heating", ru: "Отопление трамваев" },
      text: { en: "Fix the heaters." },
    });
    const late = t.openMotion(f, open, {
      title: { en: "Night shift" },
      text: { en: "Trams need heating at night." },
    });
    const hidden = t.openMotion(t.key("c"), closed, {
      title: { en: "Tram heating sabotage" },
    });
    return { t, open, closed, early, late, hidden };
  }

  it("finds in every language, the title before the text, only among the scopes read", () => {
    const { t, open, closed, early, late, hidden } = town();
    const readsOpen = (s: string) => s === open;
    const found = searchState(t.fold.state, "heating TRAM", readsOpen);
    expect(found.hits.map((h) => [h.id, h.found])).toEqual([
      [early, "title"],
      [late, "text"],
    ]);
    expect(found.total).toBe(2);
    expect(
      searchState(t.fold.state, "отопление", readsOpen).hits.map((h) => h.id),
    ).toEqual([early]);
    // The other body's motion and the body itself, only for a reader of its scope.
    const all = searchState(t.fold.state, "tram", () => true);
    expect(all.hits.map((h) => h.id)).toEqual(
      expect.arrayContaining([open, closed, early, hidden]),
    );
    const some = searchState(t.fold.state, "tram", readsOpen);
    expect(some.hits.map((h) => h.id)).not.toContain(closed);
    expect(some.hits.map((h) => h.id)).not.toContain(hidden);
    expect(some.hits.every((h) => h.body === open)).toBe(true);
  });

  it("cuts at the limit but counts every hit; no words find nothing", () => {
    const { t } = town();
    const all = searchState(t.fold.state, "tram", () => true);
    const two = searchState(t.fold.state, "tram", () => true, 2);
    expect(two.hits).toEqual(all.hits.slice(0, 2));
    expect(two.total).toBe(all.total);
    expect(searchState(t.fold.state, " - ", () => true)).toEqual({
      hits: [],
      total: 0,
    });
  });
});

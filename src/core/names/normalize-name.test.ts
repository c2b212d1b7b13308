import { describe, expect, it } from "vitest";
import { checkEvent, EVENT_HANDLERS } from "../index.js";
import { TestFederation } from "../testing.js";
import { isNormalizedName, normalizeName } from "./normalize-name.js";

describe("normalizeName", () => {
  it("composes to NFC", () => {
    // "Ä" as A + combining diaeresis becomes one code point.
    expect(normalizeName("A\u0308sel")).toBe("\u00C4sel");
    expect(isNormalizedName("A\u0308sel")).toBe(false);
  });

  it.each([
    ["right-to-left override", "\u202Eolleh"],
    ["left-to-right embedding", "\u202Aolleh"],
    ["pop directional formatting", "olleh\u202C"],
    ["first strong isolate", "\u2068olleh\u2069"],
    ["right-to-left isolate", "\u2067olleh"],
    ["left-to-right mark", "\u200Eolleh"],
    ["right-to-left mark", "olleh\u200F"],
    ["Arabic letter mark", "\u061Colleh"],
  ])("drops a bidi control (%s)", (_, raw) => {
    expect(normalizeName(raw)).toBe("olleh");
  });

  it.each([
    ["zero-width space", "As\u200Bel"],
    ["word joiner", "As\u2060el"],
    ["byte-order mark", "\uFEFFAsel"],
    ["soft hyphen", "As\u00ADel"],
    ["zero-width joiner between Latin letters", "As\u200Del"],
    ["zero-width non-joiner between Latin letters", "As\u200Cel"],
    ["combining grapheme joiner", "As\u034Fel"],
    ["Hangul filler", "Asel\u3164"],
  ])("drops an invisible character (%s)", (_, raw) => {
    expect(normalizeName(raw)).toBe("Asel");
  });

  it("keeps the non-joiner inside an Urdu or Persian word, where spelling needs it", () => {
    const persian = "می\u200Cخواهم";
    expect(normalizeName(persian)).toBe(persian);
    expect(isNormalizedName(persian)).toBe(true);
    // …but not at a word's edge or next to a Latin letter.
    expect(normalizeName("\u200Cعلی")).toBe("علی");
    expect(normalizeName("علی\u200C")).toBe("علی");
    expect(normalizeName("علی\u200CAli")).toBe("علیAli");
  });

  it("keeps the joiner inside a Devanagari word", () => {
    const word = "क्\u200Dष";
    expect(normalizeName(word)).toBe(word);
  });

  it("collapses spaces of every kind and trims", () => {
    expect(normalizeName("  Asel \u00A0\t Nurlanovna\u3000")).toBe(
      "Asel Nurlanovna",
    );
    expect(normalizeName("Asel\nNurlanovna")).toBe("Asel Nurlanovna");
  });

  it("turns control characters into spaces", () => {
    expect(normalizeName("Asel\u0000\u0007Nur")).toBe("Asel Nur");
  });

  it("leaves real names in four languages as they are", () => {
    for (const name of [
      "Asel Nurlanovna",
      "Асель Нурлановна",
      "Әсел Нұрланқызы",
      "آصل نورلانوونا",
      "محمد علی",
      "O'Brien-Smith",
    ]) {
      expect(normalizeName(name)).toBe(name);
      expect(isNormalizedName(name)).toBe(true);
    }
  });

  it("is idempotent", () => {
    for (const raw of [
      " \u202EA\u0308 b\u200B ",
      "می\u200C\u200Cخواهم",
      "\u200C",
    ])
      expect(normalizeName(normalizeName(raw))).toBe(normalizeName(raw));
  });

  it("leaves nothing of a name made only of invisible characters", () => {
    expect(normalizeName("\u200B\u202E\u2060")).toBe("");
    expect(isNormalizedName("")).toBe(false);
  });
});

describe("the payload check of a name", () => {
  const schema = EVENT_HANDLERS.get("member.join-requested")!.schema;

  it("accepts a normalised name and refuses any other form", () => {
    expect(schema.safeParse({ name: "Asel" }).success).toBe(true);
    const refused = schema.safeParse({ name: "\u202EAsel" });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]).toMatchObject({
      code: "custom",
      params: { code: "NAME_NOT_NORMALIZED" },
    });
  });

  it("is refused by checkEvent as NAME_NOT_NORMALIZED, a clean one accepted", () => {
    const t = new TestFederation();
    const body = t.createBody(t.founders[0]!);
    const stranger = t.key("stranger");
    const hidden = t.sign(stranger, body, "member.join-requested", {
      name: "Asel\u200B",
    });
    expect(
      checkEvent(hidden, EVENT_HANDLERS, { federation: t.federation }),
    ).toEqual({
      ok: false,
      error: {
        code: "NAME_NOT_NORMALIZED",
        details: { type: "member.join-requested", path: "name" },
      },
    });
    const clean = t.sign(t.key("other"), body, "member.join-requested", {
      name: "Asel",
    });
    expect(
      checkEvent(clean, EVENT_HANDLERS, { federation: t.federation }).ok,
    ).toBe(true);
  });
});

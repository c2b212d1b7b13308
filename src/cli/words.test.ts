/**
 * The CLI's sentences (the catalogues' `cli` section) exist in every language Kenges
 * speaks, with exactly the placeholders of English, and `say` fills them.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LANGUAGES } from "../i18n/index.js";
import { say, sentencesOf } from "./words.js";

const placeholders = (text: string) =>
  [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();

describe("the CLI's sentences", () => {
  const en = sentencesOf("en");

  it("exist in English for the claims, attest and audit", () => {
    for (const key of [
      "claim.seats",
      "attest.nothing",
      "audit.told",
      "audit.cites-unknown.seats",
    ])
      expect(en[key], key).toBeTruthy();
  });

  it.each(LANGUAGES)(
    "%s has every sentence, with the placeholders of English",
    (lang) => {
      const words = sentencesOf(lang);
      expect(Object.keys(words).sort()).toEqual(Object.keys(en).sort());
      for (const [key, text] of Object.entries(words)) {
        expect(text.trim(), `${lang} ${key}`).not.toBe("");
        expect(placeholders(text), `${lang} ${key}`).toEqual(
          placeholders(en[key]!),
        );
      }
    },
  );

  it.each(LANGUAGES.filter((l) => l !== "en"))(
    "%s translates every sentence with words in it (no English copy)",
    (lang) => {
      const words = sentencesOf(lang);
      const copies = Object.keys(en).filter(
        (key) =>
          /[a-z]{3,}/i.test(en[key]!.replace(/\{\w+\}/g, "")) &&
          words[key] === en[key],
      );
      expect(copies).toEqual([]);
    },
  );

  it("has every sentence the commands ask for", () => {
    const dir = new URL(".", import.meta.url).pathname;
    const files = [
      ...readdirSync(dir).map((f) => join(dir, f)),
      ...readdirSync(join(dir, "commands")).map((f) =>
        join(dir, "commands", f),
      ),
    ].filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
    const asked = files.flatMap((f) =>
      [
        ...readFileSync(f, "utf8").matchAll(/\bsay\(\s*[\w.]+,\s*"([^"]+)"/g),
      ].map((m) => m[1]!),
    );
    expect(asked.length).toBeGreaterThan(50);
    expect(asked.filter((key) => en[key] === undefined)).toEqual([]);
  });

  it("fills placeholders, and falls back to English for an unknown language", () => {
    expect(say("kk", "claim.members", { count: 12 })).toBe("12 мүше");
    expect(say("xx", "claim.members", { count: 12 })).toBe("12 members");
    expect(say("en", "no.such.key")).toBe("no.such.key");
  });
});

/**
 * The web app's words are complete in every language: the same keys as English, nothing
 * empty, no English left in Kazakh, Russian or Urdu, the same placeholders — and every key
 * the app's code asks for exists.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  LANGUAGES,
  loadUiCatalog,
  type UiStrings,
} from "../../src/i18n/index.js";

const WEB = new URL("../../web/src/", import.meta.url).pathname;

function flatten(tree: UiStrings, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const placeholders = (s: string) =>
  [...s.matchAll(/\{\{\s*(\w+)/g)]
    .map((m) => m[1])
    .sort()
    .join();

/** Strings that are rightly the same in a translation as in English. */
const SAME_AS_ENGLISH = new Set([
  "common.separator",
  "format.group",
  "format.decimal",
]);

const catalogs = Object.fromEntries(
  await Promise.all(
    LANGUAGES.map(
      async (l) => [l, flatten((await loadUiCatalog(l)).ui)] as const,
    ),
  ),
) as Record<(typeof LANGUAGES)[number], Map<string, string>>;
const en = catalogs.en;

/** A plural form's suffix (i18next: `key_one`, `key_few`… chosen by Intl.PluralRules). */
const PLURAL = /_(zero|one|two|few|many|other)$/;

/** The key a catalogue entry answers to: a plural form stands for its group (`key_*`). */
function groupOf(cat: Map<string, string>, key: string): string {
  const base = key.replace(PLURAL, "");
  return base !== key && cat.has(`${base}_other`) ? `${base}_*` : key;
}

/** English's entry for a key of another language (a plural form: English's of the same form, else its `other`). */
function englishOf(key: string): string | undefined {
  return en.get(key) ?? en.get(key.replace(PLURAL, "_other"));
}

describe.each(LANGUAGES.filter((l) => l !== "en"))(
  "the %s UI catalogue",
  (lang) => {
    const cat = catalogs[lang];
    it("has exactly the keys of English (plural groups in this language's forms)", () => {
      const groups = (c: Map<string, string>) =>
        [...new Set([...c.keys()].map((k) => groupOf(c, k)))].sort();
      expect(groups(cat)).toEqual(groups(en));
    });
    it("has no empty string and no English copy", () => {
      const bad = [...cat.keys()].filter(
        (k) =>
          englishOf(k) === undefined ||
          (!SAME_AS_ENGLISH.has(k) &&
            (cat.get(k)!.trim() === "" || cat.get(k) === englishOf(k))),
      );
      expect(bad).toEqual([]);
    });
    it("keeps the placeholders of English", () => {
      const bad = [...cat.keys()].filter(
        (k) => placeholders(cat.get(k)!) !== placeholders(englishOf(k) ?? ""),
      );
      expect(bad).toEqual([]);
    });
    it("is mostly in its own script", () => {
      const script = lang === "ur" ? /[\u0600-\u06ff]/ : /[\u0400-\u04ff]/;
      const latin = [...cat.entries()].filter(
        ([k, v]) => !script.test(v) && !SAME_AS_ENGLISH.has(k),
      );
      expect(latin.map(([k]) => k)).toEqual([]);
    });
  },
);

describe.each(LANGUAGES)("the %s plural groups", (lang) => {
  const cat = catalogs[lang];
  const categories = new Intl.PluralRules(lang)
    .resolvedOptions()
    .pluralCategories.slice()
    .sort();
  const bases = [...cat.keys()]
    .filter((k) => groupOf(cat, k).endsWith("_*"))
    .map((k) => k.replace(PLURAL, ""));
  it("exist", () => {
    expect(bases.length).toBeGreaterThan(5);
  });
  it("have exactly the forms this language's plural rules choose from", () => {
    const wrong = [...new Set(bases)].filter(
      (base) =>
        [...cat.keys()]
          .filter((k) => k.replace(PLURAL, "") === base && PLURAL.test(k))
          .map((k) => PLURAL.exec(k)![1])
          .sort()
          .join() !== categories.join(),
    );
    expect(wrong).toEqual([]);
  });
});

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory()
      ? sources(p)
      : /\.tsx?$/.test(name)
        ? [p]
        : [];
  });
}

it("has every key the web app's code asks for", () => {
  const missing: string[] = [];
  for (const file of sources(WEB)) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/\bt\(\s*"([a-zA-Z][\w.-]*)"/g))
      if (
        !en.has(m[1]!) &&
        !en.has(`${m[1]!}_other`) &&
        !m[1]!.startsWith("errors.")
      )
        missing.push(`${file}: ${m[1]}`);
    for (const m of text.matchAll(/\bt\(\s*`([^`]*)`/g)) {
      const prefix = m[1]!.split("${")[0]!;
      if (
        prefix &&
        prefix !== "errors." &&
        ![...en.keys()].some((k) => k.startsWith(prefix))
      )
        missing.push(`${file}: ${m[1]}`);
    }
  }
  expect(missing).toEqual([]);
});

it("leaves no English words in the components (words come from the catalogue)", () => {
  const offenders: string[] = [];
  for (const file of sources(WEB).filter((f) => f.endsWith(".tsx"))) {
    const text = readFileSync(file, "utf8");
    // JSX text between tags that holds a Latin word of 3+ letters is a literal someone forgot to translate.
    for (const m of text.matchAll(/>\s*([A-Za-z][A-Za-z ,.'!?-]{2,})\s*<\//g))
      if (!/^(Kenges|K)$/.test(m[1]!.trim()))
        offenders.push(`${file}: ${m[1]!.trim()}`);
  }
  expect(offenders).toEqual([]);
});

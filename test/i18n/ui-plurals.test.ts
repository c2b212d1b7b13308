/**
 * Counts shown with a noun take the form each language's plural rules ask for (i18next with
 * Intl.PluralRules, as the web app runs it): "1 seat", "2 seats"; Russian "1 место",
 * "2 места", "5 мест", "21 место"; Kazakh keeps the noun singular after a number; Urdu
 * "1 نشست", "2 نشستیں".
 */
import i18next from "i18next";
import { describe, expect, it } from "vitest";
import {
  LANGUAGES,
  type Language,
  loadUiCatalog,
} from "../../src/i18n/index.js";

async function translatorFor(lang: Language) {
  const t = i18next.createInstance();
  await t.init({
    lng: lang,
    fallbackLng: false,
    resources: { [lang]: { translation: (await loadUiCatalog(lang)).ui } },
    interpolation: { escapeValue: false },
  });
  return (key: string, count: number) =>
    t.t(key, { count, n: String(count), council: "C", here: count, hub: 0 });
}

const COUNTS = [1, 2, 5, 21] as const;

/** What each count must read, per language (one entry per count in COUNTS). */
const SEATS: Record<Language, readonly string[]> = {
  en: ["1 seat on C", "2 seats on C", "5 seats on C", "21 seats on C"],
  ru: [
    "1 место в органе «C»",
    "2 места в органе «C»",
    "5 мест в органе «C»",
    "21 место в органе «C»",
  ],
  kk: [
    "«C» органында 1 орын",
    "«C» органында 2 орын",
    "«C» органында 5 орын",
    "«C» органында 21 орын",
  ],
  ur: ["C میں 1 نشست", "C میں 2 نشستیں", "C میں 5 نشستیں", "C میں 21 نشستیں"],
};

const PEOPLE: Record<Language, readonly string[]> = {
  en: ["person", "people", "people", "people"],
  ru: ["человек", "человека", "человек", "человек"],
  kk: ["адам", "адам", "адам", "адам"],
  ur: ["فرد", "افراد", "افراد", "افراد"],
};

const MEMBERS: Record<Language, readonly string[]> = {
  en: [
    "this body has 1 member",
    "this body has 2 members",
    "this body has 5 members",
    "this body has 21 members",
  ],
  ru: [
    "в этом органе 1 член",
    "в этом органе 2 члена",
    "в этом органе 5 членов",
    "в этом органе 21 член",
  ],
  kk: [
    "бұл органда 1 мүше бар",
    "бұл органда 2 мүше бар",
    "бұл органда 5 мүше бар",
    "бұл органда 21 мүше бар",
  ],
  ur: [
    "اس ادارے کا 1 رکن ہے",
    "اس ادارے کے 2 اراکین ہیں",
    "اس ادارے کے 5 اراکین ہیں",
    "اس ادارے کے 21 اراکین ہیں",
  ],
};

/** A delegate's new ballots on the home page's "waiting for you". */
const NEW_BALLOTS: Record<Language, readonly string[]> = {
  en: ["1 new ballot", "2 new ballots", "5 new ballots", "21 new ballots"],
  ru: ["1 новый голос", "2 новых голоса", "5 новых голосов", "21 новый голос"],
  kk: ["1 жаңа дауыс", "2 жаңа дауыс", "5 жаңа дауыс", "21 жаңа дауыс"],
  ur: ["1 نیا ووٹ", "2 نئے ووٹ", "5 نئے ووٹ", "21 نئے ووٹ"],
};

describe.each(LANGUAGES)("counts in %s", (lang) => {
  it("a delegate's new ballots", async () => {
    const t = await translatorFor(lang);
    expect(COUNTS.map((n) => t("waiting.newBallots", n))).toEqual(
      NEW_BALLOTS[lang],
    );
  });

  it("seats on a council", async () => {
    const t = await translatorFor(lang);
    expect(COUNTS.map((n) => t("federation.delegatesTo", n))).toEqual(
      SEATS[lang],
    );
  });

  it("people behind a demand", async () => {
    const t = await translatorFor(lang);
    expect(COUNTS.map((n) => t("demands.peopleAfterCount", n))).toEqual(
      PEOPLE[lang],
    );
  });

  it("members of a body", async () => {
    const t = await translatorFor(lang);
    expect(COUNTS.map((n) => t("claim.members", n))).toEqual(MEMBERS[lang]);
  });

  it("never shows a plural key or an English plural after 1", async () => {
    const t = await translatorFor(lang);
    for (const key of [
      "offline.replicaText",
      "offline.legacy",
      "audit.scopesSame",
      "rules.byEndorsements",
      "identity.passphraseHint",
    ]) {
      const one = t(key, 1);
      expect(one).not.toContain(key);
      if (lang === "en")
        expect(one).not.toMatch(
          /\b1 (events|actions|scopes|members|characters)\b/,
        );
    }
  });
});

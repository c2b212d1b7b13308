/**
 * Members never see error codes: every code the hub and this app can give — the domain's, the
 * hub's, sync's, voting's, the passphrase box's, and the browser's own — has words in all four
 * languages and a next step; a code nobody has words for gets the general sentence. None of
 * them shows the code itself or an unfilled placeholder.
 */
import i18next from "i18next";
import { describe, expect, it } from "vitest";
import { DOMAIN_ERROR_CODES } from "../../src/core/index.js";
import {
  CATALOGS,
  LANGUAGES,
  type Language,
  loadUiCatalog,
} from "../../src/i18n/index.js";
import { SERVER_ERROR_CODES } from "../../src/server/index.js";
import {
  DEVICE_CODES,
  nextStepOf,
  problemWordsFor,
  type Translate,
  whatWentWrong,
} from "../../web/src/i18n/problem-words.js";

async function translatorFor(lang: Language): Promise<Translate> {
  const t = i18next.createInstance();
  const catalog = await loadUiCatalog(lang);
  await t.init({
    lng: lang,
    fallbackLng: false,
    resources: {
      [lang]: { translation: { ...catalog.ui, errors: catalog.errors } },
    },
    interpolation: { escapeValue: false },
  });
  return t.t.bind(t) as Translate;
}

/** Every code a member's browser can meet: what the hub answers with, and the device's own. */
const CODES = [
  ...new Set([
    ...DOMAIN_ERROR_CODES,
    ...SERVER_ERROR_CODES,
    ...Object.keys(CATALOGS.en.errors),
    ...DEVICE_CODES,
  ]),
].sort();

describe.each(LANGUAGES)("problems in %s", (lang) => {
  it("covers a real list of codes", () => {
    expect(CODES.length).toBeGreaterThan(150);
    expect(CODES).toContain("FEDERATION_MISMATCH");
    expect(CODES).toContain("SESSION_UNKNOWN");
  });

  it("has words of its own for every code", async () => {
    const t = await translatorFor(lang);
    const wordless = CODES.filter((c) => whatWentWrong(t, c) === null);
    expect(wordless).toEqual([]);
  });

  it("says what went wrong and what to do next, never the code or a placeholder", async () => {
    const t = await translatorFor(lang);
    const bad = CODES.filter((code) => {
      const words = problemWordsFor(t, code);
      return (
        words.includes(code) ||
        /\{\w+\}|\{\{/.test(words) ||
        !words.endsWith(t(`problem.next.${nextStepOf(code)}`)) ||
        words.length < 30
      );
    });
    expect(bad).toEqual([]);
  });

  it("gives a code nobody has words for the general sentence, not the code", async () => {
    const t = await translatorFor(lang);
    const words = problemWordsFor(t, "A_CODE_FROM_A_NEWER_HUB");
    expect(words).not.toContain("A_CODE_FROM_A_NEWER_HUB");
    expect(words.startsWith(t("problem.unknown"))).toBe(true);
  });

  it("fills the details it has", async () => {
    const t = await translatorFor(lang);
    const filled = whatWentWrong(t, "CBOR_TRUNCATED", { offset: 4711 });
    expect(filled).toContain("4711");
    // Unfilled: a bracketed aside goes, another placeholder stands as an ellipsis.
    expect(whatWentWrong(t, "CBOR_TRUNCATED")).not.toMatch(/[{}()]/);
    expect(whatWentWrong(t, "EVENT_TOO_LARGE", { limit: 65536 })).toMatch(
      /….*65536|65536.*…/,
    );
  });
});

it("sends a member whose session the hub forgot to unlock, and a busy hub to later", () => {
  expect(nextStepOf("SESSION_UNKNOWN")).toBe("signIn");
  expect(nextStepOf("HUB_BUSY")).toBe("later");
  expect(nextStepOf("NOT_A_CHAIR")).toBe("askChair");
  expect(nextStepOf("MOTION_NOT_OPEN")).toBe("reload");
  expect(nextStepOf("FEDERATION_MISMATCH")).toBe("tellOperator");
});

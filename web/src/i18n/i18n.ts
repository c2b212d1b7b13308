/**
 * @module Languages in the app: the chosen one comes from `?lang=` (then remembered), else
 * from what was remembered, else from the browser; its catalogue is loaded on its own; the
 * page's `lang` and `dir` follow it (Urdu is right to left).
 */
import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import {
  directionOf,
  interpolate,
  isLanguage,
  LANGUAGES,
  type Language,
  loadUiCatalog,
} from "../../../src/i18n/index.js";

export { LANGUAGES, type Language };

const REMEMBERED = "kenges.lang";

/**
 * Remembers the language here, and in a cookie of the same name the hub reads
 * (src/server/request-language.ts) to name this language's catalogue in the first page it
 * serves. A language is no secret; the cookie is this site's only.
 */
function remember(lang: Language): void {
  try {
    localStorage.setItem(REMEMBERED, lang);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is missing from Firefox before 140 and older Safari; `lang` is one of four codes, nothing to escape.
  document.cookie = `${REMEMBERED}=${lang}; path=/; max-age=31536000; samesite=strict`;
}

function remembered(): string | null {
  try {
    return localStorage.getItem(REMEMBERED);
  } catch {
    return null;
  }
}

/** The language to start in: `?lang=` (remembered from then on), the remembered one, the browser's. */
export function initialLanguage(): Language {
  const asked = new URLSearchParams(location.search).get("lang");
  if (asked !== null && isLanguage(asked)) {
    remember(asked);
    return asked;
  }
  const kept = remembered();
  if (kept !== null && isLanguage(kept)) return kept;
  for (const tag of navigator.languages ?? []) {
    const base = tag.split("-")[0]!.toLowerCase();
    if (isLanguage(base)) return base;
  }
  return "en";
}

/** Loads a language's catalogue and switches the page to it. */
export async function switchLanguage(lang: Language): Promise<void> {
  if (!i18next.hasResourceBundle(lang, "translation")) {
    const catalog = await loadUiCatalog(lang);
    i18next.addResourceBundle(lang, "translation", {
      ...catalog.ui,
      errors: catalog.errors,
    });
  }
  await i18next.changeLanguage(lang);
  document.documentElement.lang = lang;
  document.documentElement.dir = directionOf(lang);
  remember(lang);
}

/** Starts i18next with the first language. */
export async function startI18n(lang: Language): Promise<void> {
  await i18next.use(initReactI18next).init({
    lng: lang,
    fallbackLng: false,
    resources: {},
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  await switchLanguage(lang);
}

/** The message for an error code in the current language, its `{name}` placeholders filled. */
export function errorMessage(
  code: string,
  details: Readonly<Record<string, unknown>> = {},
): string {
  const template = i18next.t(`errors.${code}`, { defaultValue: "" });
  // Never the raw code: a code without words gets the general sentence.
  return template
    ? interpolate(template, details)
    : i18next.t("problem.unknown");
}

/** The direction of the current language. */
export function currentDirection(): "ltr" | "rtl" {
  const lang = i18next.language;
  return isLanguage(lang) ? directionOf(lang) : "ltr";
}

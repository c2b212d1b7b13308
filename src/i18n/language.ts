/**
 * @module The languages Kenges speaks, with no catalogue attached: a command that only needs to
 * check a language tag loads none of the message catalogues (~1.3 MB of JavaScript in the CLI
 * bundle, four languages of error messages and of the web app's words).
 */

/** The languages Kenges speaks. */
export const LANGUAGES = ["en", "ur", "kk", "ru"] as const;
export type Language = (typeof LANGUAGES)[number];

/** Text direction of a language: Urdu is written right to left. */
export function directionOf(lang: Language): "ltr" | "rtl" {
  return lang === "ur" ? "rtl" : "ltr";
}

/** True for a supported language tag. */
export function isLanguage(tag: string): tag is Language {
  return (LANGUAGES as readonly string[]).includes(tag);
}

/** @module Words for codes: error messages and labels in English, Urdu, Kazakh and Russian. */
import en from "./catalog/en.json" with { type: "json" };
import kk from "./catalog/kk.json" with { type: "json" };
import ru from "./catalog/ru.json" with { type: "json" };
import ur from "./catalog/ur.json" with { type: "json" };

import type { Language } from "./language.js";

export interface Catalog {
  readonly errors: Readonly<Record<string, string>>;
}

/** Every catalogue, by language. */
export const CATALOGS: Readonly<Record<Language, Catalog>> = { en, ur, kk, ru };

/** Replaces `{name}` with details[name]; unknown placeholders stay visible. */
export function interpolate(
  template: string,
  details: Readonly<Record<string, unknown>>,
): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = details[name];
    if (v === undefined || v === null) return whole;
    return typeof v === "object" ? JSON.stringify(v) : String(v);
  });
}

/** The message for an error code in a language (English when the language lacks it). */
export function formatError(
  lang: Language,
  code: string,
  details: Readonly<Record<string, unknown>> = {},
): string {
  const template =
    CATALOGS[lang].errors[code] ?? CATALOGS.en.errors[code] ?? code;
  return interpolate(template, details);
}

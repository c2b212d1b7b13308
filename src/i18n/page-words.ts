/**
 * @module The words the hub writes into the app's first page, shown before the app's own
 * script has arrived and run (src/server/web-app.ts) — taken from the app's catalogues, so
 * they are the app's own words. The web app never imports this module.
 */
import en from "./catalog/ui/en.json" with { type: "json" };
import kk from "./catalog/ui/kk.json" with { type: "json" };
import ru from "./catalog/ui/ru.json" with { type: "json" };
import ur from "./catalog/ui/ur.json" with { type: "json" };
import type { Language } from "./language.js";

const UI = { en, kk, ru, ur } as const;

/** "Loading…" in a language. */
export function loadingWords(lang: Language): string {
  return UI[lang].common.loading;
}

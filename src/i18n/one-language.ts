/**
 * @module A public entry of `src/i18n` for code that shows one language's words: the language
 * tags and the catalogue loader, and no catalogue until one is asked for. Importing
 * `src/i18n/index.ts` loads every catalogue of every language (~1.3 MB of the CLI bundle, ~25 ms
 * of a command's start), which `kenges tally` never shows.
 */
export {
  directionOf,
  isLanguage,
  LANGUAGES,
  type Language,
} from "./language.js";
export { loadUiCatalog, type UiCatalog, type UiStrings } from "./ui-catalog.js";

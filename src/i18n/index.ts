/** @module The public surface of `src/i18n`: catalogues and formatting. */
export {
  CATALOGS,
  type Catalog,
  directionOf,
  formatError,
  interpolate,
  isLanguage,
  LANGUAGES,
  type Language,
} from "./format.js";
export { loadingWords } from "./page-words.js";
export { loadUiCatalog, type UiCatalog, type UiStrings } from "./ui-catalog.js";

/** @module The public surface of `src/i18n`: catalogues and formatting. */
export {
  CATALOGS,
  type Catalog,
  formatError,
  interpolate,
} from "./format.js";
/** Language tags alone: importing them loads no catalogue. */
export {
  directionOf,
  isLanguage,
  LANGUAGES,
  type Language,
} from "./language.js";
export { loadingWords } from "./page-words.js";
export { loadUiCatalog, type UiCatalog, type UiStrings } from "./ui-catalog.js";

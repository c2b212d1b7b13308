/** @module The public surface of `src/i18n`: catalogues and formatting. */
export {
  type Catalog,
  CATALOGS,
  directionOf,
  formatError,
  interpolate,
  isLanguage,
  type Language,
  LANGUAGES,
} from "./format.js";

/**
 * @module The web app's words: `catalog/ui/<lang>.json` (nested keys, i18next `{{name}}`
 * placeholders), loaded one language at a time so a phone downloads only the one it shows,
 * together with that language's error messages.
 */
import type { Language } from "./language.js";

/** A nested tree of UI strings. */
export interface UiStrings {
  readonly [key: string]: string | UiStrings;
}

/** The UI strings and error messages of one language. */
export interface UiCatalog {
  readonly ui: UiStrings;
  readonly errors: Readonly<Record<string, string>>;
}

/** Loads the UI catalogue of a language (a separate chunk per language in the web build). */
export async function loadUiCatalog(lang: Language): Promise<UiCatalog> {
  switch (lang) {
    case "ur": {
      const [ui, main] = await Promise.all([
        import("./catalog/ui/ur.json", { with: { type: "json" } }),
        import("./catalog/ur.json", { with: { type: "json" } }),
      ]);
      return { ui: ui.default, errors: main.default.errors };
    }
    case "kk": {
      const [ui, main] = await Promise.all([
        import("./catalog/ui/kk.json", { with: { type: "json" } }),
        import("./catalog/kk.json", { with: { type: "json" } }),
      ]);
      return { ui: ui.default, errors: main.default.errors };
    }
    case "ru": {
      const [ui, main] = await Promise.all([
        import("./catalog/ui/ru.json", { with: { type: "json" } }),
        import("./catalog/ru.json", { with: { type: "json" } }),
      ]);
      return { ui: ui.default, errors: main.default.errors };
    }
    default: {
      const [ui, main] = await Promise.all([
        import("./catalog/ui/en.json", { with: { type: "json" } }),
        import("./catalog/en.json", { with: { type: "json" } }),
      ]);
      return { ui: ui.default, errors: main.default.errors };
    }
  }
}

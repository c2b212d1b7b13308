/**
 * @module What the first page of a path needs, named in the index.html the hub serves for it:
 * the page's own chunk and the language's catalogues as `modulepreload` links. Without them a
 * browser learns of those files only once the entry has downloaded and run — on a slow link,
 * one more round trip and its bytes each (docs/benchmarks.md, "Web app on a slow network").
 * The build writes the plan (web/vite.config.ts → .vite/page-preloads.json); a build without
 * one serves index.html as it is.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import type { Language } from "../i18n/index.js";

const assetPath = z.string().regex(/^\/assets\/[\w.-]+\.js$/);

const planSchema = z.object({
  routes: z.array(z.object({ pattern: z.string(), files: z.array(assetPath) })),
  languages: z.record(z.string(), z.array(assetPath)),
});

export class PagePreloads {
  private constructor(
    private readonly routes: readonly {
      re: RegExp;
      files: readonly string[];
    }[],
    private readonly languages: Readonly<Record<string, readonly string[]>>,
  ) {}

  /** The plan of a built app, or null when the build wrote none. */
  static load(root: string): PagePreloads | null {
    const path = join(root, ".vite", "page-preloads.json");
    if (!existsSync(path)) return null;
    const plan = planSchema.parse(JSON.parse(readFileSync(path, "utf8")));
    return new PagePreloads(
      plan.routes.map((r) => ({ re: new RegExp(r.pattern), files: r.files })),
      plan.languages,
    );
  }

  /** Which route of the plan a path is (-1: none of them). */
  routeOf(path: string): number {
    return this.routes.findIndex((r) => r.re.test(path));
  }

  /** The `<link>` tags for a route (from {@link routeOf}) in a language. */
  links(route: number, lang: Language): string {
    const files = [
      ...(this.languages[lang] ?? []),
      ...(this.routes[route]?.files ?? []),
    ];
    // Names checked against `assetPath` on load: nothing here needs escaping.
    return [...new Set(files)]
      .map((f) => `<link rel="modulepreload" crossorigin href="${f}">`)
      .join("\n    ");
  }
}

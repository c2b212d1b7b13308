/**
 * @module Accessibility of a page as it stands, by axe-core (the engine browsers' own audit
 * tools use), run inside the page: the WCAG 2.x A and AA rules and axe's best practices. A
 * violation is reported with its rule, impact and the elements it names, so a failure says
 * what to fix.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: readonly string[];
}

/** The axe violations on the page now (none: an empty list). */
export async function axeViolations(p: Page): Promise<AxeViolation[]> {
  // Evaluated through the debugging protocol: the app's Content-Security-Policy (no inline
  // scripts) does not apply to it, and nothing is added to the page's own code.
  if (!(await p.evaluate("typeof window.axe === 'object'")))
    await p.evaluate(AXE_SOURCE);
  return p.evaluate(`
    window.axe
      .run(document, {
        runOnly: {
          type: "tag",
          values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
        },
        resultTypes: ["violations"],
      })
      .then((r) =>
        r.violations.map((v) => ({
          id: v.id,
          impact: v.impact ?? null,
          help: v.help,
          targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
        })),
      )
  `) as Promise<AxeViolation[]>;
}

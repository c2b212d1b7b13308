/**
 * Moving around the app without reloading it (as a member taps links; a reload keeps the key
 * unlocked only where the browser has a key holder, web/src/identity/key-holder.ts).
 */
import type { Page } from "playwright-core";

export async function go(page: Page, path: string): Promise<void> {
  // A string, not a function: this package's TypeScript has no DOM types.
  await page.evaluate(
    `history.pushState(null, "", ${JSON.stringify(path)}); window.dispatchEvent(new Event("kenges:navigate"));`,
  );
}

/** The id in the current path, e.g. the motion just opened. */
export function idInPath(page: Page): string {
  const m = /([0-9a-f]{64})/.exec(new URL(page.url()).pathname);
  if (!m) throw new Error(`no id in ${page.url()}`);
  return m[1]!;
}

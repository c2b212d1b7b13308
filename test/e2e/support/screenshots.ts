/** Where a journey's screenshot goes: docs/screenshots/ with KENGES_SCREENSHOTS=1, else a temporary directory. */
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./hub-process.js";

let temporary: string | null = null;

export function screenshotPath(name: string): string {
  if (process.env.KENGES_SCREENSHOTS) {
    const dir = join(ROOT, "docs", "screenshots");
    mkdirSync(dir, { recursive: true });
    return join(dir, name);
  }
  temporary ??= mkdtempSync(join(tmpdir(), "kenges-shots-"));
  return join(temporary, name);
}

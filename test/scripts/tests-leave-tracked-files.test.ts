/**
 * Tests never modify tracked files (#13): a browser journey's screenshot goes through
 * `screenshotPath`, which writes into docs/screenshots/ only under `npm run screenshots`
 * (KENGES_SCREENSHOTS=1) and into a temporary directory otherwise; no other test code
 * names docs/ as a place to write.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../e2e/support/hub-process.js";

const SCREENSHOT_HOME = join("test", "e2e", "support", "screenshots.ts");
const SELF = join("test", "scripts", "tests-leave-tracked-files.test.ts");

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return testFiles(p);
    return p.endsWith(".ts") ? [p] : [];
  });
}

const files = testFiles(join(ROOT, "test"))
  .map((p) => ({ path: relative(ROOT, p), text: readFileSync(p, "utf8") }))
  .filter((f) => f.path !== SELF);

describe("tests and tracked files", () => {
  it("finds the browser journeys that take screenshots", () => {
    expect(
      files.filter((f) => f.text.includes(".screenshot(")).length,
    ).toBeGreaterThan(3);
  });

  it.each(
    files
      .filter((f) => f.text.includes(".screenshot("))
      .map((f) => [f.path, f]),
  )("%s sends every screenshot through screenshotPath", (_, f) => {
    const calls = f.text.split(".screenshot(").slice(1);
    for (const call of calls) {
      const args = call.slice(0, call.indexOf(")") + 1);
      expect(args).toMatch(/path:\s*screenshotPath\(/);
    }
  });

  it("no test names docs/ as a place to write, but the screenshots' one place", () => {
    const writers = files.filter(
      (f) =>
        f.path !== SCREENSHOT_HOME &&
        f.path !==
          join("test", "scripts", "tests-leave-tracked-files.test.ts") &&
        /join\(\s*ROOT,\s*"docs"/.test(f.text),
    );
    expect(writers.map((f) => f.path)).toEqual([]);
  });
});

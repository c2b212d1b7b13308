/**
 * `npm start` builds only when the sources changed: scripts/build-stamp.mjs on a small
 * checkout of its own (a package whose build script counts its runs), never on this one.
 */
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const script = new URL("../../scripts/build-stamp.mjs", import.meta.url)
  .pathname;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A checkout whose `npm run build` appends a line to `builds` and makes dist/. */
function checkout(): string {
  const root = mkdtempSync(join(tmpdir(), "kenges-stamp-"));
  dirs.push(root);
  const build = [
    "const fs = require('node:fs');",
    "fs.appendFileSync('builds', 'built\\n');",
    "fs.mkdirSync('dist/cli', { recursive: true });",
    "fs.mkdirSync('dist/bin', { recursive: true });",
    "fs.mkdirSync('dist/web', { recursive: true });",
    "fs.writeFileSync('dist/cli/main.js', '');",
    "fs.writeFileSync('dist/bin/kenges.js', '');",
    "fs.writeFileSync('dist/web/index.html', '');",
  ].join(" ");
  writeFileSync(
    join(root, "package.json"),
    JSON.stringify({
      name: "stamp-test",
      private: true,
      scripts: { build: `node -e "${build}"` },
    }),
  );
  mkdirSync(join(root, "src", "core"), { recursive: true });
  mkdirSync(join(root, "web", "src"), { recursive: true });
  writeFileSync(join(root, "src", "core", "fold.ts"), "export const a = 1;\n");
  writeFileSync(join(root, "web", "src", "app.tsx"), "export {};\n");
  return root;
}

function start(root: string): number {
  execFileSync(
    process.execPath,
    [script, "--build-if-changed", "--root", root],
    {
      cwd: root,
      stdio: "pipe",
    },
  );
  const log = join(root, "builds");
  return existsSync(log) ? readFileSync(log, "utf8").split("\n").length - 1 : 0;
}

describe("building only when the sources changed", { timeout: 120_000 }, () => {
  it("builds the first time, not again while nothing changed, and again after any change", () => {
    const root = checkout();
    expect(start(root)).toBe(1);
    expect(start(root)).toBe(1);
    // A new modification time with the same bytes is no change.
    const file = join(root, "src", "core", "fold.ts");
    utimesSync(file, new Date(), new Date(Date.now() + 60_000));
    expect(start(root)).toBe(1);
    writeFileSync(file, "export const a = 2;\n");
    expect(start(root)).toBe(2);
    expect(start(root)).toBe(2);
    // A new file, a web file, the configuration: each is a change.
    writeFileSync(join(root, "src", "core", "new.ts"), "export {};\n");
    expect(start(root)).toBe(3);
    writeFileSync(join(root, "web", "src", "app.tsx"), "export const b = 1;\n");
    expect(start(root)).toBe(4);
    writeFileSync(join(root, "tsconfig.json"), "{}\n");
    expect(start(root)).toBe(5);
    expect(start(root)).toBe(5);
  });

  it("builds again when the build output is gone, whatever the stamp says", () => {
    const root = checkout();
    expect(start(root)).toBe(1);
    rmSync(join(root, "dist", "web"), { recursive: true });
    expect(start(root)).toBe(2);
  });
});

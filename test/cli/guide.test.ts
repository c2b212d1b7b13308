/**
 * docs/guide.md is executable: every ```sh block runs, in order, in one bash session, with
 * `kenges` being this checkout's CLI. A guide that drifts from the code fails here.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const work = mkdtempSync(join(tmpdir(), "kenges-guide-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("docs/guide.md", () => {
  it("runs from the first command to kenges verify", () => {
    const guide = readFileSync(join(root, "docs", "guide.md"), "utf8");
    const blocks = [...guide.matchAll(/```sh\n([\s\S]*?)```/g)].map(
      (m) => m[1]!,
    );
    expect(blocks.length).toBeGreaterThan(5);
    // The guide's own `kenges` function calls npx; here it is this checkout's source.
    const script = ["set -euo pipefail", ...blocks, ""]
      .join("\n")
      .replace(
        /^kenges\(\) \{.*\}$/m,
        `kenges() { node --import tsx ${join(root, "src", "cli", "main.ts")} "$@"; }`,
      )
      .replace(
        /^export KENGES_DATA=\$\(mktemp -d\)\/federation/m,
        `export KENGES_DATA=${work}/federation`,
      );
    const run = spawnSync("bash", ["-c", script], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, KENGES_DEBUG: "1" },
    });
    if (run.status !== 0)
      console.error(run.stdout.slice(-4000), run.stderr.slice(-4000));
    expect(run.status).toBe(0);
    const out = run.stdout;
    // What the guide promises along the way.
    expect(out).toMatch(/mandate deviations: 1/);
    expect(out).toMatch(/"ok": true/);
    const verify = JSON.parse(out.slice(out.lastIndexOf("{\n")));
    expect(verify).toMatchObject({ ok: true, invalid: 0, quarantined: 0 });
    expect(verify.events).toBeGreaterThan(40);
  }, 240_000);
});

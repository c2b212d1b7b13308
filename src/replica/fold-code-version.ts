/**
 * @module The version of the code that decides what a fold image holds: a SHA-256 over the
 * name, size and modification time of every file of core (the fold and every rule), crypto
 * (the canonical encoding), voting (tallies decide votes), replica (what it feeds the fold)
 * and, in a build, bin (the bundled command line, which holds copies of them all). Any change to them — a new build, an edited rule — gives another version, and an
 * image saved by other code is refolded, never trusted. Taken from the files themselves, so
 * nobody has to remember to bump a constant; from their metadata, not their bytes, because a
 * command pays for it at every start (a rebuild with unchanged code costs one refold).
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** `bin`: the bundled command line (scripts/bundle-cli.mjs), a copy of the others' code; absent from the sources. */
const FOLDERS = ["core", "crypto", "voting", "replica", "bin"] as const;

/** Source or compiled code, not tests, maps or type declarations. */
function isCode(name: string): boolean {
  return (
    (name.endsWith(".js") || name.endsWith(".ts")) &&
    !name.endsWith(".d.ts") &&
    !name.endsWith(".test.ts") &&
    !name.endsWith(".test.js")
  );
}

/**
 * The version the bundle's build wrote beside it (scripts/bundle-cli.mjs): a SHA-256 of every
 * file of the bundle, which holds all the code that decides an image. Present in a build; one
 * small read instead of stating two hundred files at every command's start. From the sources
 * (tsx), the files' metadata as below.
 */
export const BUNDLE_VERSION_FILE = "fold-code-version.txt";

let cached: string | null = null;

/** The fold code's version (64 hex digits), computed once per process. */
export function foldCodeVersion(): string {
  if (cached !== null) return cached;
  // Beside this module when it runs from the bundle; in ../bin when it runs from the compiled
  // tree the same build made (`npm run build` writes both), so the two share their images.
  for (const at of [BUNDLE_VERSION_FILE, `../bin/${BUNDLE_VERSION_FILE}`]) {
    const stamped = fileURLToPath(new URL(at, import.meta.url));
    if (!existsSync(stamped)) continue;
    const version = readFileSync(stamped, "utf8").trim();
    if (/^[0-9a-f]{64}$/.test(version)) {
      cached = version;
      return cached;
    }
  }
  const hash = createHash("sha256");
  for (const folder of FOLDERS) {
    const dir = fileURLToPath(new URL(`../${folder}/`, import.meta.url));
    if (!existsSync(dir)) continue;
    const files = (readdirSync(dir, { recursive: true }) as string[])
      .filter(isCode)
      .sort();
    for (const file of files) {
      const stat = statSync(`${dir}${file}`);
      hash.update(`${folder}/${file}\0${stat.size}\0${stat.mtimeMs}\0`);
    }
  }
  cached = hash.digest("hex");
  return cached;
}

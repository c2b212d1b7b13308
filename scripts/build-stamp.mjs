#!/usr/bin/env node
// Whether dist/ was built from the sources as they are now. The stamp (dist/.build-stamp) is a
// SHA-256 over every file the build reads — src/, web/ (its public files too), the package and
// TypeScript configuration — by content, not time, so a checkout, a touched file or
// a reverted edit decide rightly.
//   node scripts/build-stamp.mjs --write             after a build: record what it was built from
//   node scripts/build-stamp.mjs --build-if-changed  `npm start`: build only when the stamp differs
//   … [--root <dir>]                                 another checkout than this script's
// A source changed while a build runs is caught next time only if it changed after the hash
// was taken: --build-if-changed hashes before it builds and writes that hash.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

// --root <dir>: another checkout (tests use a small one); else this script's own.
const rootAt = process.argv.indexOf("--root");
const root =
  rootAt > 0
    ? process.argv[rootAt + 1]
    : join(dirname(fileURLToPath(import.meta.url)), "..");
const stamp = join(root, "dist", ".build-stamp");
const INPUTS = [
  "src",
  "web",
  "package.json",
  "package-lock.json",
  "tsconfig.json",
  "tsconfig.build.json",
];

/** The input files under a path (the path itself when it is a file), relative to the root. */
function filesUnder(path) {
  const full = join(root, path);
  if (!existsSync(full)) return [];
  if (statSync(full).isFile()) return [path];
  return readdirSync(full, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath ?? e.path, e.name)));
}

/** The hash of every input file's path and bytes, in a fixed order. */
function sourceHash() {
  const hash = createHash("sha256");
  for (const file of INPUTS.flatMap(filesUnder).sort()) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(root, file)));
    hash.update("\0");
  }
  return hash.digest("hex");
}

/** True when dist/ holds a complete build stamped with this hash. */
function isBuilt(hash) {
  if (!existsSync(join(root, "dist", "cli", "main.js"))) return false;
  if (!existsSync(join(root, "dist", "bin", "kenges.js"))) return false;
  if (!existsSync(join(root, "dist", "web", "index.html"))) return false;
  return existsSync(stamp) && readFileSync(stamp, "utf8").trim() === hash;
}

function write(hash) {
  mkdirSync(dirname(stamp), { recursive: true });
  writeFileSync(stamp, `${hash}\n`);
}

const mode = process.argv[2];
if (mode === "--write") write(sourceHash());
else if (mode === "--build-if-changed") {
  const hash = sourceHash();
  if (isBuilt(hash))
    process.stderr.write("dist/ is up to date with the sources: no build\n");
  else {
    const npm = process.env.npm_execpath;
    const r = npm
      ? spawnSync(process.execPath, [npm, "run", "build"], {
          cwd: root,
          stdio: "inherit",
        })
      : spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
    if (r.status !== 0) process.exit(r.status ?? 1);
    // The hash from before the build: an edit made during it rebuilds next time.
    write(hash);
  }
} else {
  process.stderr.write(
    "usage: node scripts/build-stamp.mjs --write | --build-if-changed\n",
  );
  process.exit(2);
}

#!/usr/bin/env node
// Lint for the layering of docs/architecture.md: imports go one way between the folders of
// src/, other folders are entered only through their index.ts, there are no import cycles,
// and src/core (which runs in browsers and must be deterministic) touches no I/O, clock or randomness.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const root = resolve(dirname(new URL(import.meta.url).pathname), "..");

// What each folder may import (besides itself). Order: voting, crypto → planning → core → api → store → replica → sync → server, cli; web beside them.
const allowed = {
  voting: [],
  // The hub's answers as zod schemas: the server checks them, the web infers its types from them.
  api: ["core"],
  crypto: [],
  i18n: [],
  // Encryption at rest of a data directory (node:crypto only); the CLI opens directories.
  "at-rest": [],
  // planning is pure and imports nothing of ours: the fold checks a carried plan with it.
  core: ["voting", "crypto", "planning"],
  planning: ["voting", "crypto"],
  store: ["core", "voting", "crypto"],
  replica: ["store", "core", "voting", "crypto", "planning"],
  sync: ["replica", "store", "core", "voting", "crypto"],
  server: [
    "api",
    "sync",
    "replica",
    "store",
    "planning",
    "core",
    "voting",
    "crypto",
    "i18n",
  ],
  cli: [
    "at-rest",
    "demo",
    "server",
    "sync",
    "replica",
    "store",
    "planning",
    "core",
    "voting",
    "crypto",
    "i18n",
  ],
  // sync only through its browser entry (below): src/sync/index.ts pulls in Node-only code;
  // api for its types only (below): the schemas are the hub's to run.
  web: ["api", "core", "voting", "crypto", "i18n", "planning", "sync"],
  demo: ["core", "voting", "crypto", "planning"],
};
// Public entries besides index.ts.
const extraEntries = new Set([
  "crypto/node.ts",
  "crypto/blind-token.ts",
  "sync/browser.ts",
  "core/testing.ts",
  "store/store.contract.ts",
  // What the fold runs of planning, without the solver (whose WebAssembly the web must not ship).
  "planning/check.ts",
  // Language tags and the catalogue loader without every catalogue (kenges tally's words).
  "i18n/one-language.ts",
]);

function walk(dir, out = []) {
  try {
    statSync(dir);
  } catch {
    return out;
  }
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === "node_modules" || name === "dist") continue;
    if (statSync(path).isDirectory()) walk(path, out);
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith(".d.ts"))
      out.push(path);
  }
  return out;
}

const files = [
  ...walk(join(root, "src")),
  ...walk(join(root, "web", "src"), []),
].filter(Boolean);
const problems = [];
const graph = new Map();
const importRe =
  /(?:^|\n)\s*(?:import|export)\s[^"';]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

function folderOf(file) {
  const rel = relative(root, file).split("/");
  if (rel[0] === "web") return "web";
  return rel[1];
}

for (const file of files) {
  const text = readFileSync(file, "utf8");
  const from = folderOf(file);
  const isTest =
    /\.test\.tsx?$/.test(file) ||
    file.endsWith("testing.ts") ||
    file.endsWith(".contract.ts");
  const edges = [];
  for (const m of text.matchAll(importRe)) {
    const spec = m[1] ?? m[2];
    if (
      from === "core" &&
      !isTest &&
      (spec.startsWith("node:") ||
        ["fs", "path", "crypto", "os"].includes(spec))
    )
      problems.push(
        `${relative(root, file)}: src/core must not import ${spec}`,
      );
    if (!spec.startsWith(".")) continue;
    const target = resolve(dirname(file), spec).replace(/\.js$/, ".ts");
    const targetTsx = target.replace(/\.ts$/, ".tsx");
    const resolved = files.includes(target)
      ? target
      : files.includes(targetTsx)
        ? targetTsx
        : null;
    if (!resolved) continue;
    edges.push(resolved);
    const to = folderOf(resolved);
    if (to === from) continue;
    if (!isTest && !(allowed[from] ?? []).includes(to))
      problems.push(
        `${relative(root, file)}: ${from} may not import ${to} (${spec})`,
      );
    const relTarget = relative(join(root, "src"), resolved);
    const isEntry =
      /^[^/]+\/index\.tsx?$/.test(relTarget) || extraEntries.has(relTarget);
    if (!isEntry && !(from === "web" && relTarget.startsWith("..")))
      problems.push(
        `${relative(root, file)}: imports ${relTarget}; enter ${to} through its index.ts`,
      );
    if (
      from === "web" &&
      to === "api" &&
      !/^\s*(?:import|export)\s+type\s/.test(m[0])
    )
      problems.push(
        `${relative(root, file)}: imports ${relTarget} for more than its types; the web app takes only types from api (import type), so no schema runs in the browser`,
      );
    if (
      from === "core" &&
      to === "planning" &&
      !isTest &&
      relTarget !== "planning/check.ts"
    )
      problems.push(
        `${relative(root, file)}: imports ${relTarget}; core enters planning through planning/check.ts only (the solver's WebAssembly must not reach the web app)`,
      );
    if (from === "web" && to === "sync" && relTarget !== "sync/browser.ts")
      problems.push(
        `${relative(root, file)}: imports ${relTarget}; the web app enters sync through sync/browser.ts only`,
      );
  }
  if (from === "core" && !isTest) {
    const code = text.replace(/\/\/.*$/gm, "").replace(/\/\*[\s\S]*?\*\//g, "");
    for (const banned of [
      "Date.now",
      "Math.random",
      "process.",
      "new Date()",
      "performance.now",
      "fetch(",
    ])
      if (code.includes(banned))
        problems.push(
          `${relative(root, file)}: src/core must not use ${banned}`,
        );
  }
  graph.set(file, edges);
}

// Cycle check (depth-first, colours).
const colour = new Map();
const stack = [];
function visit(file) {
  colour.set(file, 1);
  stack.push(file);
  for (const next of graph.get(file) ?? []) {
    const c = colour.get(next) ?? 0;
    if (c === 1) {
      const cycle = stack
        .slice(stack.indexOf(next))
        .concat(next)
        .map((f) => relative(root, f));
      problems.push(`import cycle: ${cycle.join(" -> ")}`);
    } else if (c === 0) visit(next);
  }
  stack.pop();
  colour.set(file, 2);
}
for (const file of graph.keys()) if (!colour.get(file)) visit(file);

if (problems.length) {
  for (const p of [...new Set(problems)]) console.error(p);
  console.error(`check-imports: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`check-imports: ${files.length} files, layering and cycles ok`);

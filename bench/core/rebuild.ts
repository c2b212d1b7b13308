/**
 * The fold-only rebuild, as a restarted hub does it: a fresh process opens a store whose
 * signatures were checked at ingest (read + decode + fold), and reports the time, the state
 * hash and the process's peak memory as JSON. Run by bench/core/ingest.ts after the ingest;
 * alone: node --max-old-space-size=12288 --max-semi-space-size=64 --import tsx bench/core/rebuild.ts <store file>
 */
import { existsSync } from "node:fs";

const file = process.argv[2];
if (file === undefined) throw new Error("usage: rebuild.ts <store file>");

/** A module of dist/ when built (what `kenges` runs), else of src/. */
async function load<T>(path: string): Promise<T> {
  const dist = new URL(`../../dist/${path}`, import.meta.url);
  return (await import(
    existsSync(dist)
      ? dist.href
      : new URL(`../../src/${path.replace(/\.js$/, ".ts")}`, import.meta.url)
          .href
  )) as T;
}
const { Replica } =
  await load<typeof import("../../src/replica/index.js")>("replica/index.js");
const { openSqliteStore } =
  await load<typeof import("../../src/store/index.js")>("store/index.js");

const t = performance.now();
const replica = await Replica.open(await openSqliteStore(file));
const seconds = (performance.now() - t) / 1000;
const result = {
  seconds,
  events: replica.fold.size,
  stateHash: replica.stateHash(),
  peakRssBytes: process.resourceUsage().maxRSS * 1024,
};
await replica.close();
process.stdout.write(`${JSON.stringify(result)}\n`);

/**
 * A hub process for the cross-process sync tests: `kenges serve`'s startHub over a data
 * directory, with the sync plugin mounted (until `kenges serve` mounts it itself). Prints
 * `listening <url>` once it listens, like `kenges serve`; stops on SIGTERM, flushing the fold.
 * Usage: node --import tsx test/sync/sync-hub.ts <data dir> [--open]
 */
import { openReplica } from "../../src/cli/data-dir.js";
import { parseHubConfig, startHub } from "../../src/server/index.js";
import { syncPlugin } from "../../src/sync/index.js";

const [dir, ...flags] = process.argv.slice(2);
if (dir === undefined)
  throw new Error("usage: sync-hub.ts <data dir> [--open]");
const replica = await openReplica(dir);
const config = parseHubConfig({
  host: "127.0.0.1",
  port: 0,
  dataDir: dir,
  flushIntervalMs: 500,
});
const running = await startHub(replica, config, [
  syncPlugin({ open: flags.includes("--open") }),
]);
process.stdout.write(`listening ${running.url}\n`);
await new Promise<void>((done) => {
  process.once("SIGTERM", () => done());
  process.once("SIGINT", () => done());
});
await running.close();

/**
 * The hub process of the bench: `kenges serve` over a data directory, started from the
 * sources (the CLI need not be built), with the request and write budgets lifted (lifted-limits.ts). Prints
 * `listening <url>` once it listens, and on SIGTERM, after closing, one line
 * `stats {"commits":…}` with the group committer's counters. With KENGES_BENCH_DATA_KEY (hex)
 * set, it keeps door keys in the data directory under that data key, as `kenges serve` does,
 * so the projector's code and the phones' passes of a meeting convened there work.
 * Usage: node --import tsx bench/hub/serve.ts <data dir>
 */
import { join } from "node:path";
import { createDoorKey, loadDoorKey } from "../../src/cli/door-keys.js";
import { fromHex } from "../../src/crypto/index.js";
import { installNodeCrypto } from "../../src/crypto/node.js";
import { Replica } from "../../src/replica/index.js";
import { parseHubConfig, startHub } from "../../src/server/index.js";
import { openSqliteStore } from "../../src/store/index.js";
import { LIFTED_LIMITS } from "./lifted-limits.js";

installNodeCrypto();
const dir = process.argv[2];
if (dir === undefined) throw new Error("usage: serve.ts <data dir>");
const replica = await Replica.open(
  await openSqliteStore(join(dir, "kenges.sqlite")),
  { now: () => Date.now() },
);
const running = await startHub(
  replica,
  parseHubConfig({
    dataDir: dir,
    port: 0,
    webRoot: null,
    limits: LIFTED_LIMITS,
  }),
);
const dataKey = process.env.KENGES_BENCH_DATA_KEY;
if (dataKey !== undefined) {
  const key = fromHex(dataKey);
  if (key === null) throw new Error("KENGES_BENCH_DATA_KEY: not hex");
  running.hub.doorKeys = {
    load: (door) => loadDoorKey(dir, key, door),
    create: () => createDoorKey(dir, key),
  };
}
process.stdout.write(`listening ${running.url}\n`);
process.once("SIGTERM", () => {
  void running.close().then(() => {
    process.stdout.write(
      `stats ${JSON.stringify(running.hub.committer.stats)}\n`,
    );
    process.exit(0);
  });
});

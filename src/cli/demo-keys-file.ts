/**
 * @module `demo-keys.json` of a demo directory: every demo person's secret keys, sealed under
 * the data key like the rest of the directory. The demo's keys come from a public seed, but
 * the file also names the people, and a member who tries Kenges on a real laptop should not
 * leave a readable list behind.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openSealedBytes, sealBytes } from "../at-rest/index.js";

/** File name of the demo people's keys inside a data directory. */
export const DEMO_KEYS_FILE = "demo-keys.json";

/** Writes the demo file sealed under `dataKey`. */
export function writeDemoKeysFile(
  dir: string,
  dataKey: Uint8Array,
  content: unknown,
): void {
  writeFileSync(
    join(dir, DEMO_KEYS_FILE),
    sealBytes(
      dataKey,
      "demo-keys",
      Buffer.from(`${JSON.stringify(content, null, 1)}\n`, "utf8"),
    ),
    { mode: 0o600 },
  );
}

/** The demo file's content, or null when the directory has none. */
export function readDemoKeysFile(dir: string, dataKey: Uint8Array): unknown {
  const file = join(dir, DEMO_KEYS_FILE);
  if (!existsSync(file)) return null;
  const opened = openSealedBytes(dataKey, "demo-keys", readFileSync(file));
  return JSON.parse(Buffer.from(opened).toString("utf8"));
}

/**
 * @module A small JSON file of a data directory sealed under the data key for one use,
 * written whole (a temporary file renamed over the old one) so that a crash leaves the old
 * content or the new, never half of either.
 */
import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from "node:fs";
import { dirname } from "node:path";
import {
  type DataKeyUse,
  openSealedBytes,
  sealBytes,
} from "../at-rest/index.js";

/** Seals `content` as JSON for `use` into `file` (mode 0600), replacing it atomically. */
export function writeSealedJson(
  file: string,
  dataKey: Uint8Array,
  use: DataKeyUse,
  content: unknown,
): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(
    temporary,
    sealBytes(dataKey, use, Buffer.from(JSON.stringify(content), "utf8")),
    { mode: 0o600 },
  );
  renameSync(temporary, file);
}

/** The JSON sealed in `file` for `use`, or null when there is no such file. */
export function readSealedJson(
  file: string,
  dataKey: Uint8Array,
  use: DataKeyUse,
): unknown {
  if (!existsSync(file)) return null;
  const opened = openSealedBytes(dataKey, use, readFileSync(file));
  return JSON.parse(Buffer.from(opened).toString("utf8"));
}

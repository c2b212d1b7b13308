/**
 * @module The hub's own identity, kept in its data directory: a random id that login
 * signatures are bound to (so a signature made for one hub is worthless at another).
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const FILE = "hub.json";

/** The hub id of a data directory, made on first use. */
export function loadHubId(dataDir: string): string {
  const file = join(dataDir, FILE);
  if (existsSync(file)) {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as { id?: unknown };
    if (typeof parsed.id === "string" && /^[0-9a-f]{32}$/.test(parsed.id))
      return parsed.id;
  }
  const id = randomBytes(16).toString("hex");
  writeFileSync(file, `${JSON.stringify({ id }, null, 1)}\n`, { mode: 0o600 });
  return id;
}

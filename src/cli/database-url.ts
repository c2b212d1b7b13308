/**
 * @module Which database holds the event store: `--db`, then KENGES_DB; neither means the
 * encrypted SQLite file in the data directory. Only the commands whose usage names `--db`
 * (serve, init, demo, import, verify) read it; the data directory stays the home of the keys,
 * the key file, door keys, TLS files and the writer lock either way.
 */
import { postgresNodeUrls } from "../store/index.js";
import type { ParsedArgs } from "./args.js";
import { CliError } from "./cli-error.js";
import type { CommandIo } from "./command.js";

/** A PostgreSQL database named by a libpq-style URL. */
export interface PostgresDatabase {
  /** The URL as given, password and all: for the driver only. */
  readonly url: string;
  /** The URL with any password masked: for messages and logs. */
  readonly shown: string;
}

/** Usage text shared by the commands that take `--db`. */
export const DB_FLAG_USAGE = `  --db URL       keep the events in PostgreSQL (postgres://user@host:5432/database;
                 sslmode=verify-full for TLS) instead of the data directory's SQLite
                 file; KENGES_DB gives the default. Keys stay in the data directory`;

const SCHEMES = new Set(["postgres:", "postgresql:"]);

/** The URL with its password masked, even when it does not parse. */
function masked(value: string): string {
  try {
    const u = new URL(value);
    if (u.password === "") return value;
    u.password = "***";
    return u.toString();
  } catch {
    return value.replace(/(\/\/[^:/@]*):[^@/]*@/, "$1:***@");
  }
}

function invalid(value: string, source: string): CliError {
  return new CliError("DB_URL_INVALID", { url: masked(value), source });
}

/**
 * The database this invocation names, or null for the data directory's own SQLite store.
 * Anything but a postgres:// or postgresql:// URL with a host (in the authority, or as a
 * `host` parameter for a Unix socket) is DB_URL_INVALID; an empty KENGES_DB counts as unset.
 */
export function databaseOf(
  args: ParsedArgs,
  io: CommandIo,
): PostgresDatabase | null {
  const flag = args.flags.get("db");
  if (flag === true) throw invalid("", "--db");
  const env = io.env.KENGES_DB;
  const [value, source] =
    flag !== undefined
      ? [flag, "--db"]
      : env !== undefined && env !== ""
        ? [env, "KENGES_DB"]
        : [null, ""];
  if (value === null) return null;
  // Several nodes of a replicated database (`h1:5432,h2:5432`, as pg_autoctl prints) are
  // checked one by one: a URL with a host list is not a WHATWG URL.
  const nodes = postgresNodeUrls(value);
  if (nodes === null) throw invalid(value, source);
  for (const node of nodes) {
    let parsed: URL;
    try {
      parsed = new URL(node);
    } catch {
      throw invalid(value, source);
    }
    if (
      !SCHEMES.has(parsed.protocol) ||
      (parsed.hostname === "" && !parsed.searchParams.has("host"))
    )
      throw invalid(value, source);
  }
  return { url: value, shown: masked(value) };
}

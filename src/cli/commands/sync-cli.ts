/**
 * @module What the sync commands share (`sync`, `init --from`, `import`, `export`,
 * `frontier`, `peer`): a transport for a URL, the key to sign with, the report they print,
 * a progress bar, and sync failures as CLI errors. Not a command itself.
 */
import type { KeyPair } from "../../crypto/index.js";
import {
  countsOf,
  httpTransport,
  SyncFailure,
  type SyncReport,
  type SyncTransport,
  wsTransport,
} from "../../sync/index.js";
import type { ParsedArgs } from "../args.js";
import { CliError } from "../cli-error.js";
import type { CommandIo } from "../command.js";
import { stringFlag } from "../command.js";
import { choiceFlag } from "../flags.js";
import type { Session } from "../session.js";
import { say, term } from "../words.js";

/** The transport `--transport http|ws` asks for (default http). */
export async function transportFor(
  args: ParsedArgs,
  url: string,
): Promise<SyncTransport> {
  const kind = choiceFlag(args, "transport", ["http", "ws"] as const) ?? "http";
  try {
    return kind === "ws" ? await wsTransport(url) : httpTransport(url);
  } catch (e) {
    throw cliErrorOf(e);
  }
}

/** Checks a URL given on the line. */
export function urlArgument(args: ParsedArgs, index = 0): string {
  const url = args.positionals[index];
  if (url === undefined) throw new CliError("USAGE", { missing: "<url>" });
  try {
    const parsed = new URL(url);
    if (!["http:", "https:", "ws:", "wss:"].includes(parsed.protocol))
      throw new Error("protocol");
  } catch {
    throw new CliError("FLAG_INVALID", { flag: "url", value: url });
  }
  return url;
}

/**
 * The key a sync signs with, so the peer serves what that key may read: `--as`, else the
 * data directory's default identity; none when the directory holds no key.
 */
export async function syncKey(s: Session): Promise<KeyPair | null> {
  if (
    stringFlag(s.args, "as") === undefined &&
    s.keyring.labels().length === 0 &&
    s.keyring.demoPeople().length === 0
  )
    return null;
  try {
    return (await s.identity()).key;
  } catch (e) {
    if (
      e instanceof CliError &&
      e.code === "KEY_NOT_FOUND" &&
      stringFlag(s.args, "as") === undefined
    )
      return null;
    throw e;
  }
}

/** A SyncFailure as the CLI's error (same code and details); anything else unchanged. */
export function cliErrorOf(e: unknown): unknown {
  if (e instanceof SyncFailure)
    return new CliError(e.error.code, { ...e.error.details });
  return e;
}

/** Prints the five counts (and, beside them, what else the session did). */
export function printReport(
  s: Session,
  report: SyncReport,
  extra: Record<string, unknown> = {},
): void {
  const counts = countsOf(report);
  s.print(
    {
      ...counts,
      ...extra,
      session: {
        sent: report.sent,
        released: report.released,
        roundTrips: report.roundTrips,
        bytesSent: report.bytesSent,
        bytesReceived: report.bytesReceived,
        forks: report.forks,
      },
      ...(report.rejections.length > 0
        ? { rejections: report.rejections.slice(0, 10) }
        : {}),
    },
    () =>
      [
        ...Object.entries(extra).map(
          ([k, v]) => `${term(s.lang, "report", k)} ${String(v)}`,
        ),
        say(s.lang, "report.counts", counts),
        report.roundTrips > 0
          ? say(s.lang, "report.sent", {
              sent: report.sent,
              trips: report.roundTrips,
              out: report.bytesSent,
              in: report.bytesReceived,
            })
          : "",
        report.forks.length > 0
          ? say(s.lang, "report.forks", { keys: report.forks.join(", ") })
          : "",
        ...report.rejections.slice(0, 5).map((r) =>
          say(s.lang, "report.rejected", {
            id: r.id ?? say(s.lang, "report.undecodable"),
            code: r.code,
          }),
        ),
      ]
        .filter((l) => l !== "")
        .join("\n"),
  );
}

/** A progress bar on stderr (only on a terminal, and not with --json or --no-progress). */
export function progressBar(
  args: ParsedArgs,
  io: CommandIo,
  label: string,
): (done: number, total: number) => void {
  const show =
    process.stderr.isTTY === true &&
    args.flags.get("json") !== true &&
    !args.flags.has("no-progress");
  let last = -1;
  return (done, total) => {
    if (!show) return;
    const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
    if (pct === last && done !== total) return;
    last = pct;
    const width = 30;
    const filled = Math.round((width * pct) / 100);
    io.stderr(
      `\r${label} [${"#".repeat(filled)}${" ".repeat(width - filled)}] ${done}/${total} ${pct}%${done >= total ? "\n" : ""}`,
    );
  };
}

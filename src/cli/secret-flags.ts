/**
 * @module `--secret --registrar <offer> --registrar <offer>…` of a motion being opened (`kenges
 * motion open`, `kenges referendum open`): the payload's `secret` part, or nothing for an open
 * vote. A registrar named without `--secret` is a usage error, never ignored.
 */
import type { Replica } from "../replica/index.js";
import type { ParsedArgs } from "./args.js";
import { CliError } from "./cli-error.js";
import { requireFlag } from "./flags.js";
import { resolveId } from "./resolve.js";

export function secretFromFlags(
  replica: Replica,
  args: ParsedArgs,
): { registrars: string[] } | undefined {
  if (args.flags.get("secret") === true)
    return {
      // Repeated `--registrar` flags arrive comma-joined, as a comma list does (args.ts).
      registrars: requireFlag(args, "registrar")
        .split(",")
        .filter((o) => o.trim() !== "")
        .map((o) => resolveId(replica, "offer", o.trim())),
    };
  if (args.flags.has("registrar"))
    throw new CliError("USAGE", { missing: "--secret" });
  return undefined;
}

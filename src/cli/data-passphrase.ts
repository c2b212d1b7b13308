/**
 * @module How the passphrase of a data directory reaches a command: KENGES_DATA_PASSPHRASE (for
 * services and scripts), else the file named by `--passphrase-file`, else a hidden prompt on
 * the terminal. docs/operating.md weighs the risk of each. Never KENGES_PASSPHRASE: that one
 * opens a member's key, and the two secrets are kept apart.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { ParsedArgs } from "./args.js";
import { CliError } from "./cli-error.js";
import { type CommandIo, stringFlag } from "./command.js";
import { say } from "./words.js";

/** The sources of one passphrase: its environment variable and its file flag. */
export interface PassphraseSource {
  readonly env: string;
  readonly fileFlag: string;
}

/** The data directory's passphrase. */
export const DATA_PASSPHRASE: PassphraseSource = {
  env: "KENGES_DATA_PASSPHRASE",
  fileFlag: "passphrase-file",
};

/** The passphrase a bundle is sealed under (`kenges export`, `kenges import`). */
export const BUNDLE_PASSPHRASE: PassphraseSource = {
  env: "KENGES_BUNDLE_PASSPHRASE",
  fileFlag: "bundle-passphrase-file",
};

/** The new passphrase of `kenges data passphrase`. */
export const NEW_DATA_PASSPHRASE: PassphraseSource = {
  env: "KENGES_DATA_NEW_PASSPHRASE",
  fileFlag: "new-passphrase-file",
};

function fromFile(args: ParsedArgs, io: CommandIo, flag: string): string {
  const path = resolve(io.cwd, stringFlag(args, flag) ?? "");
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new CliError("FILE_NOT_FOUND", { path });
  }
  // One trailing newline is the editor's, not the passphrase's.
  return text.replace(/\r?\n$/, "");
}

/**
 * Reads a passphrase from `source`. `isNew`: a passphrase being chosen — the prompt asks twice
 * and an empty one is refused, since it would protect nothing.
 */
export async function readDataPassphrase(
  args: ParsedArgs,
  io: CommandIo,
  lang: string,
  options: { source?: PassphraseSource; isNew?: boolean } = {},
): Promise<string> {
  const source = options.source ?? DATA_PASSPHRASE;
  let passphrase: string;
  const fromEnv = io.env[source.env];
  if (fromEnv !== undefined) passphrase = fromEnv;
  else if (args.flags.has(source.fileFlag))
    passphrase = fromFile(args, io, source.fileFlag);
  else if (io.promptHidden === undefined)
    throw new CliError(
      source === BUNDLE_PASSPHRASE
        ? "BUNDLE_PASSPHRASE_REQUIRED"
        : "DATA_PASSPHRASE_REQUIRED",
      {
        env: source.env,
        flag: `--${source.fileFlag}`,
      },
    );
  else {
    const bundle = source === BUNDLE_PASSPHRASE;
    const prompt = say(
      lang,
      bundle
        ? options.isNew
          ? "bundle.passphrase-new"
          : "bundle.passphrase"
        : options.isNew
          ? "data.passphrase-new"
          : "data.passphrase",
    );
    passphrase = await io.promptHidden(prompt);
    if (
      options.isNew &&
      (await io.promptHidden(say(lang, "data.passphrase-again"))) !== passphrase
    )
      throw new CliError("DATA_PASSPHRASE_MISMATCH", {});
  }
  if (options.isNew && passphrase.length === 0)
    throw new CliError("DATA_PASSPHRASE_EMPTY", {});
  return passphrase;
}

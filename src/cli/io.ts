/** @module The real terminal: stdout, stderr, environment, and a passphrase prompt that does not echo. */
import { CliError } from "./cli-error.js";
import type { CommandIo } from "./command.js";

/**
 * Reads a line from the terminal without echoing it. readline (and the streams it brings) is
 * loaded only here: most commands never ask, and every command would pay for loading it.
 */
async function promptHidden(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) throw new CliError("PASSPHRASE_REQUIRED", {});
  const { createInterface } = await import("node:readline");
  return new Promise((resolve) => {
    const rl = createInterface({
      input: process.stdin,
      output: process.stderr,
      terminal: true,
    });
    const output = rl as unknown as { _writeToOutput: (s: string) => void };
    process.stderr.write(prompt);
    output._writeToOutput = () => {};
    rl.question("", (answer) => {
      rl.close();
      process.stderr.write("\n");
      resolve(answer);
    });
  });
}

/** The process's own I/O. */
export function processIo(): CommandIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
    async readPassphrase(prompt) {
      const fromEnv = process.env.KENGES_PASSPHRASE;
      if (fromEnv !== undefined) return fromEnv;
      return promptHidden(prompt);
    },
    ...(process.stdin.isTTY ? { promptHidden } : {}),
  };
}

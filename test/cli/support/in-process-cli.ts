/**
 * The `kenges` command run in the test's own process (`runCli` with captured output), as a
 * member types it: the passphrase comes from KENGES_PASSPHRASE, `prefix` goes before the
 * arguments (e.g. `--data <dir>`).
 */
import type { CommandIo } from "../../../src/cli/command.js";
import { runCli } from "../../../src/cli/main.js";

export const TEST_PASSPHRASE = "correct horse battery";

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function inProcessCli(
  cwd: string,
  options: { prefix?: readonly string[]; env?: Record<string, string> } = {},
): (args: readonly string[]) => Promise<CliRun> {
  const env = { KENGES_PASSPHRASE: TEST_PASSPHRASE, ...options.env };
  return async (args) => {
    let stdout = "";
    let stderr = "";
    const io: CommandIo = {
      stdout: (t) => {
        stdout += t;
      },
      stderr: (t) => {
        stderr += t;
      },
      env,
      cwd,
      readPassphrase: async () => env.KENGES_PASSPHRASE ?? "",
    };
    const code = await runCli([...(options.prefix ?? []), ...args], io);
    return { code, stdout, stderr };
  };
}

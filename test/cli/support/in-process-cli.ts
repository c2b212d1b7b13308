/**
 * The `kenges` command run in the test's own process (`runCli` with captured output), as a
 * member types it: the passphrase comes from KENGES_PASSPHRASE, `prefix` goes before the
 * arguments (e.g. `--data <dir>`).
 */
import type { CommandIo } from "../../../src/cli/command.js";
import { runCli } from "../../../src/cli/main.js";

export const TEST_PASSPHRASE = "correct horse battery";

/**
 * What a command needs to open an encrypted data directory, from vitest.config.ts's `test.env`
 * (a spawned CLI or hub inherits it; an in-process one sees only the env its CommandIo gives).
 */
export function dataDirEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of [
    "KENGES_DATA_PASSPHRASE",
    "KENGES_DATA_SCRYPT_N",
    "KENGES_BUNDLE_PASSPHRASE",
  ]) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function inProcessCli(
  cwd: string,
  options: { prefix?: readonly string[]; env?: Record<string, string> } = {},
): (args: readonly string[]) => Promise<CliRun> {
  const env = {
    KENGES_PASSPHRASE: TEST_PASSPHRASE,
    ...dataDirEnv(),
    ...options.env,
  };
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

/**
 * `kenges serve --port 0` over a data directory in its own process, started from the sources:
 * resolves with its address once it listens, or with its exit code and stderr if it stops first.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";

const ROOT = new URL("../../../", import.meta.url).pathname;

export type ServeStart =
  | {
      readonly url: string;
      readonly process: ChildProcess;
      /** Resolves with the exit code when the hub stops. */
      readonly exited: Promise<number | null>;
    }
  | { readonly code: number | null; readonly stderr: string };

/** Starts the hub; the process goes into `running` for the test file to kill at the end. */
export function spawnServe(
  dir: string,
  running: ChildProcess[],
  /** More flags of `kenges serve`. */
  extra: readonly string[] = [],
): Promise<ServeStart> {
  const p = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      join(ROOT, "src/cli/main.ts"),
      "--data",
      dir,
      "serve",
      "--port",
      "0",
      ...extra,
    ],
    { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
  );
  running.push(p);
  let stderr = "";
  p.stderr!.on("data", (b) => {
    stderr += String(b);
  });
  const exited = new Promise<number | null>((done) =>
    p.once("exit", (code) => done(code)),
  );
  return new Promise((resolve) => {
    createInterface({ input: p.stdout! }).on("line", (line) => {
      const m = /^listening (\S+)$/.exec(line);
      if (m) resolve({ url: m[1]!, process: p, exited });
    });
    p.once("exit", (code) => resolve({ code, stderr }));
  });
}

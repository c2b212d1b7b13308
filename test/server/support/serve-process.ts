/**
 * A real `kenges serve --port 0` (the CLI from the sources, API only) on a private copy of the
 * demo federation, for tests that attack the hub over real sockets.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type DemoPerson,
  demoTemplate,
  ROOT,
} from "../../e2e/support/hub-process.js";

export interface ServedHub {
  readonly url: string;
  readonly port: number;
  readonly people: readonly DemoPerson[];
  /** What the hub wrote on stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

/** Starts `kenges serve` over a fresh copy of the demo, with extra flags. */
export async function serveDemo(
  extraArgs: readonly string[] = [],
): Promise<ServedHub> {
  const dataDir = mkdtempSync(join(tmpdir(), "kenges-attack-"));
  cpSync(demoTemplate(), dataDir, { recursive: true });
  const keys = JSON.parse(
    readFileSync(join(dataDir, "demo-keys.json"), "utf8"),
  ) as { people: DemoPerson[] };
  const child: ChildProcess = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      join(ROOT, "src", "cli", "main.ts"),
      "serve",
      "--port",
      "0",
      "--data",
      dataDir,
      ...extraArgs,
    ],
    { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(
      () => reject(new Error(`hub did not start: ${stderr}`)),
      90_000,
    );
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /^listening (\S+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`hub exited with ${code}: ${stderr}`));
    });
  });
  return {
    url,
    port: Number(new URL(url).port),
    people: keys.people,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

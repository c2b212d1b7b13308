/**
 * A real `kenges serve` for attack tests: the CLI from the sources on a private copy of the
 * demo federation (the e2e template), API only, on a free port; resolves once it prints its
 * `listening` line (and, with --tls, its certificate fingerprint).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readDemoKeys } from "../../cli/support/data-dir-key.js";
import {
  type DemoPerson,
  demoTemplate,
  ROOT,
} from "../../e2e/support/hub-process.js";

const CLI = join(ROOT, "src", "cli", "main.ts");

export interface ServedHub {
  readonly url: string;
  readonly port: number;
  /** The certificate fingerprint the hub printed (with --tls), else null. */
  readonly fingerprint: string | null;
  readonly people: readonly DemoPerson[];
  readonly federation: string;
  /** The data directory the hub holds (a private copy of the demo, removed by `stop`). */
  readonly dataDir: string;
  /** What the hub wrote on stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

/** Starts `kenges serve --port 0` on a fresh copy of the demo, with more flags. */
export async function serveDemo(
  extraArgs: readonly string[] = [],
): Promise<ServedHub> {
  const dataDir = mkdtempSync(join(tmpdir(), "kenges-attack-"));
  cpSync(demoTemplate(), dataDir, { recursive: true });
  const keys = await readDemoKeys<{
    federation: string;
    people: DemoPerson[];
  }>(dataDir);
  const child: ChildProcess = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      CLI,
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
  let stdout = "";
  const tls = extraArgs.includes("--tls");
  const started = new Promise<{ url: string; fingerprint: string | null }>(
    (resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`hub did not start: ${stderr}`)),
        120_000,
      );
      const check = () => {
        const url = /^listening (\S+)$/m.exec(stdout)?.[1];
        const fp = /certificate SHA-256 fingerprint (\S+)/.exec(stderr)?.[1];
        if (url !== undefined && (!tls || fp !== undefined)) {
          clearTimeout(timer);
          resolve({ url, fingerprint: fp ?? null });
        }
      };
      child.stdout?.on("data", (d: Buffer) => {
        stdout += d.toString();
        check();
      });
      child.stderr?.on("data", (d: Buffer) => {
        stderr += d.toString();
        check();
      });
      child.on("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`hub exited with ${code}: ${stderr}`));
      });
    },
  );
  const { url, fingerprint } = await started;
  return {
    url,
    port: Number(new URL(url).port),
    fingerprint,
    people: keys.people,
    federation: keys.federation,
    dataDir,
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

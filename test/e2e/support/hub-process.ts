/**
 * A real hub for browser tests: `kenges serve --port 0` on a private copy of the demo
 * federation (built once per run into a template directory), reading the `listening` line.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createHash, X509Certificate } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { HUB_CERT_FILE } from "../../../src/sync/index.js";
import { readDemoKeys } from "../../cli/support/data-dir-key.js";
import { trustHubCertificate } from "./hub-api.js";

export const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const CLI = join(ROOT, "src", "cli", "main.ts");

/** Runs the CLI from the sources (tsx), returning stdout. */
export function kenges(args: readonly string[]): string {
  return execFileSync(process.execPath, ["--import", "tsx", CLI, ...args], {
    cwd: ROOT,
    encoding: "utf8",
  });
}

/** Runs the CLI from the sources without blocking, with its exit code and both streams. */
export function kengesAsync(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ["--import", "tsx", CLI, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d) => (stdout += d));
    p.stderr.on("data", (d) => (stderr += d));
    p.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

function newest(dir: string): number {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return t;
}

/**
 * Builds the web app when it is missing or older than its sources (CI builds it in `npm ci`
 * through `prepare`; a developer who changed the app gets a fresh build).
 */
export function ensureWebBuilt(): void {
  const index = join(ROOT, "dist", "web", "index.html");
  const sources = Math.max(
    newest(join(ROOT, "web")),
    newest(join(ROOT, "src")),
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  execFileSync(
    process.execPath,
    [
      join(ROOT, "node_modules", "vite", "bin", "vite.js"),
      "build",
      "--config",
      "web/vite.config.ts",
    ],
    {
      cwd: ROOT,
      stdio: "ignore",
      // vitest sets NODE_ENV=test, and Vite would then build a development app (no service
      // worker, React's development build): the browser tests must see what users get.
      env: { ...process.env, NODE_ENV: "production" },
    },
  );
}

/** The demo federation's data directory, made once and copied for each hub. */
export function demoTemplate(): string {
  // Named for the sources that make it: a changed generator or fold gets a fresh template.
  const TEMPLATE = join(
    tmpdir(),
    `kenges-e2e-demo-encrypted-${Math.floor(Math.max(newest(join(ROOT, "src", "demo")), newest(join(ROOT, "src", "core"))))}`,
  );
  const done = join(TEMPLATE, "demo-keys.json");
  if (!existsSync(done)) {
    const building = `${TEMPLATE}.${process.pid}`;
    rmSync(building, { recursive: true, force: true });
    kenges(["demo", "--data", building]);
    // Atomic: test files running in parallel never see a half-copied template.
    try {
      renameSync(building, TEMPLATE);
    } catch {
      rmSync(building, { recursive: true, force: true });
    }
  }
  return TEMPLATE;
}

export interface DemoPerson {
  readonly label: string;
  readonly name: string;
  readonly publicKey: string;
  readonly secretKey: string;
  readonly roles: readonly string[];
}

export interface TestHub {
  readonly url: string;
  readonly dataDir: string;
  readonly people: readonly DemoPerson[];
  readonly federation: string;
  /**
   * Stops the hub process and starts it again on the same data and port (the same origin),
   * running `whileDown` in between.
   */
  restart(whileDown?: () => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

/** Starts a hub on a fresh copy of the demo. */
export async function startDemoHub(
  extraArgs: readonly string[] = [],
  /** A port to listen on (default: any free one) — e.g. a second hub at the first's address. */
  port = "0",
): Promise<TestHub> {
  ensureWebBuilt();
  const template = demoTemplate();
  const dataDir = mkdtempSync(join(tmpdir(), "kenges-e2e-"));
  cpSync(template, dataDir, { recursive: true });
  const keys = await readDemoKeys<{
    federation: string;
    people: DemoPerson[];
  }>(dataDir);
  let served = await serve(dataDir, port, extraArgs);
  return {
    get url() {
      return served.url;
    },
    dataDir,
    people: keys.people,
    federation: keys.federation,
    async restart(whileDown) {
      await ended(served.child);
      await whileDown?.();
      served = await serve(dataDir, new URL(served.url).port, extraArgs);
    },
    async stop() {
      await ended(served.child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** An IPv4 address of this machine other than loopback: what a phone on the hall's Wi-Fi dials. */
export function lanAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((a) => a && !a.internal && a.family === "IPv4")?.address;
}

/**
 * Base64 SHA-256 of a certificate's public key (PEM in): what Chromium's
 * `--ignore-certificate-errors-spki-list` trusts, as a phone that checked the hub's fingerprint.
 */
export function spkiPinOf(certificate: string): string {
  const spki = new X509Certificate(certificate).publicKey.export({
    type: "spki",
    format: "der",
  });
  return createHash("sha256").update(spki).digest("base64");
}

/** A hub as a hall runs it, with its own certificate. */
export interface LanHub extends TestHub {
  /** The hub's certificate (PEM), which hub-api's calls are verified against. */
  readonly certificate: string;
  /** Base64 SHA-256 of its public key: Chromium trusts it with this (as a phone that checked the fingerprint). */
  readonly spkiPin: string;
}

/**
 * `kenges serve --host 0.0.0.0 --tls` on a fresh copy of the demo, as the laptop in a hall runs
 * it: its `url` is this machine's LAN address (not loopback, where browsers make exceptions),
 * so pages on it are a secure context only because the certificate is trusted.
 */
export async function startLanHub(lan: string): Promise<LanHub> {
  const hub = await startDemoHub(["--host", "0.0.0.0", "--tls"]);
  const certificate = readFileSync(join(hub.dataDir, HUB_CERT_FILE), "utf8");
  const onLan = () => {
    const u = new URL(hub.url);
    u.hostname = lan;
    return u.origin;
  };
  trustHubCertificate(onLan(), certificate);
  return {
    get url() {
      return onLan();
    },
    dataDir: hub.dataDir,
    people: hub.people,
    federation: hub.federation,
    restart: (whileDown) => hub.restart(whileDown),
    stop: () => hub.stop(),
    certificate,
    spkiPin: spkiPinOf(certificate),
  };
}

/** Stops a hub process (SIGTERM) and waits for it to exit. */
async function ended(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

/** Runs `kenges serve` on a data directory and port, resolving once it listens. */
async function serve(
  dataDir: string,
  port: string,
  extraArgs: readonly string[],
): Promise<{ child: ChildProcess; url: string }> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      CLI,
      "serve",
      "--port",
      port,
      "--data",
      dataDir,
      "--web",
      join(ROOT, "dist", "web"),
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
      60_000,
    );
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /^listening (\S+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`hub exited with ${code}: ${stderr}`));
    });
  });
  return { child, url };
}

/**
 * @module What the hub benchmarks share: the hub process pinned to core 0 and this script to
 * core 1 (so a client's work does not take the hub's core), the hub started on a data directory
 * (bench/hub/serve.ts) and a session signed in as the web app does it.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type KeyPair, signEd25519, toHex } from "../../src/crypto/index.js";
import { hubAuthMessage } from "../../src/server/index.js";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The command prefix that pins a process to one core (none where taskset is missing). */
export const pin = (core: number): string[] =>
  existsSync("/usr/bin/taskset")
    ? ["/usr/bin/taskset", "-c", String(core)]
    : [];

/** Pins this process to core 1, leaving core 0 to the hub. */
export function pinThisProcess(): void {
  if (pin(1).length)
    execFileSync("/usr/bin/taskset", ["-cp", "1", String(process.pid)], {
      stdio: "ignore",
    });
}

/** A numeric `--name value` argument of this script, or the fallback. */
export function numberArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/**
 * CPU seconds (user + system) process `pid` has used so far, from /proc (Linux): what a hub
 * spends on a load, apart from the load generator's share of the machine.
 */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command's closing parenthesis; utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Starts bench/hub/serve.ts on `dir`, pinned to core 0; resolves once it listens. */
export async function startBenchHub(
  dir: string,
  options: { nodeArgs?: readonly string[]; env?: NodeJS.ProcessEnv } = {},
): Promise<{ url: string; child: ChildProcess }> {
  const [cmd, ...pre] = [...pin(0), process.execPath];
  const child = spawn(
    cmd!,
    [
      ...pre,
      ...(options.nodeArgs ?? []),
      "--import",
      "tsx",
      join(ROOT, "bench", "hub", "serve.ts"),
      dir,
    ],
    {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "inherit"],
      env: options.env ?? process.env,
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /^listening (\S+)$/m.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on("exit", (code) => reject(new Error(`hub exited ${code}`)));
  });
  return { url, child };
}

/** A session for `key` on the hub at `url`: challenge, signature, token — as the web app signs in. */
export async function benchSession(url: string, key: KeyPair): Promise<string> {
  const c = (await (await fetch(`${url}/api/auth/challenge`)).json()) as {
    challenge: string;
    federation: string;
    hub: string;
  };
  const origin = new URL(url).origin;
  const signature = toHex(
    signEd25519(
      key.secretKey,
      hubAuthMessage({ ...c, origin, key: toHex(key.publicKey) }),
    ),
  );
  const r = await fetch(`${url}/api/auth/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      key: toHex(key.publicKey),
      challenge: c.challenge,
      origin,
      signature,
    }),
  });
  if (r.status !== 201) throw new Error(`login: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { token: string }).token;
}

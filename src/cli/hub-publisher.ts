/**
 * @module Signing through the hub that holds a data directory. While `kenges serve` holds a
 * directory (writer.lock), a command still reads the directory's store — the hub keeps it
 * current — but the events it signs go to the hub's `POST /api/events`, through the same write
 * gate as the web app's, and the command answers once the hub committed them. So the hub sees
 * every event the moment it exists, and the file has one writer. A hub serving its own TLS
 * certificate is trusted by that certificate alone, read from the same directory.
 */
import { X509Certificate } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  encodeWireEvent,
  type KengesError,
  type SignedEvent,
} from "../core/index.js";
import { CliError } from "./cli-error.js";
import type { LockHolder } from "./writer-lock.js";

/** Publishes signed events to a hub: null once committed there, else why they were refused. */
export type Publisher = (
  events: readonly SignedEvent[],
) => Promise<KengesError | null>;

/** How long a command waits for the hub to commit what it signed. */
const TIMEOUT_MS = 60_000;

/**
 * Where to dial a hub from the machine it runs on: a hub bound to every interface
 * (`--host 0.0.0.0` or `::`) is reached on the loopback.
 */
export function loopbackUrl(address: string): URL {
  const url = new URL(address);
  if (url.hostname === "0.0.0.0") url.hostname = "127.0.0.1";
  else if (url.hostname === "[::]") url.hostname = "[::1]";
  return url;
}

/** The hub's certificate in the directory it holds, with its fingerprint (https only). */
function hubCertificate(
  dir: string,
  certFile: string,
): { pem: string; fingerprint: string } | null {
  const file = join(dir, certFile);
  if (!existsSync(file)) return null;
  const pem = readFileSync(file, "utf8");
  return { pem, fingerprint: new X509Certificate(pem).fingerprint256 };
}

async function post(
  url: URL,
  dir: string,
  body: Uint8Array,
): Promise<{ status: number; body: Uint8Array }> {
  const headers = { "content-type": "application/json" };
  if (url.protocol === "https:") {
    // The sync layer (TLS, transports, bundles) is loaded only by a command that signs through
    // an https hub: every command opens a data directory, and few of them ever post.
    const { HUB_CERT_FILE, postPinned } = await import("../sync/index.js");
    const cert = hubCertificate(dir, HUB_CERT_FILE);
    if (cert === null) throw new Error("the hub's certificate is not here");
    return postPinned(
      url,
      cert.fingerprint,
      cert.pem,
      body,
      headers,
      TIMEOUT_MS,
    );
  }
  const res = await fetch(url, {
    method: "POST",
    headers,
    body,
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  return { status: res.status, body: new Uint8Array(await res.arrayBuffer()) };
}

interface PostAnswer {
  readonly results?: readonly {
    readonly id: string;
    readonly outcome: string;
    readonly invalid: {
      code: string;
      details?: Record<string, unknown>;
    } | null;
  }[];
  readonly code?: string;
  readonly details?: Record<string, unknown>;
}

/** A publisher to the hub that holds `dir`, as its lock names it. */
export function hubPublisher(holder: LockHolder, dir: string): Publisher {
  const address = holder.address ?? "";
  return async (events) => {
    const url = new URL("/api/events", loopbackUrl(address));
    const body = new TextEncoder().encode(
      JSON.stringify({
        events: events.map((e) =>
          Buffer.from(encodeWireEvent(e)).toString("base64url"),
        ),
      }),
    );
    let answer: { status: number; body: Uint8Array };
    try {
      answer = await post(url, dir, body);
    } catch (e) {
      throw new CliError("HUB_UNREACHABLE", {
        address,
        pid: holder.pid,
        reason: (e as Error).message,
      });
    }
    let parsed: PostAnswer;
    try {
      parsed = JSON.parse(new TextDecoder().decode(answer.body)) as PostAnswer;
    } catch {
      parsed = {};
    }
    if (answer.status === 201) {
      // Committed; an event the hub's fold keeps as invalid is refused like a local one.
      const invalid = parsed.results?.find((r) => r.invalid !== null)?.invalid;
      return invalid
        ? ({
            code: invalid.code,
            details: invalid.details ?? {},
          } as KengesError)
        : null;
    }
    if (answer.status === 202)
      // Held in the hub's quarantine for parents it lacks, though this command read them from
      // the hub's own store: not committed, so the command does not claim it acted.
      throw new CliError("HUB_UNREACHABLE", {
        address,
        pid: holder.pid,
        reason: "the hub holds the events back, waiting for earlier ones",
      });
    if (typeof parsed.code === "string") {
      // The hub's refusal (its write gate, a rate limit, the fold's rejection), as it said it.
      const { results: _results, ...details } = parsed.details ?? {};
      throw new CliError(parsed.code, details);
    }
    throw new CliError("HUB_UNREACHABLE", {
      address,
      pid: holder.pid,
      reason: `HTTP ${answer.status}`,
    });
  };
}

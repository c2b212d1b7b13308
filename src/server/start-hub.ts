/**
 * @module Starting a hub over an open replica: the hub id and (with TLS) the certificate from
 * the data directory, the app, and the listening socket. `kenges serve` calls this.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { FastifyPluginAsync } from "fastify";
import type { Replica } from "../replica/index.js";
import { buildApp } from "./app.js";
import type { HubConfig } from "./config.js";
import { Hub } from "./hub.js";
import { loadHubId } from "./hub-identity.js";
import { loadOrMakeCertificate } from "./tls/certificate.js";
import { WebApp } from "./web-app.js";

/** A running hub. */
export interface RunningHub {
  readonly hub: Hub;
  /** The URL it listens on, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  /** SHA-256 fingerprint of the TLS certificate, or null without TLS. */
  readonly fingerprint: string | null;
  /** Stops listening, waits for open requests, closes the replica. */
  close(): Promise<void>;
}

/** Where the built web app is: `dist/web` beside the compiled hub, or from the sources. */
export function defaultWebRoot(): string | null {
  for (const rel of ["../web", "../../dist/web"]) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(`${dir}/index.html`)) return dir;
  }
  return null;
}

/** Starts a hub over a replica and listens. */
export async function startHub(
  replica: Replica,
  config: HubConfig,
  plugins: readonly FastifyPluginAsync<{ hub: Hub }>[] = [],
): Promise<RunningHub> {
  const tls = config.tls
    ? loadOrMakeCertificate(config.dataDir, config.host)
    : null;
  const hub = new Hub(replica, config, {
    hub: loadHubId(config.dataDir),
    fingerprint: tls?.fingerprint ?? null,
  });
  await hub.followStore();
  const webApp = config.webRoot ? new WebApp(config.webRoot) : null;
  const app = await buildApp(hub, {
    webApp,
    plugins,
    ...(tls ? { https: { key: tls.key, cert: tls.cert } } : {}),
  });
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port =
    typeof address === "object" && address ? address.port : config.port;
  // Port 0 picks a port only now: sign-ins are bound to the origins on the port really used.
  hub.sessions.setOrigins(hub.originsOn(port));
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  return {
    hub,
    url: `${tls ? "https" : "http"}://${host}:${port}`,
    fingerprint: tls?.fingerprint ?? null,
    async close() {
      await app.close();
      await hub.close();
    },
  };
}

/**
 * @module A hub's sync endpoints for the tests, over real HTTP and WebSocket on loopback:
 * Fastify with @fastify/websocket and src/sync's plugin over a replica — the transports and
 * the plugin a hub mounts, without the rest of the hub.
 */
import websocket from "@fastify/websocket";
import Fastify from "fastify";
import type { Replica } from "../../../src/replica/index.js";
import {
  type SyncPluginOptions,
  type SyncTransport,
  syncPlugin,
} from "../../../src/sync/index.js";

/** A running sync endpoint. */
export interface SyncHub {
  readonly url: string;
  close(): Promise<void>;
}

/** Serves `replica` over HTTP (`/api/sync`) and WebSocket (`/api/sync/ws`). */
export async function startSyncHub(
  replica: Replica,
  options: SyncPluginOptions<{ replica: Replica }> = {},
): Promise<SyncHub> {
  const app = Fastify();
  await app.register(websocket, { options: { maxPayload: 8 * 1024 } });
  await app.register(syncPlugin(options), { hub: { replica } });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => app.close(),
  };
}

/** One exchange of a session, as the initiator saw it. */
export interface Exchange {
  readonly sent: Uint8Array;
  readonly received: Uint8Array;
}

/** A transport that keeps every message both ways (the session's transcript). */
export function recording(
  inner: SyncTransport,
  transcript: Exchange[],
): SyncTransport {
  return {
    async exchange(message) {
      const received = await inner.exchange(message);
      transcript.push({ sent: message.slice(), received: received.slice() });
      return received;
    },
    close: () => inner.close(),
  };
}

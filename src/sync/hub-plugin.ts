/**
 * @module The sync endpoints of a hub, as a Fastify plugin: `POST /api/sync` (one message per
 * request, `application/cbor`) and `GET /api/sync/ws` (WebSocket, needs @fastify/websocket
 * registered, as the hub does). Mount with `startHub(replica, config, [syncPlugin()])` or
 * `buildApp(hub, { plugins: [syncPlugin()] })`; docs/operating.md shows the options.
 */
import type { FastifyPluginAsync, FastifyRequest } from "fastify";
import type { Hosted, Reader } from "../core/index.js";
import type { IngestReport, Replica } from "../replica/index.js";
import { DEFAULT_BUDGET, type SyncBudget } from "./budget.js";
import { PeerSync, type PeerSyncOptions } from "./peer-sync.js";
import type { PeerIdentity, ResponderOptions } from "./responder.js";
import { SyncResponder } from "./responder.js";
import {
  DEFAULT_SOCKET_LIMITS,
  SocketGate,
  type SocketLimits,
} from "./socket-gate.js";
import { SyncFailure } from "./sync-error.js";
import type { SyncReport } from "./sync-report.js";
import { SyncSource } from "./sync-source.js";
import type { IngestOrigin } from "./sync-store.js";
import { SYNC_MEDIA_TYPE, SYNC_PATH } from "./transports/http.js";
import { type SocketLike, SYNC_WS_PATH, serveSocket } from "./transports/ws.js";

/** What the plugin needs of a hub: its replica (the hub's `Hub` class fits). */
export interface SyncHubLike {
  readonly replica: Replica;
}

/** How a hub serves sync. Every hook receives the hub the plugin was registered with. */
export interface SyncPluginOptions<H extends SyncHubLike> {
  readonly budget?: SyncBudget;
  /** Caps on open sync sockets and the bytes they hold (socket-gate.ts). */
  readonly sockets?: Partial<SocketLimits>;
  /** Receives the socket gate once made (tests and benchmarks read its counts). */
  readonly onSocketGate?: (hub: H, gate: SocketGate) => void;
  /**
   * Who a peer is as a reader; what it receives is then core's `readableScopes` for that
   * reader (the one access rule). Default: its signing key, or an outsider when unsigned. A
   * hub makes its operator's and peered hubs' keys `{ kind: "peer", hosts }`.
   */
  readonly readerOf?: (hub: H, peer: PeerIdentity) => Reader;
  /** The scopes this hub hosts (default: every one it holds). */
  readonly hosted?: (hub: H) => Hosted;
  /**
   * Where received events go. Default: the replica's ingest. A hub with its own write path
   * (group commit, indexes, live feed) passes it here so synced events take the same road.
   */
  readonly ingest?: (
    hub: H,
    events: readonly Uint8Array[],
    source: string,
    origin?: IngestOrigin,
  ) => Promise<IngestReport>;
  /** Told after each message that changed something (for logs). */
  readonly onIngest?: (hub: H, peer: PeerIdentity, report: SyncReport) => void;
  /**
   * Sync continuously with the peers kept in the store (`kenges peer add <url>`), sharing this
   * plugin's source (one ingest at a time). Started when the app is ready, stopped on close.
   */
  readonly peers?: boolean | PeerSyncOptions;
  /** Receives the responder once made (tests read its ledger; a peer loop can share its source). */
  readonly onResponder?: (hub: H, responder: SyncResponder) => void;
}

function addressOf(request: FastifyRequest): string {
  return request.ip || request.socket.remoteAddress || "unknown";
}

/** The plugin: mounts the sync endpoints for the hub passed in the plugin options. */
export function syncPlugin<H extends SyncHubLike>(
  options: SyncPluginOptions<H> = {},
): FastifyPluginAsync<{ hub: H }> {
  return async (app, { hub }) => {
    const budget = options.budget ?? DEFAULT_BUDGET;
    const source = new SyncSource(
      hub.replica,
      options.ingest
        ? (events, src, origin) => options.ingest!(hub, events, src, origin)
        : undefined,
    );
    const responderOptions: ResponderOptions = {
      budget,
      ...(options.readerOf
        ? { readerOf: (peer: PeerIdentity) => options.readerOf!(hub, peer) }
        : {}),
      ...(options.hosted ? { hosted: () => options.hosted!(hub) } : {}),
      ...(options.onIngest
        ? { onIngest: (peer, report) => options.onIngest!(hub, peer, report) }
        : {}),
    };
    const responder = new SyncResponder(source, responderOptions);
    options.onResponder?.(hub, responder);
    if (options.peers) {
      const loop = new PeerSync(
        source,
        options.peers === true ? {} : options.peers,
      );
      app.addHook("onReady", async () => loop.start());
      app.addHook("onClose", async () => loop.stop());
    }
    // Bodies up to twice the budget reach the responder, so a peer sending oversize messages
    // is counted and cut off; beyond that Fastify refuses them unread (413).
    const bodyLimit = budget.maxMessageBytes * 2;
    app.addContentTypeParser(
      SYNC_MEDIA_TYPE,
      { parseAs: "buffer", bodyLimit },
      (_req, body, done) => done(null, body),
    );
    app.post(SYNC_PATH, { bodyLimit }, async (request, reply) => {
      const body = request.body;
      const bytes =
        body instanceof Uint8Array ? new Uint8Array(body) : new Uint8Array(0);
      const answer = await responder.handle(bytes, {
        address: addressOf(request),
      });
      return reply
        .code(answer.status)
        .type(SYNC_MEDIA_TYPE)
        .send(Buffer.from(answer.body));
    });
    const gate = new SocketGate({
      ...DEFAULT_SOCKET_LIMITS,
      ...options.sockets,
    });
    options.onSocketGate?.(hub, gate);
    app.get(
      SYNC_WS_PATH,
      {
        websocket: true,
        // Refused before the upgrade, as an HTTP error with its code: a socket over the cap
        // never costs the hub a WebSocket.
        preValidation: async (request) => {
          const refused = gate.refusal(addressOf(request));
          if (refused !== null) throw new SyncFailure(refused);
        },
      },
      (socket, request) => {
        const ticket = gate.admit(addressOf(request));
        if (!("hold" in ticket)) {
          // Filled between the check and the upgrade.
          socket.close(1013, ticket.code);
          return;
        }
        serveSocket(
          socket as unknown as SocketLike,
          responder,
          { address: addressOf(request) },
          budget.maxMessageBytes,
          ticket,
        );
      },
    );
  };
}

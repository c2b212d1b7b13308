/**
 * @module The hub's HTTP app: the JSON API (one route table, one error table), the live feed,
 * the OpenAPI document and the web app. Other layers mount their routes as Fastify plugins
 * (the sync protocol will: `buildApp(hub, { plugins: [syncPlugin] })`).
 */
import websocket from "@fastify/websocket";
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyPluginAsync,
  type FastifyRequest,
} from "fastify";
import { z } from "zod";
import { LANGUAGES } from "../i18n/index.js";
import {
  type ApiRoute,
  ApiRoutes,
  defineRoute,
  type RequestContext,
} from "./api-route.js";
import { BodyGate } from "./body-gate.js";
import { answerClientError } from "./client-error.js";
import { errorBody, httpStatusFor } from "./http-errors.js";
import type { Hub } from "./hub.js";
import { HubError } from "./hub-error.js";
import { liveRoute } from "./live/live-route.js";
import { openApiDocument } from "./openapi.js";
import { bearerToken, requestClientOf } from "./request-client.js";
import { requestErrorOf } from "./request-error.js";
import { languageOf } from "./request-language.js";
import { RequestLimiter, type RequestLimits } from "./request-limiter.js";
import { authRoutes } from "./routes/auth-routes.js";
import { eventRoutes } from "./routes/event-routes.js";
import { hubRoutes } from "./routes/hub-routes.js";
import { readRoutes } from "./routes/read-routes.js";
import { SharedRequestLimiter } from "./shared-request-limiter.js";
import { PAGE_HEADERS, type WebApp } from "./web-app.js";

export interface AppOptions {
  /** The built web app to serve, if any. */
  readonly webApp?: WebApp | null;
  /** More routes from other layers (sync), registered after the API's own. */
  readonly plugins?: readonly FastifyPluginAsync<{ hub: Hub }>[];
  /** Version written into the OpenAPI document. */
  readonly version?: string;
  /** Serve HTTPS with this key and certificate (PEM). */
  readonly https?: { readonly key: string; readonly cert: string };
  /**
   * Parse every answer against its route's schema before sending it; a misfit is a 500
   * (tests build the app this way, so every answer they see fits the OpenAPI document).
   */
  readonly checkAnswers?: boolean;
}

/**
 * The bytes a request's body will take while it is read: its declared length (Fastify
 * refuses one past the route's limit unread), or the route's limit when it is chunked.
 */
function bodyLengthOf(request: FastifyRequest): number {
  const limit = request.routeOptions.bodyLimit ?? 0;
  const declared = request.headers["content-length"];
  if (declared !== undefined) {
    const n = Number(declared);
    return Number.isFinite(n) && n <= limit ? n : 0;
  }
  return request.headers["transfer-encoding"] !== undefined ? limit : 0;
}

/** Builds the app over a hub (not listening yet: call `listen`, or `inject` in tests). */
export async function buildApp(
  hub: Hub,
  options: AppOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.https ? { https: { ...options.https } } : {}),
    // Requests Node's parser refuses (malformed, headers or target too large, timed out)
    // get a JSON error too, without a byte of what was sent.
    clientErrorHandler: answerClientError,
    logger: false,
    bodyLimit: hub.config.limits.bodyBytes,
    // Query strings repeat no keys and carry small values; ids are long hex.
    routerOptions: { maxParamLength: 200 },
    trustProxy: false,
  });
  await app.register(websocket, {
    options: { maxPayload: 4096 },
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const { code, details, internal } = requestErrorOf(error, request);
    if (internal) {
      request.log.error(error);
      process.stderr.write(`kenges serve: ${error.stack ?? String(error)}\n`);
    }
    if (
      (code === "RATE_LIMITED" || code === "AUTH_BUSY") &&
      typeof details.retryAfter === "number"
    )
      reply.header("retry-after", String(details.retryAfter));
    reply
      .code(httpStatusFor(code))
      .send(errorBody(languageOf(request), code, details));
  });

  app.setNotFoundHandler((request, reply) => {
    if (
      (request.method === "GET" || request.method === "HEAD") &&
      !request.url.startsWith("/api/") &&
      options.webApp?.serve(request, reply)
    )
      return;
    // The path is the asker's own bytes: it is never repeated back.
    reply.code(404).send(errorBody(languageOf(request), "ROUTE_NOT_FOUND", {}));
  });

  // Before anything else: a target past the limit (Node refuses past 16 KiB itself, see
  // client-error.ts), then the request budget of the member key or the address.
  const limits: RequestLimits = {
    keyPerSecond: hub.config.limits.keyRequestsPerSecond,
    keyBurst: hub.config.limits.keyRequestBurst,
    addressPerSecond: hub.config.limits.addressRequestsPerSecond,
    addressBurst: hub.config.limits.addressRequestBurst,
  };
  // Hubs sharing a database count each client's requests together (in its tables).
  const limiter =
    hub.shared === null
      ? new RequestLimiter(limits)
      : new SharedRequestLimiter(hub.shared, limits);
  const bodies = new BodyGate(hub.config.limits.bodyBytesInFlight);
  app.addHook("onRequest", async (request, reply) => {
    if ((request.raw.url ?? "").length > hub.config.limits.urlBytes)
      throw new HubError("REQUEST_URI_TOO_LONG", {
        limit: hub.config.limits.urlBytes,
      });
    // Sign-in has budgets of its own (src/server/auth: a member's key apart from strangers per
    // address): counted here too, an abuser behind a NAT address would stop members signing in.
    // A token another process issued (or ended) is learnt before anything asks who this is.
    const token = bearerToken(request);
    if (token !== null) await hub.sessions.recall(token);
    if (!(request.raw.url ?? "").startsWith("/api/auth/")) {
      const retryAfter = await limiter.take(requestClientOf(hub, request));
      if (retryAfter !== null)
        throw new HubError("RATE_LIMITED", { retryAfter });
    }
    const length = bodyLengthOf(request);
    if (length > 0) {
      const release = bodies.hold(length);
      if (release === null) throw new HubError("HUB_BUSY", {});
      reply.raw.once("close", release);
    }
  });

  app.addHook("onSend", async (request, reply, payload) => {
    if (request.url.startsWith("/api/")) {
      reply.header("cache-control", "no-store");
      reply.header("x-content-type-options", "nosniff");
      reply.header("referrer-policy", "no-referrer");
    }
    return payload;
  });

  const routes = new ApiRoutes();
  for (const r of [
    ...hubRoutes(hub),
    ...authRoutes(hub),
    ...eventRoutes(hub),
    ...readRoutes(hub),
  ])
    routes.add(r);
  let document: unknown = null;
  routes.add(
    defineRoute({
      method: "GET",
      url: "/api/openapi.json",
      tag: "hub",
      summary: "This document.",
      auth: "none",
      responses: {
        200: {
          description: "OpenAPI 3.1",
          schema: z.record(z.string(), z.unknown()),
        },
      },
      handler: async () => document,
    }),
  );
  document = openApiDocument(routes.routes, options.version ?? "0.1.0");

  const context = (
    request: FastifyRequest,
    route: ApiRoute,
  ): RequestContext => {
    const lang = languageOf(request);
    const token = bearerToken(request);
    if (token === null) {
      if (route.auth === "required") throw new HubError("AUTH_REQUIRED", {});
      return { viewer: hub.viewer(null), lang, token };
    }
    const session = hub.sessions.session(token);
    if (session === null) throw new HubError("SESSION_UNKNOWN", {});
    return { viewer: hub.viewer(session.key), lang, token };
  };
  routes.register(app, context, options.checkAnswers ?? false);
  liveRoute(app, hub);

  for (const plugin of options.plugins ?? [])
    await app.register(plugin, { hub });
  return app;
}

export { LANGUAGES, PAGE_HEADERS };

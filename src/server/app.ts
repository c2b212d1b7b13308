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
import { isLanguage, LANGUAGES, type Language } from "../i18n/index.js";
import {
  type ApiRoute,
  ApiRoutes,
  defineRoute,
  type RequestContext,
} from "./api-route.js";
import { errorBody, httpStatusFor } from "./http-errors.js";
import type { Hub } from "./hub.js";
import { HubError } from "./hub-error.js";
import { liveRoute } from "./live/live-route.js";
import { openApiDocument } from "./openapi.js";
import { authRoutes } from "./routes/auth-routes.js";
import { eventRoutes } from "./routes/event-routes.js";
import { hubRoutes } from "./routes/hub-routes.js";
import { readRoutes } from "./routes/read-routes.js";
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

/** The language a request asks for: `?lang=`, then Accept-Language, then English. */
export function languageOf(request: FastifyRequest): Language {
  const q = (request.query as { lang?: unknown } | undefined)?.lang;
  if (typeof q === "string" && isLanguage(q)) return q;
  const header = String(request.headers["accept-language"] ?? "");
  for (const part of header.split(",")) {
    const tag = part.trim().split(";")[0]!.split("-")[0]!.toLowerCase();
    if (isLanguage(tag)) return tag;
  }
  return "en";
}

function bearer(request: FastifyRequest): string | null {
  const h = request.headers.authorization;
  if (typeof h !== "string" || !h.startsWith("Bearer ")) return null;
  return h.slice(7).trim() || null;
}

/** Builds the app over a hub (not listening yet: call `listen`, or `inject` in tests). */
export async function buildApp(
  hub: Hub,
  options: AppOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.https ? { https: { ...options.https } } : {}),
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
    const lang = languageOf(request);
    let code: string;
    let details: Record<string, unknown> = {};
    if (error instanceof HubError) {
      code = error.code;
      details = { ...error.details };
    } else if (error instanceof z.ZodError) {
      code = "REQUEST_INVALID";
      details = {
        problem:
          `${error.issues[0]?.path.join(".") ?? ""} ${error.issues[0]?.message ?? ""}`.trim(),
      };
    } else if (error.validation) {
      code = "REQUEST_INVALID";
      details = {
        problem:
          `${error.validationContext ?? "request"} ${error.validation[0]?.instancePath ?? ""} ${error.validation[0]?.message ?? ""}`.trim(),
      };
    } else if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
      code = "REQUEST_TOO_LARGE";
      details = { limit: hub.config.limits.bodyBytes };
    } else if (
      error.statusCode !== undefined &&
      error.statusCode >= 400 &&
      error.statusCode < 500
    ) {
      code = "REQUEST_INVALID";
      details = { problem: error.code ?? "bad request" };
    } else {
      code = "INTERNAL";
      request.log.error(error);
      process.stderr.write(`kenges serve: ${error.stack ?? String(error)}\n`);
    }
    const status = httpStatusFor(code);
    if (
      (code === "RATE_LIMITED" || code === "AUTH_BUSY") &&
      typeof details.retryAfter === "number"
    )
      reply.header("retry-after", String(details.retryAfter));
    reply.code(status).send(errorBody(lang, code, details));
  });

  app.setNotFoundHandler((request, reply) => {
    if (
      (request.method === "GET" || request.method === "HEAD") &&
      !request.url.startsWith("/api/") &&
      options.webApp?.serve(request, reply)
    )
      return;
    reply.code(404).send(
      errorBody(languageOf(request), "ROUTE_NOT_FOUND", {
        path: request.url.split("?")[0],
      }),
    );
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
    const token = bearer(request);
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

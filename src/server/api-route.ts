/**
 * @module One table of API routes: each is registered with Fastify and described in the
 * OpenAPI document from the same declaration, so the document cannot drift from the code.
 */
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RouteShorthandOptions,
} from "fastify";
import type { Language } from "../i18n/index.js";
import type { Viewer } from "./read/viewer.js";

/** A JSON schema (the subset Fastify validates and OpenAPI 3.1 describes). */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** What a handler knows about the request besides Fastify's request. */
export interface RequestContext {
  readonly viewer: Viewer;
  readonly lang: Language;
  /** The bearer token the request carried, if any. */
  readonly token: string | null;
}

export interface ApiRoute {
  readonly method: "GET" | "POST" | "DELETE";
  /** Fastify path syntax: `/api/bodies/:id`. */
  readonly url: string;
  readonly tag: string;
  readonly summary: string;
  /** none: anyone; optional: more with a session; required: 401 without one. */
  readonly auth: "none" | "optional" | "required";
  readonly params?: JsonSchema;
  readonly query?: JsonSchema;
  readonly body?: JsonSchema;
  /** Success responses by status, with their schema. */
  readonly responses: Readonly<
    Record<number, { description: string; schema: JsonSchema }>
  >;
  /** Error codes this route may answer with besides the common ones. */
  readonly errors?: readonly string[];
  readonly bodyLimit?: number;
  readonly handler: (
    request: FastifyRequest,
    reply: FastifyReply,
    context: RequestContext,
  ) => Promise<unknown>;
}

/** Collects routes; registers them and writes the OpenAPI document. */
export class ApiRoutes {
  readonly routes: ApiRoute[] = [];

  add(route: ApiRoute): void {
    this.routes.push(route);
  }

  /** Registers every route on the app. `context` builds the per-request context. */
  register(
    app: FastifyInstance,
    context: (request: FastifyRequest, route: ApiRoute) => RequestContext,
  ): void {
    for (const route of this.routes) {
      const schema: Record<string, unknown> = {};
      if (route.params) schema.params = route.params;
      if (route.query) schema.querystring = route.query;
      if (route.body) schema.body = route.body;
      const options: RouteShorthandOptions = { schema };
      if (route.bodyLimit) options.bodyLimit = route.bodyLimit;
      app.route({
        method: route.method,
        url: route.url,
        ...options,
        handler: async (request, reply) =>
          route.handler(request, reply, context(request, route)),
      });
    }
  }
}

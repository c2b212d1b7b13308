/**
 * @module One table of API routes: each request part and each answer is a zod schema, and
 * from that one declaration the route is registered with Fastify (its request schemas turned
 * into JSON Schema for validation), described in the OpenAPI document, typed for its handler,
 * and — when the app is built to check its answers (tests) — every answer is parsed against
 * its schema before it leaves. A handler may answer with JSON it wrote itself (`JsonAnswer`,
 * for answers built once and read by many). The document cannot drift from the code.
 */
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RouteShorthandOptions,
} from "fastify";
import { z } from "zod";
import type { Language } from "../i18n/index.js";
import { JsonAnswer } from "./json-answer.js";
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

type Shape = z.ZodObject;

/** What a handler receives: the request's parts parsed by the route's schemas. */
export interface RouteInput<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
}

export interface ApiRoute<
  P extends Shape = Shape,
  Q extends Shape = Shape,
  B extends Shape = Shape,
> {
  readonly method: "GET" | "POST" | "DELETE";
  /** Fastify path syntax: `/api/bodies/:id`. */
  readonly url: string;
  readonly tag: string;
  readonly summary: string;
  /** none: anyone; optional: more with a session; required: 401 without one. */
  readonly auth: "none" | "optional" | "required";
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  /** Success answers by status, with their schema. */
  readonly responses: Readonly<
    Record<
      number,
      {
        readonly description: string;
        readonly schema: z.ZodType;
        /** The media type when not JSON (an HTML page): the document says so. */
        readonly contentType?: string;
      }
    >
  >;
  /** Error codes this route may answer with besides the common ones. */
  readonly errors?: readonly string[];
  readonly bodyLimit?: number;
  readonly handler: (
    input: RouteInput<z.infer<P>, z.infer<Q>, z.infer<B>>,
    context: RequestContext,
    request: FastifyRequest,
    reply: FastifyReply,
  ) => Promise<unknown>;
}

/** A request part a route does not take. */
type None = z.ZodObject<Record<never, never>>;

/** Declares a route with its handler's input typed by its schemas. */
export function defineRoute<
  P extends Shape = None,
  Q extends Shape = None,
  B extends Shape = None,
>(route: ApiRoute<P, Q, B>): ApiRoute {
  return route as unknown as ApiRoute;
}

/** JSON Schema of a request part, in the draft Fastify's validator speaks. */
export function requestJsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, {
    target: "draft-7",
    io: "input",
  }) as Record<string, unknown>;
  return rest;
}

/** JSON Schema of an answer, for the OpenAPI 3.1 document. */
export function answerJsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    unrepresentable: "any",
  }) as Record<string, unknown>;
  return rest;
}

/** An answer that does not fit its route's schema: a bug in the hub, never sent. */
export class AnswerShapeError extends Error {
  constructor(
    readonly route: string,
    readonly issues: readonly z.core.$ZodIssue[],
  ) {
    super(
      `answer of ${route} does not fit its schema: ${JSON.stringify(issues.slice(0, 3))}`,
    );
    this.name = "AnswerShapeError";
  }
}

/** Collects routes; registers them and writes the OpenAPI document. */
export class ApiRoutes {
  readonly routes: ApiRoute[] = [];

  add(route: ApiRoute): void {
    this.routes.push(route);
  }

  /**
   * Registers every route on the app. `context` builds the per-request context; with
   * `checkAnswers` every answer is parsed against its schema and a misfit becomes a 500.
   */
  register(
    app: FastifyInstance,
    context: (request: FastifyRequest, route: ApiRoute) => RequestContext,
    checkAnswers = false,
  ): void {
    for (const route of this.routes) {
      const schema: Record<string, unknown> = {};
      if (route.params) schema.params = requestJsonSchema(route.params);
      if (route.query) schema.querystring = requestJsonSchema(route.query);
      if (route.body) schema.body = requestJsonSchema(route.body);
      const options: RouteShorthandOptions = { schema };
      if (route.bodyLimit) options.bodyLimit = route.bodyLimit;
      app.route({
        method: route.method,
        url: route.url,
        ...options,
        handler: async (request, reply) => {
          const input = {
            params: route.params?.parse(request.params ?? {}) ?? {},
            query: route.query?.parse(request.query ?? {}) ?? {},
            body: route.body?.parse(request.body ?? {}) ?? {},
          };
          const answer = await route.handler(
            input,
            context(request, route),
            request,
            reply,
          );
          const prepared = answer instanceof JsonAnswer;
          if (checkAnswers) {
            const status = reply.statusCode;
            const declared = route.responses[status];
            const parsed = declared?.schema.safeParse(
              prepared ? JSON.parse(answer.text) : answer,
            );
            if (parsed === undefined || !parsed.success)
              throw new AnswerShapeError(
                `${route.method} ${route.url} ${status}`,
                parsed?.error.issues ?? [],
              );
          }
          if (prepared) {
            // A string with a JSON content type is sent by Fastify as it is.
            reply.type("application/json; charset=utf-8");
            return answer.text;
          }
          return answer;
        },
      });
    }
  }
}

/**
 * @module The OpenAPI 3.1 document of the hub, written from the route table itself
 * (api-route.ts) — paths, parameters, request bodies and answers from the routes' zod
 * schemas — so every route is documented and every documented route exists.
 */

import { errorSchema } from "../api/index.js";
import {
  type ApiRoute,
  answerJsonSchema,
  type JsonSchema,
  requestJsonSchema,
} from "./api-route.js";
import { httpStatusFor } from "./http-errors.js";

/** Errors any route may answer with. */
const COMMON_ERRORS = ["REQUEST_INVALID", "RATE_LIMITED", "INTERNAL"];

function pathOf(url: string): string {
  return url.replace(/:(\w+)/g, "{$1}");
}

function parameters(route: ApiRoute): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const [where, part] of [
    ["path", route.params],
    ["query", route.query],
  ] as const) {
    const schema = part ? requestJsonSchema(part) : undefined;
    const props = (schema?.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((schema?.required ?? []) as string[]);
    for (const [name, s] of Object.entries(props))
      out.push({
        name,
        in: where,
        required: where === "path" || required.has(name),
        schema: s,
      });
  }
  return out;
}

/** The document for a set of routes. */
export function openApiDocument(
  routes: readonly ApiRoute[],
  version: string,
): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(route.responses))
      responses[status] = {
        description: r.description,
        content: {
          [r.contentType ?? "application/json"]: {
            schema: answerJsonSchema(r.schema),
          },
        },
      };
    const codes = [
      ...COMMON_ERRORS,
      ...(route.errors ?? []),
      ...(route.auth === "required"
        ? ["AUTH_REQUIRED", "SESSION_UNKNOWN"]
        : []),
      ...(route.auth === "optional" ? ["SESSION_UNKNOWN"] : []),
      ...(route.body ? ["REQUEST_TOO_LARGE"] : []),
    ];
    const byStatus = new Map<number, string[]>();
    for (const code of codes) {
      const s = httpStatusFor(code);
      byStatus.set(s, [...(byStatus.get(s) ?? []), code]);
    }
    for (const [status, list] of [...byStatus].sort((a, b) => a[0] - b[0]))
      responses[String(status)] = {
        description: `error: ${[...new Set(list)].join(", ")}`,
        content: {
          "application/json": {
            schema: { $ref: "#/components/schemas/Error" },
          },
        },
      };
    const operation: Record<string, unknown> = {
      tags: [route.tag],
      summary: route.summary,
      operationId: `${route.method.toLowerCase()}${pathOf(route.url)
        .replace(/[{}]/g, "")
        .split(/[/-]/)
        .filter(Boolean)
        .map((p) => p[0]!.toUpperCase() + p.slice(1))
        .join("")}`,
      parameters: parameters(route),
      responses,
    };
    if (route.body)
      operation.requestBody = {
        required: true,
        content: {
          "application/json": { schema: answerJsonSchema(route.body) },
        },
      };
    if (route.auth !== "none")
      operation.security =
        route.auth === "required" ? [{ bearer: [] }] : [{}, { bearer: [] }];
    const path = pathOf(route.url);
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operation;
  }
  paths["/api/live"] = {
    get: {
      tags: ["live"],
      summary:
        'WebSocket live feed. Send {"type":"auth","token":…} to hear as that key; after each commit the hub sends {"type":"changed",events,scopes,access} naming only scopes the key reads.',
      operationId: "getApiLive",
      parameters: [],
      responses: {
        "101": { description: "switching to the WebSocket protocol" },
      },
    },
  };
  return {
    openapi: "3.1.0",
    info: {
      title: "Kenges hub",
      version,
      description:
        "The hub's HTTP API: every answer comes from the scopes the proven key may read (core's readableScopes) — anything else is answered as if it did not exist — and writes are events the clients sign. See docs/api.md.",
      license: { name: "AGPL-3.0-or-later" },
    },
    paths,
    components: {
      schemas: { Error: answerJsonSchema(errorSchema) },
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          description: "a token from POST /api/auth/session",
        },
      },
    },
  };
}

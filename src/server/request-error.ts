/**
 * @module What a failed request is answered with: a stable code and details made only of
 * fixed identifiers and numbers. Nothing the client sent — path, query, header, body, not even
 * the text of a parser's message, which quotes the input — is repeated in an answer, so an
 * error page cannot be made to carry an attacker's words or script.
 */
import type { FastifyError, FastifyRequest } from "fastify";
import { z } from "zod";
import {
  isStoreFull,
  isStoreUnavailable,
  STORE_FULL,
  STORE_UNAVAILABLE,
} from "../store/index.js";
import { SyncFailure } from "../sync/index.js";
import { HubError } from "./hub-error.js";

/** A failed request's code and details. */
export interface RequestError {
  readonly code: string;
  readonly details: Record<string, unknown>;
  /** True for a bug or broken invariant (logged, answered INTERNAL). */
  readonly internal?: boolean;
}

/**
 * A path into the request, kept only where each step is a short identifier or index: steps
 * are the route schema's names, except inside records, where they would be the client's keys.
 */
function safePath(steps: readonly PropertyKey[]): string {
  return steps
    .map((s) =>
      typeof s === "number" || /^[A-Za-z][A-Za-z0-9_]{0,31}$/.test(String(s))
        ? String(s)
        : "?",
    )
    .join(".");
}

const FASTIFY_PROBLEMS: Readonly<Record<string, string>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: "json",
  FST_ERR_CTP_EMPTY_JSON_BODY: "json",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "content-length",
  FST_ERR_CTP_EMPTY_TYPE: "content-type",
  FST_ERR_CTP_INVALID_TYPE: "content-type",
};

/** The code and details for anything a route, a hook or Fastify threw. */
export function requestErrorOf(
  error: FastifyError | Error,
  request: FastifyRequest,
): RequestError {
  if (error instanceof HubError)
    return { code: error.code, details: { ...error.details } };
  if (error instanceof SyncFailure)
    return { code: error.error.code, details: { ...error.error.details } };
  // The disk (or the database's) is full: the write was refused whole, reads go on.
  if (isStoreFull(error)) return { code: STORE_FULL, details: {} };
  // No database node takes writes (a failover): nothing was acknowledged, send it again.
  if (isStoreUnavailable(error))
    return { code: STORE_UNAVAILABLE, details: {} };
  if (error instanceof z.ZodError) {
    const issue = error.issues[0];
    return {
      code: "REQUEST_INVALID",
      details: {
        problem: issue
          ? `${safePath(issue.path)} ${issue.code}`.trim()
          : "request",
      },
    };
  }
  const fastify = error as FastifyError;
  if (fastify.validation) {
    const first = fastify.validation[0];
    const steps = (first?.instancePath ?? "").split("/").filter(Boolean);
    return {
      code: "REQUEST_INVALID",
      details: {
        problem:
          `${fastify.validationContext ?? "request"} ${safePath(steps)} ${first?.keyword ?? ""}`.trim(),
      },
    };
  }
  if (fastify.code === "FST_ERR_CTP_BODY_TOO_LARGE")
    return {
      code: "REQUEST_TOO_LARGE",
      // The limit of the route asked, which is the limit that refused it.
      details: { limit: request.routeOptions.bodyLimit },
    };
  if (fastify.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE")
    return { code: "REQUEST_MEDIA_TYPE_UNSUPPORTED", details: {} };
  // JSON.parse's own SyntaxError (Fastify marks it 400) quotes the body: never sent back.
  if (error instanceof SyntaxError && fastify.statusCode === 400)
    return { code: "REQUEST_INVALID", details: { problem: "json" } };
  if (
    fastify.statusCode !== undefined &&
    fastify.statusCode >= 400 &&
    fastify.statusCode < 500
  )
    return {
      code: "REQUEST_INVALID",
      details: {
        problem:
          FASTIFY_PROBLEMS[fastify.code ?? ""] ??
          (/^FST_ERR_[A-Z_]{1,60}$/.test(fastify.code ?? "")
            ? fastify.code
            : "request"),
      },
    };
  return { code: "INTERNAL", details: {}, internal: true };
}

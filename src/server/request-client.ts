/**
 * @module Who a request counts as for the hub's per-client limits (the general request
 * limit, and the write path's refused-event and join limits).
 */
import type { FastifyRequest } from "fastify";
import type { Hub } from "./hub.js";
import type { RequestClient } from "./request-limiter.js";

/** The session token of a request's `Authorization: Bearer …` header, or null. */
export function bearerToken(request: FastifyRequest): string | null {
  const h = request.headers.authorization;
  if (typeof h !== "string" || !h.startsWith("Bearer ")) return null;
  return h.slice(7).trim() || null;
}

/**
 * Who a request counts as for the hub's per-client limits: the member key of its session
 * (a key that takes part in some body here, or a coordinator), else its address. A key
 * that is no member here counts as its address, so self-made keys buy no fresh budgets.
 */
export function requestClientOf(
  hub: Hub,
  request: FastifyRequest,
): RequestClient {
  const token = bearerToken(request);
  const key =
    token === null ? null : (hub.sessions.session(token)?.key ?? null);
  if (key !== null) {
    const viewer = hub.viewer(key);
    if (viewer.takesPart.size > 0 || viewer.coordinator)
      return { kind: "key", key };
  }
  return { kind: "address", address: request.ip };
}

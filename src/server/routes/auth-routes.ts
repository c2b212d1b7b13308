/** @module Login by signed challenge, and the key's own page. */
import { z } from "zod";
import {
  challengeSchema,
  hexIdSchema,
  meViewSchema,
  sessionSchema,
  waitingViewSchema,
} from "../../api/index.js";
import { type ApiRoute, defineRoute } from "../api-route.js";
import type { Hub } from "../hub.js";
import { HubError } from "../hub-error.js";
import { meView } from "../read/me-view.js";
import { waitingView } from "../read/waiting-view.js";

export function authRoutes(hub: Hub): ApiRoute[] {
  return [
    defineRoute({
      method: "GET",
      url: "/api/auth/challenge",
      tag: "auth",
      summary:
        "A fresh single-use challenge to sign, with the federation and hub ids the signature binds.",
      auth: "none",
      responses: {
        200: {
          description:
            "sign hubAuthMessage(federation, hub, origin, fingerprint, challenge, key)",
          schema: challengeSchema,
        },
      },
      handler: async () => ({
        ...hub.sessions.challenge(),
        federation: hub.federation,
        hub: hub.identity.hub,
      }),
    }),
    defineRoute({
      method: "POST",
      url: "/api/auth/session",
      tag: "auth",
      summary:
        "Proves a key: the Ed25519 signature of hubAuthMessage over a challenge, bound to an origin the hub answers on (a browser) or to the hub's TLS certificate fingerprint (a client that saw it). Returns a bearer token. Revoked and frozen keys are refused; sign-ins of keys that act for no member here are limited per address and for the hub.",
      auth: "none",
      bodyLimit: 4096,
      body: z
        .object({
          key: hexIdSchema,
          challenge: hexIdSchema,
          origin: z.string().max(300),
          fingerprint: z
            .string()
            .regex(/^[0-9A-Fa-f:]{64,95}$/)
            .nullable()
            .optional(),
          signature: z.string().regex(/^[0-9a-f]{128}$/),
        })
        .strict(),
      errors: [
        "AUTH_CHALLENGE_UNKNOWN",
        "AUTH_SIGNATURE_INVALID",
        "AUTH_ORIGIN_MISMATCH",
        "AUTH_FINGERPRINT_MISMATCH",
        "AUTH_KEY_REVOKED",
        "AUTH_KEY_FROZEN",
        "AUTH_BUSY",
        "RATE_LIMITED",
      ],
      responses: {
        201: {
          description: "a session, and the member the key acts for",
          schema: sessionSchema,
        },
      },
      handler: async ({ body }, _context, request, reply) => {
        // Bound to the hub's own origins and certificate: the Host header plays no part.
        const session = hub.sessions.login(body, request.ip);
        await hub.sessions.publish(session.token, body.challenge);
        reply.code(201);
        return { ...session, member: hub.viewer(body.key).member };
      },
    }),
    defineRoute({
      method: "DELETE",
      url: "/api/auth/session",
      tag: "auth",
      summary: "Ends the session of the bearer token.",
      auth: "required",
      responses: {
        200: {
          description: "ended",
          schema: z.object({ ok: z.literal(true) }),
        },
      },
      handler: async (_input, context) => {
        if (context.token) {
          await hub.sessions.logoutEverywhere(context.token);
          hub.live.endSessions([context.token]);
        }
        return { ok: true };
      },
    }),
    defineRoute({
      method: "GET",
      url: "/api/me",
      tag: "auth",
      summary:
        "Who the proven key acts for, in the scopes it reads: names, bodies, seats, the bodies it attests for, its join requests there.",
      auth: "required",
      responses: {
        200: { description: "the key's own page", schema: meViewSchema },
      },
      handler: async (_input, { viewer }) => {
        if (viewer.key === null || viewer.member === null)
          throw new HubError("AUTH_REQUIRED", {});
        return meView(hub, {
          ...viewer,
          key: viewer.key,
          member: viewer.member,
        });
      },
    }),
    defineRoute({
      method: "GET",
      url: "/api/me/waiting",
      tag: "auth",
      summary:
        "What waits for the proven key's member, in the scopes it reads: open votes not cast (council votes under a mandate with the bound choice), join requests to vouch for, calls their bodies have not answered, and each of their delegates' ballot count (which are new is the device's to say).",
      auth: "required",
      responses: {
        200: {
          description: "the list, by kind, newest first",
          schema: waitingViewSchema,
        },
      },
      handler: async (_input, { viewer }) => {
        if (viewer.key === null) throw new HubError("AUTH_REQUIRED", {});
        return waitingView(hub, { ...viewer, key: viewer.key });
      },
    }),
  ];
}

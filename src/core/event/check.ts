/**
 * @module The checks an incoming event must pass before anything is stored: federation,
 * genesis shape, known type, payload content, signature. Rejected events change nothing.
 */
import { decodeCanonical, toHex } from "../../crypto/index.js";
import type { EventHandler } from "../fold/context.js";
import {
  ANY_SCOPE_TYPES,
  FEDERATION_SCOPE_TYPES,
  SCOPE_FOUNDING_TYPES,
} from "../fold/scope-graph.js";
import { PLAN_DECLARATION_INVALID } from "../plan/model.js";
import { fail, ok, type Result } from "../result.js";
import { type SignedEvent, verifySignature } from "./signed-event.js";

export interface CheckOptions {
  /** The federation this replica holds; null when it holds nothing yet (accepts a genesis). */
  readonly federation: string | null;
  /** Skip the signature when a worker pool has verified it already. */
  readonly signatureChecked?: boolean;
  /**
   * Accept an event that arrived without its payload (a relay stripped it; the payload is
   * hashed apart from the envelope) as "payload pending": the fold keeps it without effect
   * (`PAYLOAD_MISSING`) until the payload arrives. Never for the types whose payload shapes
   * the scope graph (`PAYLOAD_REQUIRED_TYPES`), which every replica must judge alike at once.
   */
  readonly payloadPending?: boolean;
}

/** Types whose payload the scope graph reads: they are never held without it. */
export const PAYLOAD_REQUIRED_TYPES: ReadonlySet<string> = new Set([
  "federation.created",
  "body.created",
  "body.linked",
]);

/**
 * The first issue a planning schema marked PLAN_DECLARATION_INVALID (plan/model.ts), looked for
 * inside unions too (a motion's subject is one), with its full path; null when there is none.
 */
function planningIssue(
  issues: readonly unknown[],
  prefix: readonly PropertyKey[] = [],
): { path: PropertyKey[]; reason: string } | null {
  for (const raw of issues) {
    const issue = raw as {
      code: string;
      path: PropertyKey[];
      params?: { code?: string; reason?: string };
      errors?: unknown[][];
    };
    const path = [...prefix, ...issue.path];
    if (
      issue.code === "custom" &&
      issue.params?.code === PLAN_DECLARATION_INVALID
    )
      return { path, reason: issue.params.reason ?? "invalid" };
    if (issue.code === "invalid_union")
      for (const branch of issue.errors ?? []) {
        const found = planningIssue(branch, path);
        if (found !== null) return found;
      }
  }
  return null;
}

/** Checks an event against the rules that need no state (docs/events.md, "Acceptance"). */
export function checkEvent(
  event: SignedEvent,
  handlers: ReadonlyMap<string, EventHandler<unknown>>,
  options: CheckOptions,
): Result<void> {
  const env = event.envelope;
  const isGenesisType = env.type === "federation.created";
  if (env.fed === null) {
    if (!isGenesisType || env.seq !== 1 || env.deps.length > 0)
      return fail("GENESIS_INVALID", { reason: "shape" });
    if (options.federation !== null && event.id !== options.federation)
      return fail("FEDERATION_MISMATCH", {
        expected: options.federation,
        got: event.id,
      });
  } else {
    if (isGenesisType)
      return fail("GENESIS_INVALID", { reason: "has-federation" });
    const fed = toHex(env.fed);
    if (options.federation === null || fed !== options.federation)
      return fail("FEDERATION_MISMATCH", {
        expected: options.federation,
        got: fed,
      });
  }
  const handler = handlers.get(env.type);
  if (handler === undefined) return fail("TYPE_UNKNOWN", { type: env.type });
  // Which scope a type lives in is part of the format: a founding event names none (its
  // scope is its own id), revocations live in the federation scope, the rest in a body's.
  const founding = SCOPE_FOUNDING_TYPES.has(env.type);
  if (founding !== (env.scope === null))
    return fail("SCOPE_INVALID", {
      type: env.type,
      reason: founding ? "founds-a-scope" : "scope-missing",
    });
  if (founding && env.seq !== 1)
    return fail("SCOPE_INVALID", { type: env.type, reason: "seq" });
  if (env.scope !== null && !ANY_SCOPE_TYPES.has(env.type)) {
    const inFederationScope =
      env.fed !== null && toHex(env.scope) === toHex(env.fed);
    if (inFederationScope !== FEDERATION_SCOPE_TYPES.has(env.type))
      return fail("SCOPE_INVALID", {
        type: env.type,
        reason: inFederationScope ? "federation-scope" : "body-scope",
      });
  }
  if (event.payloadBytes === null) {
    const pending =
      options.payloadPending === true && !PAYLOAD_REQUIRED_TYPES.has(env.type);
    if (!handler.redactable && !pending)
      return fail("PAYLOAD_MISSING", { type: env.type });
  } else {
    const decoded = decodeCanonical(event.payloadBytes);
    if (!decoded.ok) return decoded;
    const parsed = handler.schema.safeParse(decoded.value);
    if (!parsed.success) {
      const planning = planningIssue(parsed.error.issues);
      if (planning !== null)
        return fail("PLAN_DECLARATION_INVALID", {
          type: env.type,
          path: planning.path.join("."),
          reason: planning.reason,
        });
      const issue = parsed.error.issues[0];
      if (
        issue?.code === "custom" &&
        issue.params?.code === "NAME_NOT_NORMALIZED"
      )
        return fail("NAME_NOT_NORMALIZED", {
          type: env.type,
          path: issue.path.join("."),
        });
      return fail("PAYLOAD_INVALID", {
        type: env.type,
        path: issue?.path.join(".") ?? "",
        problem: issue?.code ?? "invalid",
      });
    }
  }
  if (!options.signatureChecked && !verifySignature(event))
    return fail("SIGNATURE_INVALID", {});
  return ok(undefined);
}

/**
 * @module Replication scope: which events a peer receives. Peered hubs and the operator
 * replicate everything; a member's key reads the bodies the member belongs to, the councils
 * above them and public bodies; the public reads public bodies only — each with every causal
 * ancestor, since a replica can only fold an event whose past it holds (design.md, "Who
 * reads what"). The hub may replace this rule with its own (`SyncHubOptions.scopeFor`).
 */
import type { FoldEngine } from "../core/index.js";
import { decodeCanonical } from "../crypto/index.js";
import type { IncludeEvent } from "./replica-items.js";

/** A view for one peer: `all`, or the events a predicate admits (closed under ancestors). */
export type Scope =
  | { readonly kind: "all" }
  | {
      readonly kind: "bodies";
      /** Identifies the view for caching: the same key means the same set of bodies. */
      readonly key: string;
      readonly include: IncludeEvent;
    };

/** Every event. */
export const ALL_SCOPE: Scope = { kind: "all" };

/**
 * The body an event belongs to, from its payload: the body it names, or the body of the
 * motion, join request, call, council or comment it names; the event's own id for
 * `body.created`. Null for federation-wide events (the genesis, keys, merges).
 */
export function bodyOfEvent(
  fold: FoldEngine,
  index: number,
): string | null | undefined {
  const id = fold.index.ids[index]!;
  const type = fold.typeOf(id);
  if (type === "body.created") return id;
  const payload = fold.payloadOf(id);
  if (payload === null) return undefined;
  const decoded = decodeCanonical(payload);
  if (
    !decoded.ok ||
    decoded.value === null ||
    typeof decoded.value !== "object"
  )
    return undefined;
  const p = decoded.value as Record<string, unknown>;
  const state = fold.state;
  if (typeof p.body === "string") return p.body;
  if (typeof p.council === "string") return p.council;
  if (typeof p.motion === "string") return state.motions.get(p.motion)?.body;
  if (typeof p.request === "string")
    return (
      state.joinRequests.get(p.request)?.body ??
      state.rotationRequests.get(p.request)?.body
    );
  if (typeof p.call === "string") return state.motions.get(p.call)?.body;
  if (typeof p.target === "string") return state.commentBody.get(p.target);
  if (typeof p.event === "string") return state.commentBody.get(p.event);
  return null;
}

/** The public bodies: those whose rules say `public`. */
function publicBodies(fold: FoldEngine): Set<string> {
  const out = new Set<string>();
  for (const [id, body] of fold.state.bodies.entries())
    if (body.rules.public) out.add(id);
  return out;
}

/** The member a key acts for now (the fold's present), or the key itself. */
function memberOfKey(fold: FoldEngine, key: string): string {
  return fold.state.keys.get(key)?.member ?? key;
}

/** Bodies a member belongs to now, and every council above them (through links). */
function memberBodies(fold: FoldEngine, member: string): Set<string> {
  const state = fold.state;
  const out = new Set<string>();
  for (const m of state.memberships.values())
    if (m.member === member && m.status === "member") out.add(m.body);
  const queue = [...out];
  while (queue.length > 0) {
    const body = queue.pop()!;
    const b = state.bodies.get(body);
    if (b?.accountableTo && !out.has(b.accountableTo)) {
      out.add(b.accountableTo);
      queue.push(b.accountableTo);
    }
    for (const parent of state.bodyParents.get(body)) {
      const link = state.links.get(`${body} ${parent}`);
      if (link !== undefined && link.seats > 0 && !out.has(parent)) {
        out.add(parent);
        queue.push(parent);
      }
    }
  }
  return out;
}

/** The events of the given bodies and the federation-wide ones, with their causal past. */
export function bodiesScope(
  fold: FoldEngine,
  bodies: ReadonlySet<string>,
): Scope {
  const key = [...bodies].sort().join(",");
  return {
    kind: "bodies",
    key,
    include: (i) => {
      const body = bodyOfEvent(fold, i);
      return body === null || (body !== undefined && bodies.has(body));
    },
  };
}

/** What an outsider may read: public bodies (and the federation-wide events), with their past. */
export function publicScope(fold: FoldEngine): Scope {
  return bodiesScope(fold, publicBodies(fold));
}

/**
 * What a key may read as a member: the federation's coordinators read everything; anyone
 * else their bodies, the councils above them and public bodies, with the causal past.
 */
export function memberScope(fold: FoldEngine, key: string): Scope {
  const member = memberOfKey(fold, key);
  const founders = fold.state.federation.get("federation")?.founders ?? [];
  if (founders.includes(member)) return ALL_SCOPE;
  const bodies = memberBodies(fold, member);
  for (const b of publicBodies(fold)) bodies.add(b);
  return bodiesScope(fold, bodies);
}

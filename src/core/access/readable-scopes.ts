/**
 * @module Who reads what: the one rule that decides which scopes a reader receives, on every
 * path — HTTP reads, the live feed, sync over HTTP and WebSocket, bundles, `init --from`.
 * Receiving is reading: a reader gets whole scopes, each with every scope above it (which its
 * events may depend on), and nothing else — no event, count, fingerprint or error that tells
 * of another scope (docs/architecture.md, "Who reads what").
 */

import { NONE } from "../fold/causal-index.js";
import type { FoldEngine } from "../fold/fold.js";
import { isCoordinator } from "../member/authority.js";

/** Who asks. */
export type Reader =
  /** Anyone, with no proven key. */
  | { readonly kind: "outsider" }
  /** A proven key: a member's device. */
  | { readonly kind: "key"; readonly key: string }
  /** A peered hub (or the operator): the scopes both sides host. */
  | { readonly kind: "peer"; readonly hosts: "all" | ReadonlySet<string> };

/** The scopes a replica hosts: all it holds, or a configured list. */
export type Hosted = "all" | ReadonlySet<string>;

/** Adds to `out` every scope above `scope` (every link ever made), transitively. */
function addAbove(fold: FoldEngine, scope: string, out: Set<string>): void {
  out.add(scope);
  for (const s of fold.scopesAbove(scope)) out.add(s);
}

/**
 * Bodies anyone may read: their rules say `public`, and so do the rules of every body above
 * them (a public assembly under a private council would otherwise open the council).
 */
export function publicScopes(fold: FoldEngine): Set<string> {
  const state = fold.state;
  const out = new Set<string>();
  for (const [id, body] of state.bodies.entries()) {
    if (!body.rules.public) continue;
    if (
      fold
        .scopesAbove(id)
        .every(
          (s) =>
            s === fold.federationScope ||
            state.bodies.get(s)?.rules.public === true,
        )
    )
      out.add(id);
  }
  return out;
}

/** The members a key acts for: itself, and every member it is registered to in any scope. */
export function membersOfKey(fold: FoldEngine, key: string): Set<string> {
  const out = new Set([key]);
  for (const r of fold.state.keys.values())
    if (r.key === key) out.add(r.member);
  return out;
}

/**
 * The scopes a reader may read on this replica: the federation scope, public bodies, and —
 * for a member's key — the bodies the member belongs to (and the councils where they sit),
 * with every scope above them; a coordinator also reads every council, never the assemblies.
 * Only scopes the replica hosts are served.
 */
export function readableScopes(
  fold: FoldEngine,
  reader: Reader,
  hosted: Hosted = "all",
): Set<string> {
  const out = new Set<string>();
  const fed = fold.federationScope;
  if (fed !== null) out.add(fed);
  if (reader.kind === "peer") {
    for (const s of fold.heldScopes())
      if (reader.hosts === "all" || reader.hosts.has(s)) out.add(s);
  } else {
    for (const s of publicScopes(fold)) addAbove(fold, s, out);
    if (reader.kind === "key") {
      const state = fold.state;
      const members = membersOfKey(fold, reader.key);
      for (const m of state.memberships.values())
        if (m.status === "member" && members.has(m.member))
          addAbove(fold, m.body, out);
      for (const d of state.delegations.values())
        if (d.delegates.some((x) => members.has(x)))
          addAbove(fold, d.council, out);
      if ([...members].some((m) => isCoordinator(state, m)))
        for (const [id, body] of state.bodies.entries())
          if (body.kind === "council") addAbove(fold, id, out);
    }
  }
  if (hosted === "all") return out;
  return new Set([...out].filter((s) => s === fed || hosted.has(s)));
}

/** Codes by which the fold cuts a key's events off: a revocation, or a fork in a scope. */
const CUT_OFF_CODES = new Set(["KEY_REVOKED", "KEY_FROZEN"]);

/**
 * Events kept only for peers: those of revoked and frozen keys past their cutoff (a thief's
 * events, a forking key's), which count for nothing, minus those any other event held
 * depends on (directly or through other such events) — a reader must hold every parent of
 * what it receives, or honest descendants would be stranded. Whoever is no trusted peer
 * (`Reader` kind other than "peer") is served nothing of this set, on every path.
 */
export function withheldEvents(fold: FoldEngine): Set<string> {
  const ci = fold.index;
  const cut = new Set<number>();
  for (const [id, error] of fold.state.invalid.entries())
    if (CUT_OFF_CODES.has(error.code)) cut.add(ci.indexOf(id));
  const withheld = new Set<string>();
  if (cut.size === 0) return withheld;
  // Parents are numbered below their children: one pass from the newest marks every
  // event some kept event depends on.
  const needed = new Uint8Array(ci.size);
  for (let i = ci.size - 1; i >= 0; i--) {
    if (cut.has(i) && needed[i] === 0) {
      withheld.add(ci.ids[i]!);
      continue;
    }
    ci.forEachParent(i, (p) => {
      needed[p] = 1;
    });
  }
  return withheld;
}

/** Whether a reader of this kind is served withheld events (`withheldEvents`): peers only. */
export function isServedWithheld(reader: Reader): boolean {
  return reader.kind === "peer";
}

/**
 * True when the event is in a scope the set admits and is not withheld from the reader
 * (pass `withheldEvents(fold)` for anyone but a trusted peer).
 */
export function isReadableEvent(
  fold: FoldEngine,
  readable: ReadonlySet<string>,
  id: string,
  withheld: ReadonlySet<string> = new Set(),
): boolean {
  const i = fold.index.indexOf(id);
  return (
    i !== NONE && readable.has(fold.index.scopeIdOf(i)) && !withheld.has(id)
  );
}

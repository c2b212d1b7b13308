/**
 * @module The scope graph: which scopes exist, who founded them, and which scopes sit above
 * which. It is built from the structure of events alone — never from whether the fold judged
 * them valid — so "do this event's deps point only up?" has one answer on every replica and
 * at every time, and an event once accepted is never refused later (docs/architecture.md,
 * "Scopes").
 */
import { type CanonicalValue, decodeCanonical } from "../../crypto/index.js";
import { fail, ok, type Result } from "../result.js";
import { type CausalIndex, NONE } from "./causal-index.js";

/** Types whose event founds a scope: its scope is its own id. */
export const SCOPE_FOUNDING_TYPES: ReadonlySet<string> = new Set([
  "federation.created",
  "body.created",
]);

/** Types that live in the federation scope only. */
export const FEDERATION_SCOPE_TYPES: ReadonlySet<string> = new Set([
  "key.revoked",
]);

/** Types that may live in any scope. */
export const ANY_SCOPE_TYPES: ReadonlySet<string> = new Set(["heads.merged"]);

/** A scope sits below another from an event on: a link, or a committee's parent body. */
export interface ScopeEdge {
  /** The scope above (scope index). */
  readonly parent: number;
  /** The event that made the edge (event index). */
  readonly at: number;
}

/** What the scope graph needs of an event besides what the causal index holds. */
export interface ScopeEventInput {
  readonly type: string;
  readonly author: string;
  /** Canonical payload bytes (null when redacted). */
  readonly payload: Uint8Array | null;
}

function payloadMap(bytes: Uint8Array | null): Record<string, CanonicalValue> {
  if (bytes === null) return {};
  const d = decodeCanonical(bytes);
  if (!d.ok || d.value === null || typeof d.value !== "object") return {};
  if (Array.isArray(d.value) || d.value instanceof Uint8Array) return {};
  return d.value as Record<string, CanonicalValue>;
}

const HEX_ID = /^[0-9a-f]{64}$/;

/** The scope graph as plain data (fold-image.ts), sharing its arrays with the live graph. */
export interface ScopeGraphImage {
  readonly federationScope: number;
  readonly coordinators: Set<string>;
  readonly foundingOf: number[];
  readonly founderOf: (string | undefined)[];
  readonly councilScope: boolean[];
  readonly edgesOf: ScopeEdge[][];
  readonly belowCount: number[];
  readonly added: ({ child: number } | { founded: number } | null)[];
}

export class ScopeGraph {
  /** The federation scope (scope index), once the genesis is held. */
  federationScope = NONE;
  /** Keys named as founders in the genesis: the coordinators. */
  readonly coordinators = new Set<string>();
  /** Per scope index: the event that founded it, or NONE while not held. */
  private readonly foundingOf: number[] = [];
  /** Per scope index: the key that founded it. */
  private readonly founderOf: (string | undefined)[] = [];
  /** Per scope index: true when its founding event declares a council. */
  private readonly councilScope: boolean[] = [];
  /** Per scope index: the edges to scopes above it. */
  private readonly edgesOf: ScopeEdge[][] = [];
  /** Per scope index: how many edges lead up into it (scopes below it). */
  private readonly belowCount: number[] = [];
  /** Per event index, what it added (to take it back). */
  private readonly added: ({ child: number } | { founded: number } | null)[] =
    [];

  constructor(private readonly index: CausalIndex) {}

  /** The graph as plain data (shares its arrays with the live graph). */
  toImage(): ScopeGraphImage {
    return {
      federationScope: this.federationScope,
      coordinators: this.coordinators,
      foundingOf: this.foundingOf,
      founderOf: this.founderOf,
      councilScope: this.councilScope,
      edgesOf: this.edgesOf,
      belowCount: this.belowCount,
      added: this.added,
    };
  }

  /** A graph over `index` made from an image, which it takes over. */
  static fromImage(index: CausalIndex, image: ScopeGraphImage): ScopeGraph {
    const graph = new ScopeGraph(index);
    // The fields are readonly to the code that uses a graph; a restore fills them once.
    Object.assign(graph, image);
    return graph;
  }

  /** The event that founded a scope, or NONE. */
  founding(scope: number): number {
    return this.foundingOf[scope] ?? NONE;
  }

  /** The key that founded a scope, or undefined. */
  founder(scope: number): string | undefined {
    return this.founderOf[scope];
  }

  /** The edges from a scope to the scopes above it. */
  edges(scope: number): readonly ScopeEdge[] {
    return this.edgesOf[scope] ?? [];
  }

  /** True when some scope was ever linked below `scope`. */
  hasBelow(scope: number): boolean {
    return (this.belowCount[scope] ?? 0) > 0;
  }

  /** Every scope that was ever linked above `scope`, transitively (not itself). */
  upClosure(scope: number): Set<number> {
    const out = new Set<number>();
    const stack = [scope];
    while (stack.length > 0) {
      const s = stack.pop()!;
      for (const e of this.edges(s))
        if (!out.has(e.parent) && e.parent !== scope) {
          out.add(e.parent);
          stack.push(e.parent);
        }
    }
    return out;
  }

  /**
   * The scopes above `scope` as an event knows them: edges whose event it knows, followed
   * upward. `knows(at)` says whether the event that made an edge is in the event's past.
   */
  aboveKnown(scope: number, knows: (at: number) => boolean): Set<number> {
    const out = new Set<number>();
    const stack = [scope];
    while (stack.length > 0) {
      const s = stack.pop()!;
      for (const e of this.edges(s))
        if (!out.has(e.parent) && e.parent !== scope && knows(e.at)) {
          out.add(e.parent);
          stack.push(e.parent);
        }
    }
    return out;
  }

  /** Records what an event just added to the causal index (as index i) says about scopes. */
  record(i: number, event: ScopeEventInput): void {
    const ci = this.index;
    const scope = ci.scopeOf[i]!;
    let added: ({ child: number } | { founded: number }) | null = null;
    if (event.type === "federation.created" && this.federationScope === NONE) {
      this.federationScope = scope;
      const founders = payloadMap(event.payload).founders;
      if (Array.isArray(founders))
        for (const f of founders) {
          const key = (f as Record<string, CanonicalValue> | null)?.key;
          if (typeof key === "string") this.coordinators.add(key);
        }
      this.found(scope, i, event.author);
      added = { founded: scope };
    } else if (event.type === "body.created") {
      const p = payloadMap(event.payload);
      this.found(scope, i, event.author);
      this.councilScope[scope] = p.kind === "council";
      added = { founded: scope };
      const parent = p.accountableTo;
      if (
        p.kind === "committee" &&
        typeof parent === "string" &&
        HEX_ID.test(parent) &&
        ci.findScope(parent) !== this.federationScope
      ) {
        this.edge(scope, ci.scopeIndexOf(parent), i);
        added = { child: scope };
      }
    } else if (event.type === "body.linked") {
      const p = payloadMap(event.payload);
      const seats = p.seats;
      const child = p.child;
      if (
        typeof child === "string" &&
        HEX_ID.test(child) &&
        typeof seats === "number" &&
        seats > 0 &&
        this.mayLink(event.author, scope)
      ) {
        const c = ci.scopeIndexOf(child);
        // Nothing sits above the federation scope: every reader holds it whole, alone.
        if (c !== scope && c !== this.federationScope) {
          this.edge(c, scope, i);
          added = { child: c };
        }
      }
    }
    this.added[i] = added;
  }

  /** Takes back what the newest event recorded (the causal index removes it next). */
  unrecord(i: number): void {
    const a = this.added[i];
    this.added.length = i;
    if (!a) return;
    if ("child" in a) {
      const list = this.edgesOf[a.child]!;
      const edge = list.pop()!;
      this.belowCount[edge.parent]!--;
      // A committee's founding also founded its scope.
      if (this.foundingOf[a.child] === i) this.unfound(a.child);
    } else this.unfound(a.founded);
  }

  /**
   * A link makes an edge when a coordinator (a founder named in the genesis) signed it, in a
   * scope founded as a council: facts fixed by the log's structure, so the edge does not
   * depend on anyone's later fate (nor on whether the fold found the council's founding
   * valid — only a coordinator's key counts, whoever founded the scope).
   */
  mayLink(author: string, council: number): boolean {
    return this.coordinators.has(author) && this.councilScope[council] === true;
  }

  private found(scope: number, i: number, author: string): void {
    this.foundingOf[scope] = i;
    this.founderOf[scope] = author;
  }

  private unfound(scope: number): void {
    this.foundingOf[scope] = NONE;
    this.founderOf[scope] = undefined;
    this.councilScope[scope] = false;
    if (this.federationScope === scope) {
      this.federationScope = NONE;
      this.coordinators.clear();
    }
  }

  private edge(child: number, parent: number, at: number): void {
    let list = this.edgesOf[child];
    if (list === undefined) this.edgesOf[child] = list = [];
    list.push({ parent, at });
    this.belowCount[parent] = (this.belowCount[parent] ?? 0) + 1;
  }

  /**
   * Checks the parents of an event not yet indexed (all its parents are): its chain link
   * (same key, same scope, seq − 1, a lower kseq), a parent in its own scope (so every event
   * of a scope reaches the event that founded it), and deps only up — into its own scope,
   * the federation scope, or a scope the event's past shows above it.
   */
  checkParents(event: {
    readonly id: string;
    readonly author: string;
    readonly scope: string;
    readonly seq: number;
    readonly kseq: number;
    readonly prev: string | null;
    readonly deps: readonly string[];
    readonly type: string;
    readonly payload: Uint8Array | null;
  }): Result<void> {
    const ci = this.index;
    const founding = SCOPE_FOUNDING_TYPES.has(event.type);
    const own = ci.findScope(event.scope);
    if (event.prev !== null) {
      const p = ci.indexOf(event.prev);
      if (ci.keyHexOf(p) !== event.author)
        return fail("CHAIN_BROKEN", { prev: event.prev, reason: "author" });
      if (ci.scopeOf[p] !== own)
        return fail("CHAIN_BROKEN", { prev: event.prev, reason: "scope" });
      if (ci.seqOf[p] !== event.seq - 1)
        return fail("CHAIN_BROKEN", { prev: event.prev, reason: "seq" });
      if (ci.kseqOf[p]! >= event.kseq)
        return fail("CHAIN_BROKEN", { prev: event.prev, reason: "kseq" });
    }
    const parents: number[] = [];
    if (event.prev !== null) parents.push(ci.indexOf(event.prev));
    for (const d of event.deps) parents.push(ci.indexOf(d));
    if (!founding && !parents.some((p) => ci.scopeOf[p] === own))
      return fail("SCOPE_NOT_REACHED", { scope: event.scope });
    const fed = this.federationScope;
    // What the event will know: its parents and their pasts.
    const knows = (x: number) =>
      parents.some((p) => p === x || ci.precedes(x, p));
    let above: Set<number> | null = null;
    for (const d of event.deps) {
      const s = ci.scopeOf[ci.indexOf(d)]!;
      if (s === own || s === fed) continue;
      if (above === null) {
        if (founding) {
          // A committee's founding names the body above it.
          const parent = payloadMap(event.payload).accountableTo;
          above = new Set();
          if (typeof parent === "string" && HEX_ID.test(parent)) {
            const p = ci.findScope(parent);
            if (p !== NONE) {
              above.add(p);
              for (const x of this.aboveKnown(p, knows)) above.add(x);
            }
          }
        } else above = own === NONE ? new Set() : this.aboveKnown(own, knows);
      }
      if (!above.has(s))
        return fail("DEP_SCOPE_INVALID", {
          dep: d,
          scope: ci.scopes[s]!,
        });
    }
    return ok(undefined);
  }
}

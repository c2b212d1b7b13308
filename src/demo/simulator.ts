/**
 * @module A deterministic multi-replica author: people sign real events (format 2, in
 * scopes) on the replica of their town, whose view of the federation lags until it syncs.
 * That gives generated logs the concurrency real ones have (ballots concurrent with closes,
 * events from two towns that did not see each other) while staying reproducible from one
 * seed. A reference fold holds everything signed, so a close can state the count of its own
 * causal past and attesters can carry up exactly what their body's log implies.
 */

import {
  EVENT_HANDLERS,
  FoldEngine,
  type FoldInput,
  foldInputOf,
  type KengesError,
  keyProofMessage,
  MAX_DEPS,
  type Result,
  SCOPE_FOUNDING_TYPES,
  type SignedEvent,
  signEvent,
} from "../core/index.js";
import {
  type CanonicalValue,
  deriveKeyPair,
  type KeyPair,
  signEd25519,
  toHex,
} from "../crypto/index.js";
import { SeededRandom } from "./random.js";

/** A person in a generated federation, with the secret of every key they hold. */
export interface Person {
  readonly label: string;
  readonly name: string;
  readonly key: KeyPair;
  readonly id: string;
  /** The replica (town) whose view they act on. */
  readonly replica: string;
  /** Further device keys. */
  readonly devices: KeyPair[];
}

/** What one replica has seen: the heads of each scope, and the scope edges it knows. */
interface View {
  readonly heads: Map<string, Set<string>>;
  /** Child scope → the scopes directly above it, by edges this replica has seen made. */
  readonly edges: Map<string, Set<string>>;
}

/** How to sign one event, beyond its content. */
export interface SignOptions {
  /** Computes the payload from a draft placed where the event will be (a close states its count). */
  readonly payloadFor?: (fold: FoldEngine, draft: number) => CanonicalValue;
  /** Sign with this seq and prev instead of continuing the chain (a fork). */
  readonly fork?: { readonly seq: number; readonly prev: string | null };
}

function copyView(v: View): View {
  return {
    heads: new Map([...v.heads].map(([s, h]) => [s, new Set(h)])),
    edges: new Map([...v.edges].map(([s, p]) => [s, new Set(p)])),
  };
}

/** The id placeholder of a draft (never a real event's id). */
const DRAFT_ID = "f".repeat(64);

export class Simulator {
  readonly rng: SeededRandom;
  readonly events: SignedEvent[] = [];
  readonly people: Person[] = [];
  federation: string | null = null;
  /**
   * Partial replicas, by the scope they were made for: each holds that scope with every
   * scope above it (what a member's replica holds), folded lazily in batches when a question
   * is asked. One fold of everything would rewind every body's recent events each time a
   * quiet council's event arrives; a partial one only its own body's.
   */
  private readonly partials = new Map<
    string,
    { fold: FoldEngine; scopes: Set<string>; unfolded: FoldInput[] }
  >();
  /** Every event's fold input, in signing order. */
  private readonly inputs: FoldInput[] = [];
  /** Ids of events made invalid on purpose (a thief's ballot, a fork). */
  readonly expectedInvalid = new Set<string>();
  private readonly global: View = { heads: new Map(), edges: new Map() };
  private readonly views = new Map<string, View>();
  /** `${author} ${scope}` → the head of the key's chain in the scope. */
  private readonly chains = new Map<string, { seq: number; prev: string }>();
  private readonly kseqs = new Map<string, number>();
  private readonly scopeOfEvent = new Map<string, string>();
  clock: number;

  constructor(
    readonly seed: number,
    startTime: number,
  ) {
    this.rng = new SeededRandom(seed);
    this.clock = startTime;
  }

  /** A new person with a key derived from the seed and a running number. */
  person(name: string, replica: string): Person {
    const n = this.people.length;
    const key = deriveKeyPair(`kenges-demo-${this.seed}`, n);
    const p: Person = {
      label: `p${n}`,
      name,
      key,
      id: toHex(key.publicKey),
      replica,
      devices: [],
    };
    this.people.push(p);
    return p;
  }

  /** A further device key for a person (derived from the seed). */
  device(person: Person): KeyPair {
    const key = deriveKeyPair(
      `kenges-demo-${this.seed}-device-${person.label}`,
      person.devices.length,
    );
    person.devices.push(key);
    return key;
  }

  private view(replica: string): View {
    let v = this.views.get(replica);
    if (v === undefined) {
      v = copyView(this.global);
      this.views.set(replica, v);
    }
    return v;
  }

  /** The replica catches up with everything signed so far. */
  sync(replica: string): void {
    this.views.set(replica, copyView(this.global));
  }

  /** Every replica catches up. */
  syncAll(): void {
    for (const r of this.views.keys()) this.sync(r);
  }

  /** Advances the clock by a random number of seconds in [min, max]. */
  wait(minSeconds: number, maxSeconds: number): void {
    this.clock += this.rng.int(minSeconds, maxSeconds) * 1000;
  }

  /** The scopes above `scope` that a replica knows of, transitively. */
  private above(view: View, scope: string): string[] {
    const out = new Set<string>();
    const stack = [scope];
    while (stack.length > 0) {
      const s = stack.pop()!;
      for (const p of view.edges.get(s) ?? [])
        if (p !== scope && !out.has(p)) {
          out.add(p);
          stack.push(p);
        }
    }
    return [...out];
  }

  /** Heads a new event of `scope` names on a replica: its scope's first, then those above. */
  private wantedDeps(view: View, scope: string | null): string[] {
    const scopes = scope === null ? [] : [scope, ...this.above(view, scope)];
    if (this.federation !== null && scope !== this.federation)
      scopes.push(this.federation);
    const out: string[] = [];
    for (const s of scopes)
      for (const h of view.heads.get(s) ?? []) out.push(h);
    return out;
  }

  /**
   * Signs an event with `key` on `replica`'s view, in `scope` (null for an event founding
   * one), merging heads first when there are more than 16 (the first merge names a head of
   * the scope, so the chain reaches the scope's founding).
   */
  sign(
    key: KeyPair,
    replica: string,
    scope: string | null,
    type: string,
    payload: CanonicalValue,
    options: SignOptions = {},
  ): SignedEvent {
    const author = toHex(key.publicKey);
    const view = this.view(replica);
    const founding = SCOPE_FOUNDING_TYPES.has(type);
    if (!founding && scope === null)
      throw new Error(`demo: ${type} needs a scope`);
    let base = founding ? null : scope;
    if (type === "body.created") {
      const parent = (payload as { accountableTo?: string }).accountableTo;
      base = parent ?? null;
    }
    const chain = founding ? undefined : this.chains.get(`${author} ${scope}`);
    let seq = options.fork?.seq ?? (chain ? chain.seq + 1 : 1);
    let prev =
      options.fork !== undefined ? options.fork.prev : (chain?.prev ?? null);
    const wanted =
      type === "federation.created"
        ? []
        : [
            ...new Set(
              founding && base === null
                ? this.wantedDeps(view, null)
                : this.wantedDeps(view, base),
            ),
          ].filter((d) => d !== prev);
    if (founding && wanted.length > MAX_DEPS)
      throw new Error(`demo: ${type} would need ${wanted.length} deps`);
    let rest = wanted;
    while (rest.length > MAX_DEPS) {
      const merge = this.rawSign(
        key,
        view,
        scope,
        "heads.merged",
        {},
        rest.slice(0, MAX_DEPS),
        seq,
        prev,
      );
      rest = rest.slice(MAX_DEPS);
      prev = merge.id;
      seq++;
    }
    if (options.payloadFor) {
      const draft: FoldInput = {
        id: DRAFT_ID,
        author,
        scope: scope!,
        seq,
        kseq: (this.kseqs.get(author) ?? 0) + 1,
        prev,
        deps: [...rest].sort(),
        time: this.clock,
        type,
        payload: null,
      };
      const fold = this.foldFor(scope!);
      payload = fold.withDraft(draft, (i) => options.payloadFor!(fold, i));
    }
    return this.rawSign(key, view, scope, type, payload, rest, seq, prev);
  }

  private rawSign(
    key: KeyPair,
    view: View,
    scope: string | null,
    type: string,
    payload: CanonicalValue,
    deps: readonly string[],
    seq: number,
    prev: string | null,
  ): SignedEvent {
    this.clock += this.rng.int(2, 40) * 1000;
    const author = toHex(key.publicKey);
    const founding = SCOPE_FOUNDING_TYPES.has(type);
    const kseq = (this.kseqs.get(author) ?? 0) + 1;
    // Checked once here, so the folds need not parse the payload each time they re-apply it.
    const parsed = EVENT_HANDLERS.get(type)?.schema.safeParse(payload);
    if (!parsed?.success)
      throw new Error(
        `demo: ${type} payload does not fit its schema: ${parsed?.error.issues[0]?.message}`,
      );
    const event = signEvent(key, {
      federation: type === "federation.created" ? null : this.federation,
      scope: founding ? null : scope,
      seq,
      kseq,
      prev,
      deps,
      time: this.clock,
      type,
      payload,
    });
    const own = founding ? event.id : scope!;
    if (type === "federation.created") this.federation = event.id;
    const chainKey = `${author} ${own}`;
    const chain = this.chains.get(chainKey);
    if (chain === undefined || seq > chain.seq)
      this.chains.set(chainKey, { seq, prev: event.id });
    this.kseqs.set(author, kseq);
    this.scopeOfEvent.set(event.id, own);
    const parents = prev === null ? [...deps] : [prev, ...deps];
    for (const v of [this.global, view]) {
      let heads = v.heads.get(own);
      if (heads === undefined) v.heads.set(own, (heads = new Set()));
      for (const p of parents)
        if (this.scopeOfEvent.get(p) === own) heads.delete(p);
      heads.add(event.id);
    }
    this.recordEdge(view, type, own, payload);
    this.events.push(event);
    const input: FoldInput = { ...foldInputOf(event), checked: true };
    this.inputs.push(input);
    for (const p of this.partials.values())
      if (p.scopes.has(own)) p.unfolded.push(input);
    return event;
  }

  /** A link or a committee's founding puts one scope above another (docs/architecture.md). */
  private recordEdge(
    view: View,
    type: string,
    own: string,
    payload: CanonicalValue,
  ): void {
    const p = payload as Record<string, CanonicalValue>;
    let child: string | null = null;
    let parent: string | null = null;
    if (type === "body.linked" && typeof p.seats === "number" && p.seats > 0) {
      child = p.child as string;
      parent = own;
    } else if (type === "body.created" && typeof p.accountableTo === "string") {
      child = own;
      parent = p.accountableTo;
    }
    if (child === null || parent === null) return;
    // Partial replicas holding the child now need the scopes above the new parent too.
    for (const [scope, p] of this.partials)
      if (p.scopes.has(child)) this.partials.delete(scope);
    for (const v of [this.global, view]) {
      let set = v.edges.get(child);
      if (set === undefined) v.edges.set(child, (set = new Set()));
      set.add(parent);
    }
  }

  /**
   * A fold holding `scope` with every scope above it and the federation scope, up to date:
   * what a replica of one of the scope's members folds. By the scope purity of the fold, its
   * records of these scopes are those of a replica holding everything.
   */
  foldFor(scope: string): FoldEngine {
    let p = this.partials.get(scope);
    if (p === undefined) {
      const scopes = new Set([scope, ...this.above(this.global, scope)]);
      if (this.federation !== null) scopes.add(this.federation);
      p = {
        fold: new FoldEngine(EVENT_HANDLERS),
        scopes,
        unfolded: this.inputs.filter((e) => scopes.has(e.scope)),
      };
      this.partials.set(scope, p);
    }
    if (p.unfolded.length > 0) {
      const batch = p.unfolded;
      p.unfolded = [];
      const r = p.fold.add(batch);
      const refused = [...r.rejected][0];
      if (refused !== undefined)
        throw new Error(
          `demo: event refused: ${refused[1].code} ${JSON.stringify(refused[1].details)}`,
        );
      if (r.missing.size > 0) throw new Error("demo: an event lacks parents");
    }
    return p.fold;
  }

  /**
   * Every invalid event with its reason, scope by scope, each judged by the partial fold of
   * its own scope — which, the fold being scope-pure, judges it as a fold of everything does
   * (and costs far less than one on a large federation).
   */
  invalidEvents(): Map<string, KengesError> {
    const out = new Map<string, KengesError>();
    for (const scope of this.global.heads.keys())
      for (const [id, error] of this.foldFor(scope).state.invalid.entries())
        if (this.scopeOfEvent.get(id) === scope) out.set(id, error);
    return out;
  }

  /** The reason the fold finds a signed event invalid, or null. */
  invalidReason(id: string): KengesError | null {
    return this.foldFor(this.scopeOfEvent.get(id)!).invalidReason(id);
  }

  /** Throws when the fold found a signed event invalid (the generator's own check). */
  expectValid(event: SignedEvent): SignedEvent {
    const why = this.invalidReason(event.id);
    if (why !== null)
      throw new Error(
        `demo: ${event.envelope.type} is invalid: ${why.code} ${JSON.stringify(why.details)}`,
      );
    return event;
  }

  /** The scope of a signed event. */
  scopeOf(id: string): string | undefined {
    return this.scopeOfEvent.get(id);
  }

  /** The payload of key.added registering `device` for `owner` (also what revokes it). */
  keyAddedPayload(owner: Person, device: KeyPair): CanonicalValue {
    return {
      key: toHex(device.publicKey),
      proof: this.keyProof(owner, device),
    };
  }

  /** The device's consent to act for its owner (hex signature). */
  keyProof(owner: Person, device: KeyPair): string {
    return toHex(
      signEd25519(
        device.secretKey,
        keyProofMessage(this.federation!, owner.id, toHex(device.publicKey)),
      ),
    );
  }
}

/** The value of a result the generator knows to be ok (a failure is a bug in the generator). */
export function expectOk<T>(r: Result<T>, what: string): T {
  if (!r.ok)
    throw new Error(
      `demo: ${what}: ${r.error.code} ${JSON.stringify(r.error.details)}`,
    );
  return r.value;
}

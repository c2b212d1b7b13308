/**
 * @module Builders for tests only (never imported by src/): a federation whose members
 * sign real events with real keys, a reference replica that folds them (scope-strict: a
 * handler that asks about a scope its event cannot see throws), and helpers for the common
 * steps. Deterministic: keys come from labels, times from a counter.
 */
import {
  type BlindedToken,
  blindToken,
  finalizeToken,
  signBlindedToken,
  type TokenKeyPair,
} from "../crypto/blind-token.js";
import {
  type CanonicalValue,
  deriveKeyPair,
  fromHex,
  type KeyPair,
  signEd25519,
  toHex,
} from "../crypto/index.js";
import type { Claim } from "./attestation/model.js";
import { pendingClaims } from "./attestation/pending.js";
import { closeResultFor } from "./ballot/draft-close.js";
import { DEFAULT_RULES, type Rules } from "./body/model.js";
import { foldInputOf } from "./event/fold-input.js";
import { MAX_DEPS } from "./event/limits.js";
import {
  decodePayload,
  type SignedEvent,
  signEvent,
} from "./event/signed-event.js";
import { EVENT_HANDLERS } from "./event-handlers.js";
import { FoldEngine, type FoldInput } from "./fold/fold.js";
import { SCOPE_FOUNDING_TYPES } from "./fold/scope-graph.js";
import { planMerges } from "./heads/merge-plan.js";
import { keyProofMessage } from "./key/apply.js";
import { tokenIssuanceOf } from "./secret-ballot/audit.js";
import type { SecretMotionRecord } from "./secret-ballot/model.js";
import { secretBallotMessage } from "./secret-ballot/token-message.js";

/** Hex public key of a key pair: the member id of a member's first key. */
export function idOf(key: KeyPair): string {
  return toHex(key.publicKey);
}

/** A fresh fold that throws when a handler leaves its scope (tests only). */
export function strictFold(): FoldEngine {
  return new FoldEngine(EVENT_HANDLERS, { strictScopes: true });
}

/** A fresh replica folding the given events, rebuilt from scratch (the definition). */
export function replicaOf(events: readonly SignedEvent[]): FoldEngine {
  const fold = strictFold();
  fold.add(events.map(foldInputOf));
  fold.rebuild();
  return fold;
}

export interface SignOptions {
  /** Exact deps (default: every head of the scope and of the scopes above it). */
  readonly deps?: readonly string[];
  /** Extra deps besides the default heads (an event the new one must follow). */
  readonly after?: readonly string[];
  /** Sign with this seq/prev/kseq instead of continuing the chain (forks). */
  readonly seq?: number;
  readonly prev?: string | null;
  readonly kseq?: number;
  /** Do not fold into the reference replica (an event made on a disconnected device). */
  readonly detached?: boolean;
}

/** A registrar in tests: the member who holds it, its RSA key, and the offer that published it. */
export interface TestRegistrar {
  readonly member: KeyPair;
  readonly key: TokenKeyPair;
  readonly offer: string;
}

/** What a voter keeps between asking for tokens and casting a secret ballot. */
export interface SecretTicket {
  readonly motion: string;
  /** The one-time key that will sign the ballot (never registered anywhere). */
  readonly oneTimeKey: KeyPair;
  /** One blinded message per registrar, in the motion's order, with its unblinding secret. */
  readonly blinded: readonly BlindedToken[];
  /** The `token.requested` event, once signed. */
  readonly request: SignedEvent | null;
}

/** The scope id of an event signed by these builders: null for one that founds a scope. */
type ScopeArg = string | null;

export class TestFederation {
  /** The reference replica: holds every event not signed detached. */
  readonly fold = strictFold();
  /** Every event signed, in signing order. */
  readonly events: SignedEvent[] = [];
  readonly federation: string;
  readonly founders: KeyPair[];
  /** `${key} ${scope}` → the chain's head. */
  private readonly chains = new Map<string, { seq: number; prev: string }>();
  /** key → the highest kseq it signed. */
  private readonly kseqs = new Map<string, number>();
  private clock = Date.UTC(2026, 10, 1);
  /** Tickets prepared so far: each default one-time key is a new one. */
  private tickets = 0;

  constructor(options: { founders?: number; label?: string } = {}) {
    const label = options.label ?? "test";
    this.founders = Array.from({ length: options.founders ?? 1 }, (_, i) =>
      deriveKeyPair(`${label}-founder`, i),
    );
    const genesis = this.sign(this.founders[0]!, null, "federation.created", {
      name: { en: "Test Federation", kk: "Сынақ федерациясы" },
      founders: this.founders.map((k, i) => ({
        key: idOf(k),
        name: `Founder ${i}`,
      })),
    });
    this.federation = genesis.id;
  }

  /** A deterministic key for a label. */
  key(label: string, index = 0): KeyPair {
    return deriveKeyPair(label, index);
  }

  /**
   * The heads an event of `scope` depends on by default: the scope's own, and those of the
   * federation scope and every scope linked above it. For a founding event, the federation
   * scope's and (for a committee) its parent body's and the scopes above that.
   */
  defaultDeps(scope: ScopeArg, payload: CanonicalValue): string[] {
    const fold = this.fold;
    const scopes = new Set<string>();
    if (this.federation !== undefined) scopes.add(this.federation);
    if (scope !== null) {
      scopes.add(scope);
      for (const s of fold.scopesAbove(scope)) scopes.add(s);
    } else {
      const parent = (payload as { accountableTo?: string } | null)
        ?.accountableTo;
      if (typeof parent === "string") {
        scopes.add(parent);
        for (const s of fold.scopesAbove(parent)) scopes.add(s);
      }
    }
    const deps: string[] = [];
    for (const s of scopes) deps.push(...fold.headsOf(s));
    return [...new Set(deps)].sort();
  }

  /** The deps an event of `scope` names by default (see defaultDeps): "the heads" it has seen. */
  heads(scope: string): string[] {
    return this.defaultDeps(scope, null);
  }

  /** Signs an event in a scope, continuing the key's chain there; folds it unless detached. */
  sign(
    key: KeyPair,
    scope: ScopeArg,
    type: string,
    payload: CanonicalValue,
    options: SignOptions = {},
  ): SignedEvent {
    const author = idOf(key);
    const chainKey = `${author} ${scope ?? "new"}`;
    const chain = scope === null ? undefined : this.chains.get(chainKey);
    const seq = options.seq ?? (chain ? chain.seq + 1 : 1);
    const prev =
      options.prev !== undefined ? options.prev : (chain?.prev ?? null);
    let deps = options.deps
      ? [...options.deps]
      : [...this.defaultDeps(scope, payload), ...(options.after ?? [])];
    deps = [...new Set(deps)].filter((d) => d !== prev).sort();
    if (!options.deps && deps.length > MAX_DEPS && scope !== null) {
      const { merges, deps: rest } = planMerges(
        deps,
        prev,
        prev === null ? this.fold.headsOf(scope) : [],
      );
      let mPrev = prev;
      let mSeq = seq;
      for (const m of merges) {
        const merge = this.rawSign(
          key,
          scope,
          "heads.merged",
          {},
          mSeq,
          mPrev,
          m,
          options,
        );
        mPrev = merge.id;
        mSeq++;
      }
      return this.rawSign(
        key,
        scope,
        type,
        payload,
        mSeq,
        mPrev,
        rest,
        options,
      );
    }
    if (deps.length > MAX_DEPS) deps = deps.slice(-MAX_DEPS);
    return this.rawSign(key, scope, type, payload, seq, prev, deps, options);
  }

  private rawSign(
    key: KeyPair,
    scope: ScopeArg,
    type: string,
    payload: CanonicalValue,
    seq: number,
    prev: string | null,
    deps: readonly string[],
    options: SignOptions,
  ): SignedEvent {
    this.clock += 1000;
    const author = idOf(key);
    const kseq = options.kseq ?? (this.kseqs.get(author) ?? 0) + 1;
    const event = signEvent(key, {
      federation: type === "federation.created" ? null : this.federation,
      scope: SCOPE_FOUNDING_TYPES.has(type) ? null : scope,
      seq,
      kseq,
      prev,
      deps,
      time: this.clock,
      type,
      payload,
    });
    const own = SCOPE_FOUNDING_TYPES.has(type) ? event.id : scope!;
    const chainKey = `${author} ${own}`;
    const chain = this.chains.get(chainKey);
    if (!chain || seq > chain.seq)
      this.chains.set(chainKey, { seq, prev: event.id });
    if (kseq > (this.kseqs.get(author) ?? 0)) this.kseqs.set(author, kseq);
    this.events.push(event);
    if (!options.detached) {
      const r = this.fold.add([foldInputOf(event)]);
      const refused = r.rejected.get(event.id);
      if (refused)
        throw new Error(
          `test federation: ${type} refused: ${refused.code} ${JSON.stringify(refused.details)}`,
        );
    }
    return event;
  }

  /** Signs with an explicit claimed time (the clock is only a claim; tests of days need it). */
  signAt(
    key: KeyPair,
    scope: ScopeArg,
    type: string,
    payload: CanonicalValue,
    time: number,
    options: SignOptions = {},
  ): SignedEvent {
    const saved = this.clock;
    this.clock = time - 1000;
    try {
      return this.sign(key, scope, type, payload, options);
    } finally {
      this.clock = Math.max(saved, time);
    }
  }

  /**
   * Takes in events that another TestFederation of the same label signed (a base built once
   * and shared, as a benchmark's workers do): folds those not held yet and continues their
   * authors' chains, key counters and the clock after them, as if this federation had signed
   * them.
   */
  adopt(events: readonly SignedEvent[]): void {
    const fresh = events.filter((e) => this.fold.scopeOf(e.id) === null);
    for (const e of fresh) {
      const author = toHex(e.envelope.author);
      const own = e.envelope.scope === null ? e.id : toHex(e.envelope.scope);
      const chainKey = `${author} ${own}`;
      const chain = this.chains.get(chainKey);
      if (!chain || e.envelope.seq > chain.seq)
        this.chains.set(chainKey, { seq: e.envelope.seq, prev: e.id });
      if (e.envelope.kseq > (this.kseqs.get(author) ?? 0))
        this.kseqs.set(author, e.envelope.kseq);
      this.clock = Math.max(this.clock, e.envelope.time);
      this.events.push(e);
    }
    this.fold.add(fresh.map(foldInputOf));
  }

  /** Folds events signed detached (made on a disconnected device) into the reference replica. */
  deliver(events: readonly SignedEvent[]): void {
    this.fold.add(events.map(foldInputOf));
  }

  /**
   * Creates a body chaired by the key. The founder of an assembly is its first member; the
   * founder of a council or committee convenes it without a vote (coordinating is not voting).
   */
  createBody(
    key: KeyPair,
    payload: {
      kind?: "assembly" | "committee" | "council";
      name?: string;
      setting?: string;
      level?: string;
      accountableTo?: string;
      rules?: Partial<Rules>;
    } = {},
  ): string {
    const kind = payload.kind ?? "assembly";
    return this.sign(key, null, "body.created", {
      name: { en: payload.name ?? "Assembly" },
      kind,
      setting:
        kind === "assembly" ? (payload.setting ?? "workplace") : undefined,
      level: kind === "council" ? (payload.level ?? "municipal") : undefined,
      accountableTo: payload.accountableTo,
      rules: {
        ...DEFAULT_RULES,
        ...payload.rules,
      } as unknown as CanonicalValue,
      founderName: `Founder of ${payload.name ?? "Assembly"}`,
    } as CanonicalValue).id;
  }

  /**
   * Links `child` under `council` with its card, seats and attesters (signed by `by`: a
   * coordinator).
   */
  link(
    by: KeyPair,
    council: string,
    child: string,
    options: {
      seats?: number;
      attesters?: readonly KeyPair[];
      threshold?: number;
      name?: string;
      kind?: "assembly" | "committee" | "council";
    } = {},
  ): SignedEvent {
    const seats = options.seats ?? 1;
    const attesters = (options.attesters ?? []).map(idOf);
    return this.sign(
      by,
      council,
      "body.linked",
      seats === 0
        ? { child, seats }
        : {
            child,
            seats,
            card: {
              name: { en: options.name ?? "A body below" },
              kind: options.kind ?? "assembly",
              ...(options.kind === "council"
                ? { level: "municipal" }
                : options.kind === "committee"
                  ? {}
                  : { setting: "workplace" }),
            },
            attesters,
            threshold: options.threshold ?? 1,
          },
    );
  }

  /** Makes `newcomer` a member of `body`: a join request endorsed by `endorsers`. */
  admit(
    body: string,
    newcomer: KeyPair,
    endorsers: readonly KeyPair[],
    name = "Member",
  ): string {
    const request = this.sign(newcomer, body, "member.join-requested", {
      name,
    }).id;
    for (const e of endorsers)
      this.sign(e, body, "member.admission-endorsed", { request });
    return request;
  }

  /** Opens a yes/no/abstain motion and returns its id. */
  openMotion(
    key: KeyPair,
    body: string,
    extra: Record<string, CanonicalValue> = {},
  ): string {
    return this.sign(key, body, "motion.opened", {
      kind: "resolution",
      title: { en: "A motion" },
      text: { en: "We resolve to act." },
      ...extra,
    }).id;
  }

  /** Casts a ballot in the motion's body. */
  vote(
    key: KeyPair,
    motion: string,
    choice: CanonicalValue = { vote: "yes" },
    options: SignOptions = {},
  ): SignedEvent {
    return this.sign(
      key,
      this.bodyOf(motion),
      "ballot.cast",
      { motion, choice },
      options,
    );
  }

  /** The body (scope) of a held motion (its event's scope, even when it was invalid). */
  bodyOf(motion: string): string {
    const scope = this.fold.scopeOf(motion);
    if (scope === null) throw new Error(`test federation: no motion ${motion}`);
    return scope;
  }

  /**
   * Closes a motion, stating the result its count gives in the close's causal past (as a
   * client does: the count is taken on a draft with the same deps).
   */
  close(
    chair: KeyPair,
    motion: string,
    options: SignOptions & { result?: CanonicalValue } = {},
  ): SignedEvent {
    const scope = this.bodyOf(motion);
    if (options.deps === undefined) this.mergeHeads(chair, scope, options);
    const result =
      options.result ?? this.countFor(chair, scope, motion, options);
    return this.sign(chair, scope, "vote.closed", { motion, result }, options);
  }

  /** Signs `heads.merged` events until an event of the scope needs at most 16 deps. */
  mergeHeads(key: KeyPair, scope: string, options: SignOptions = {}): void {
    for (;;) {
      const prev = this.chains.get(`${idOf(key)} ${scope}`)?.prev ?? null;
      const deps = [
        ...this.defaultDeps(scope, null),
        ...(options.after ?? []),
      ].filter((d) => d !== prev);
      if (new Set(deps).size <= MAX_DEPS) return;
      this.sign(
        key,
        scope,
        "heads.merged",
        {},
        {
          deps: [...new Set(deps)].sort().slice(0, MAX_DEPS),
          detached: options.detached,
        },
      );
    }
  }

  /** The result a close by `chair` with these options would have to state. */
  countFor(
    chair: KeyPair,
    scope: string,
    motion: string,
    options: SignOptions = {},
  ): CanonicalValue {
    const author = idOf(chair);
    const chain = this.chains.get(`${author} ${scope}`);
    const prev =
      options.prev !== undefined ? options.prev : (chain?.prev ?? null);
    let deps = options.deps
      ? [...options.deps]
      : [...this.defaultDeps(scope, null), ...(options.after ?? [])];
    deps = [...new Set(deps)].filter((d) => d !== prev).sort();
    const draft: FoldInput = {
      id: "f".repeat(64),
      author,
      scope,
      seq: options.seq ?? (chain ? chain.seq + 1 : 1),
      kseq: (this.kseqs.get(author) ?? 0) + 1,
      prev,
      deps,
      time: this.clock,
      type: "vote.closed",
      payload: null,
    };
    const r = this.fold.withDraft(draft, (i) =>
      closeResultFor(this.fold, motion, i),
    );
    // A motion that cannot be counted (unknown, invalid): the close will be judged invalid anyway.
    return r.ok ? (r.value as CanonicalValue) : { outcome: "no-quorum" };
  }

  /** An attester of `body` signs a claim about it in `council`. */
  attest(
    attester: KeyPair,
    council: string,
    body: string,
    claim: Claim,
    options: SignOptions = {},
  ): SignedEvent {
    return this.sign(
      attester,
      council,
      "attestation.made",
      { body, claim } as unknown as CanonicalValue,
      options,
    );
  }

  /**
   * Seats `delegate` for `body` on `council` the ordinary way: the body elects them (its
   * chair opens and closes the election, every voter approves them) and each of the body's
   * attesters signs every claim about it pending on the council, the election among them.
   * Coordinating is not voting: a council's voters are the delegates seated like this.
   * Returns the close of the election.
   */
  seatDelegate(options: {
    body: string;
    council: string;
    chair: KeyPair;
    voters: readonly KeyPair[];
    delegate: KeyPair;
    attesters: readonly KeyPair[];
  }): SignedEvent {
    const { body, council, chair, voters, delegate, attesters } = options;
    const motion = this.sign(chair, body, "motion.opened", {
      kind: "election",
      title: { en: "Delegate" },
      text: { en: "Who goes to the council." },
      method: "approval",
      options: [{ label: "Delegate", member: idOf(delegate) }],
      seats: 1,
      subject: { kind: "election", role: "delegate", council },
    }).id;
    for (const v of voters) this.vote(v, motion, { approve: [0] });
    const close = this.close(chair, motion);
    const claims = pendingClaims(this.fold, body, council).map((p) => p.claim);
    for (const a of attesters)
      for (const claim of claims) this.attest(a, council, body, claim);
    return close;
  }

  /** `member` offers a registrar key for a secret motion in `body` (registrar.offered). */
  offerRegistrar(
    member: KeyPair,
    body: string,
    key: TokenKeyPair,
    options: SignOptions = {},
  ): TestRegistrar {
    const offer = this.sign(
      member,
      body,
      "registrar.offered",
      { key: toHex(key.publicKey) },
      options,
    ).id;
    return { member, key, offer };
  }

  /** Opens a secret yes/no/abstain motion (or any kind, through `extra`) citing the offers. */
  openSecretMotion(
    key: KeyPair,
    body: string,
    registrars: readonly (TestRegistrar | string)[],
    extra: Record<string, CanonicalValue> = {},
  ): string {
    const offers = registrars.map((r) => (typeof r === "string" ? r : r.offer));
    return this.openMotion(key, body, {
      ...extra,
      secret: { registrars: offers },
    });
  }

  /** The secret motion as the reference replica holds it (throws for another motion). */
  secretMotion(motion: string): SecretMotionRecord {
    const secret = this.fold.state.secretMotions.get(motion);
    if (secret === undefined)
      throw new Error(`test federation: ${motion} is not a secret motion`);
    return secret;
  }

  /**
   * A voter's ticket for a secret motion, not yet asked for: a fresh one-time key (derived
   * from `label`, so tests repeat) and one blinded message per registrar key. Asynchronous:
   * blinding goes through WebCrypto.
   */
  async prepareTicket(
    motion: string,
    label = `one-time ${this.tickets++}`,
  ): Promise<SecretTicket> {
    const oneTimeKey = deriveKeyPair(label, 0);
    const message = secretBallotMessage(motion, idOf(oneTimeKey));
    const blinded: BlindedToken[] = [];
    for (const r of this.secretMotion(motion).registrars)
      blinded.push(await blindToken(fromHex(r.key)!, message));
    return { motion, oneTimeKey, blinded, request: null };
  }

  /** `voter` asks the motion's registrars for tokens (token.requested) with a ticket. */
  async requestTokens(
    voter: KeyPair,
    motion: string,
    options: SignOptions & { ticket?: SecretTicket } = {},
  ): Promise<SecretTicket> {
    const ticket = options.ticket ?? (await this.prepareTicket(motion));
    const request = this.sign(
      voter,
      this.bodyOf(motion),
      "token.requested",
      { motion, blinded: ticket.blinded.map((b) => toHex(b.blinded)) },
      options,
    );
    return { ...ticket, request };
  }

  /**
   * The registrar blind-signs its message of a request (token.issued), whether or not the
   * fold found the request valid (a rogue registrar's issuance is judged by the fold).
   */
  async issueTokens(
    registrar: TestRegistrar,
    request: SignedEvent,
    options: SignOptions = {},
  ): Promise<SignedEvent> {
    const payload = decodePayload(request);
    if (!payload.ok || payload.value === null)
      throw new Error("test federation: the request has no payload");
    const { motion, blinded } = payload.value as {
      motion: string;
      blinded: string[];
    };
    const place = this.secretMotion(motion).registrars.findIndex(
      (r) => r.offer === registrar.offer,
    );
    const message = blinded[Math.max(0, place)]!;
    const signature = await signBlindedToken(registrar.key, fromHex(message)!);
    return this.sign(
      registrar.member,
      this.bodyOf(motion),
      "token.issued",
      { request: request.id, signature: toHex(signature) },
      options,
    );
  }

  /**
   * The tokens of a ticket: each registrar's valid issuance on its request, unblinded.
   * Throws when a registrar has issued none.
   */
  async finalizeTokens(ticket: SecretTicket): Promise<string[]> {
    if (ticket.request === null)
      throw new Error("test federation: the ticket was never requested");
    const tokens: string[] = [];
    const registrars = this.secretMotion(ticket.motion).registrars;
    const message = secretBallotMessage(ticket.motion, idOf(ticket.oneTimeKey));
    for (let i = 0; i < registrars.length; i++) {
      const issued = tokenIssuanceOf(this.fold.state, ticket.request.id, i);
      if (issued === null)
        throw new Error(`test federation: registrar ${i} issued no token`);
      const token = await finalizeToken(
        fromHex(registrars[i]!.key)!,
        message,
        fromHex(issued)!,
        ticket.blinded[i]!,
      );
      tokens.push(toHex(token));
    }
    return tokens;
  }

  /**
   * Casts a secret ballot with a ticket: the one-time key signs `ballot.secret` with the
   * envelope the rule asks (seq 1, kseq 1, no prev, deps only the opening, the opening's
   * time) unless `options` say otherwise; tokens are the ticket's unless given.
   */
  async castSecret(
    ticket: SecretTicket,
    choice: CanonicalValue,
    options: SignOptions & { tokens?: readonly string[]; time?: number } = {},
  ): Promise<SignedEvent> {
    const tokens = options.tokens ?? (await this.finalizeTokens(ticket));
    const opened = this.fold.timeOf(ticket.motion);
    if (opened === null)
      throw new Error(`test federation: no motion ${ticket.motion}`);
    return this.signAt(
      ticket.oneTimeKey,
      this.bodyOf(ticket.motion),
      "ballot.secret",
      { motion: ticket.motion, choice, tokens: [...tokens] },
      options.time ?? opened,
      {
        seq: 1,
        prev: null,
        kseq: 1,
        deps: [ticket.motion],
        ...options,
      },
    );
  }

  /** The payload of a key.added event that registers `device` for `owner`. */
  keyAddedPayload(owner: KeyPair, device: KeyPair): CanonicalValue {
    const proof = signEd25519(
      device.secretKey,
      keyProofMessage(this.federation, idOf(owner), idOf(device)),
    );
    return { key: idOf(device), proof: toHex(proof) };
  }
}

/** Where a replica's state differs from the full replica's rebuild. */
export interface ReplicaDisagreement {
  /** "reversed", "by-id", or the scope a partial replica was made for. */
  readonly replica: string;
  readonly scope: string | null;
  readonly expected: string | undefined;
  readonly actual: string;
}

/**
 * Folds the events as many replicas would — delivered one by one in reverse and in id
 * order, and for each scope, as the partial replica of a reader of that scope (the scope,
 * the scopes above it and the federation scope) — and lists every state or scope hash that
 * differs from the full rebuild. Every fold is scope-strict.
 */
export function replicasAgree(events: readonly SignedEvent[]): {
  reference: FoldEngine;
  disagreements: ReplicaDisagreement[];
} {
  const reference = replicaOf(events);
  const disagreements: ReplicaDisagreement[] = [];
  for (const [name, order] of [
    ["reversed", [...events].reverse()],
    ["by-id", [...events].sort((x, y) => (x.id < y.id ? -1 : 1))],
  ] as const) {
    const f = strictFold();
    deliverOneByOne(f, order);
    if (f.stateHash() !== reference.stateHash())
      disagreements.push({
        replica: name,
        scope: null,
        expected: reference.stateHash(),
        actual: f.stateHash(),
      });
  }
  const full = reference.scopeHashes();
  const fed = reference.federationScope!;
  for (const scope of reference.heldScopes()) {
    const closure = new Set([scope, fed, ...reference.scopesAbove(scope)]);
    const partial = strictFold();
    deliverOneByOne(
      partial,
      [...events]
        .reverse()
        .filter((e) => closure.has(reference.scopeOf(e.id)!)),
    );
    for (const [s, hash] of partial.scopeHashes())
      if (hash !== full.get(s))
        disagreements.push({
          replica: scope,
          scope: s,
          expected: full.get(s),
          actual: hash,
        });
  }
  return { reference, disagreements };
}

/** Parses hex that the test knows to be valid. */
export function hex(bytes: string): Uint8Array {
  return fromHex(bytes)!;
}

/**
 * Delivers events one at a time in the given order, holding back those whose parents
 * have not arrived (as a replica's quarantine does) and releasing them when they can fold.
 */
export function deliverOneByOne(
  fold: FoldEngine,
  events: readonly SignedEvent[],
): void {
  // Held events by a parent they wait for; an event is retried when that parent arrives.
  const waiting = new Map<string, SignedEvent[]>();
  let held = 0;
  const deliver = (e: SignedEvent): void => {
    const r = fold.add([foldInputOf(e)]);
    const missing = r.missing.get(e.id);
    if (missing !== undefined) {
      held++;
      const parent = missing[0]!;
      const list = waiting.get(parent);
      if (list === undefined) waiting.set(parent, [e]);
      else list.push(e);
      return;
    }
    const released = waiting.get(e.id);
    if (released === undefined) return;
    waiting.delete(e.id);
    held -= released.length;
    for (const w of released) deliver(w);
  };
  for (const e of events) deliver(e);
  if (held > 0) throw new Error(`${held} events never found their parents`);
}

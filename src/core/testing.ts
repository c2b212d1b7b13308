/**
 * @module Builders for tests only (never imported by src/): a federation whose members
 * sign real events with real keys, a reference replica that folds them, and helpers for
 * the common steps. Deterministic: keys come from labels, times from a counter.
 */
import {
  type CanonicalValue,
  deriveKeyPair,
  fromHex,
  type KeyPair,
  signEd25519,
  toHex,
} from "../crypto/index.js";
import { DEFAULT_RULES, type Rules } from "./body/model.js";
import { foldInputOf } from "./event/fold-input.js";
import { type SignedEvent, signEvent } from "./event/signed-event.js";
import { EVENT_HANDLERS } from "./event-handlers.js";
import { FoldEngine } from "./fold/fold.js";
import { planMerges } from "./heads/merge-plan.js";
import { keyProofMessage } from "./key/apply.js";

/** Hex public key of a key pair: the member id of a member's first key. */
export function idOf(key: KeyPair): string {
  return toHex(key.publicKey);
}

/** A fresh replica folding the given events, rebuilt from scratch (the definition). */
export function replicaOf(events: readonly SignedEvent[]): FoldEngine {
  const fold = new FoldEngine(EVENT_HANDLERS);
  fold.add(events.map(foldInputOf));
  fold.rebuild();
  return fold;
}

export interface SignOptions {
  /** Exact deps (default: every head the reference replica holds). */
  readonly deps?: readonly string[];
  /** Sign with this seq/prev instead of continuing the chain (forks). */
  readonly seq?: number;
  readonly prev?: string | null;
  /** Do not fold into the reference replica (an event made on a disconnected device). */
  readonly detached?: boolean;
}

export class TestFederation {
  /** The reference replica: holds every event not signed detached. */
  readonly fold = new FoldEngine(EVENT_HANDLERS);
  /** Every event signed, in signing order. */
  readonly events: SignedEvent[] = [];
  readonly federation: string;
  readonly founders: KeyPair[];
  private readonly chains = new Map<string, { seq: number; prev: string }>();
  private clock = Date.UTC(2026, 10, 1);

  constructor(options: { founders?: number; label?: string } = {}) {
    const label = options.label ?? "test";
    this.founders = Array.from({ length: options.founders ?? 1 }, (_, i) =>
      deriveKeyPair(`${label}-founder`, i),
    );
    const genesis = this.sign(this.founders[0]!, "federation.created", {
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

  /** Signs an event, continuing the key's chain; folds it into the reference replica unless detached. */
  sign(
    key: KeyPair,
    type: string,
    payload: CanonicalValue,
    options: SignOptions = {},
  ): SignedEvent {
    const author = idOf(key);
    const chain = this.chains.get(author);
    const seq = options.seq ?? (chain ? chain.seq + 1 : 1);
    const prev =
      options.prev !== undefined ? options.prev : (chain?.prev ?? null);
    let deps = options.deps ? [...options.deps] : this.fold.heads();
    if (!options.deps && deps.length > 16) {
      const { merges, deps: rest } = planMerges(deps, prev);
      let mPrev = prev;
      let mSeq = seq;
      for (const m of merges) {
        const merge = this.rawSign(
          key,
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
      return this.rawSign(key, type, payload, mSeq, mPrev, rest, options);
    }
    deps = deps.filter((d) => d !== prev);
    return this.rawSign(key, type, payload, seq, prev, deps, options);
  }

  private rawSign(
    key: KeyPair,
    type: string,
    payload: CanonicalValue,
    seq: number,
    prev: string | null,
    deps: readonly string[],
    options: SignOptions,
  ): SignedEvent {
    this.clock += 1000;
    const event = signEvent(key, {
      federation: type === "federation.created" ? null : this.federation,
      seq,
      prev,
      deps,
      time: this.clock,
      type,
      payload,
    });
    const author = idOf(key);
    const chain = this.chains.get(author);
    if (!chain || seq > chain.seq)
      this.chains.set(author, { seq, prev: event.id });
    this.events.push(event);
    if (!options.detached) this.fold.add([foldInputOf(event)]);
    return event;
  }

  /** Signs with an explicit claimed time (the clock is only a claim; tests of days need it). */
  signAt(
    key: KeyPair,
    type: string,
    payload: CanonicalValue,
    time: number,
    options: SignOptions = {},
  ): SignedEvent {
    const saved = this.clock;
    this.clock = time - 1000;
    try {
      return this.sign(key, type, payload, options);
    } finally {
      this.clock = Math.max(saved, time);
    }
  }

  /** Folds events signed detached (made on a disconnected device) into the reference replica. */
  deliver(events: readonly SignedEvent[]): void {
    this.fold.add(events.map(foldInputOf));
  }

  /** Creates a body; the key becomes its first member and chair. */
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
    return this.sign(key, "body.created", {
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
    }).id;
  }

  /** Makes `newcomer` a member of `body`: a join request endorsed by `endorsers`. */
  admit(
    body: string,
    newcomer: KeyPair,
    endorsers: readonly KeyPair[],
    name = "Member",
  ): string {
    const request = this.sign(newcomer, "member.join-requested", {
      body,
      name,
    }).id;
    for (const e of endorsers)
      this.sign(e, "member.admission-endorsed", { request });
    return request;
  }

  /** Opens a yes/no/abstain motion and returns its id. */
  openMotion(
    key: KeyPair,
    body: string,
    extra: Record<string, CanonicalValue> = {},
  ): string {
    return this.sign(key, "motion.opened", {
      body,
      kind: "resolution",
      title: { en: "A motion" },
      text: { en: "We resolve to act." },
      ...extra,
    }).id;
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
  let held: SignedEvent[] = [];
  for (const e of events) {
    const r = fold.add([foldInputOf(e)]);
    if (r.missing.size > 0) held.push(e);
    else if (held.length > 0) {
      let progress = true;
      while (progress) {
        progress = false;
        const still: SignedEvent[] = [];
        for (const h of held) {
          const rr = fold.add([foldInputOf(h)]);
          if (rr.missing.size > 0) still.push(h);
          else progress = true;
        }
        held = still;
      }
    }
  }
  if (held.length > 0)
    throw new Error(`${held.length} events never found their parents`);
}

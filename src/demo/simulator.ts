/**
 * @module A deterministic multi-replica author: people sign real events on the replica of
 * their town, whose view of the federation lags until it syncs. That gives generated logs
 * the concurrency real ones have (ballots concurrent with closes, events from two towns
 * that did not see each other) while staying reproducible from one seed.
 */

import {
  keyProofMessage,
  planMerges,
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

interface Chain {
  seq: number;
  prev: string;
}

export class Simulator {
  readonly rng: SeededRandom;
  readonly events: SignedEvent[] = [];
  readonly people: Person[] = [];
  federation: string | null = null;
  private readonly globalHeads = new Set<string>();
  private readonly replicaHeads = new Map<string, Set<string>>();
  private readonly chains = new Map<string, Chain>();
  private readonly parentsOf = new Map<string, readonly string[]>();
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

  private heads(replica: string): Set<string> {
    let h = this.replicaHeads.get(replica);
    if (h === undefined) {
      h = new Set(this.globalHeads);
      this.replicaHeads.set(replica, h);
    }
    return h;
  }

  /** The replica catches up with everything signed so far. */
  sync(replica: string): void {
    this.replicaHeads.set(replica, new Set(this.globalHeads));
  }

  /** Every replica catches up. */
  syncAll(): void {
    for (const r of this.replicaHeads.keys()) this.sync(r);
  }

  /** Advances the clock by a random number of seconds in [min, max]. */
  wait(minSeconds: number, maxSeconds: number): void {
    this.clock += this.rng.int(minSeconds, maxSeconds) * 1000;
  }

  /** Signs an event with `key` on `replica`'s view (merging heads first when there are more than 16). */
  sign(
    key: KeyPair,
    replica: string,
    type: string,
    payload: CanonicalValue,
  ): SignedEvent {
    const author = toHex(key.publicKey);
    const heads = this.heads(replica);
    const chain = this.chains.get(author);
    const { merges, deps } = planMerges([...heads], chain?.prev ?? null);
    for (const m of merges)
      this.rawSign(key, author, replica, "heads.merged", {}, m);
    return this.rawSign(key, author, replica, type, payload, deps);
  }

  private rawSign(
    key: KeyPair,
    author: string,
    replica: string,
    type: string,
    payload: CanonicalValue,
    deps: readonly string[],
  ): SignedEvent {
    this.clock += this.rng.int(2, 40) * 1000;
    const chain = this.chains.get(author);
    const event = signEvent(key, {
      federation: type === "federation.created" ? null : this.federation,
      seq: chain ? chain.seq + 1 : 1,
      prev: chain?.prev ?? null,
      deps,
      time: this.clock,
      type,
      payload,
    });
    if (type === "federation.created") this.federation = event.id;
    this.chains.set(author, { seq: (chain?.seq ?? 0) + 1, prev: event.id });
    const parents = chain ? [chain.prev, ...deps] : [...deps];
    this.parentsOf.set(event.id, parents);
    for (const set of [this.globalHeads, this.heads(replica)]) {
      for (const p of parents) set.delete(p);
      set.add(event.id);
    }
    this.events.push(event);
    return event;
  }

  /** The payload of key.added registering `device` for `owner`. */
  keyAddedPayload(owner: Person, device: KeyPair): CanonicalValue {
    const proof = signEd25519(
      device.secretKey,
      keyProofMessage(this.federation!, owner.id, toHex(device.publicKey)),
    );
    return { key: toHex(device.publicKey), proof: toHex(proof) };
  }
}

/**
 * Seeded multi-replica simulation (after Yjs's applyRandomTests): N replicas, random
 * create / sync / drop / duplicate / reorder / partition / bundle actions, then the links
 * heal and every replica must hold the same events and compute the same state hash.
 * KENGES_SYNC_SEED replays a run; KENGES_SYNC_ITERATIONS sets how many runs (default 3).
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_RULES } from "../core/index.js";
import type { KeyPair } from "../crypto/index.js";
import { deriveKeyPair, toHex } from "../crypto/index.js";
import { SeededRandom } from "../demo/index.js";
import { Replica } from "../replica/index.js";
import { openSqliteStore } from "../store/index.js";
import {
  bundleBytes,
  chunksOf,
  decodeMessage,
  encodeMessage,
  importBundle,
  memoryTransport,
  SyncFailure,
  SyncResponder,
  SyncSource,
  type SyncTransport,
  syncWith,
} from "./index.js";

const FIRST_SEED = Number(
  process.env.KENGES_SYNC_SEED ?? Math.floor(Math.random() * 2 ** 31),
);
const ITERATIONS = Number(process.env.KENGES_SYNC_ITERATIONS ?? 3);
const STEPS = Number(process.env.KENGES_SYNC_STEPS ?? 120);

interface SimNode {
  readonly name: string;
  readonly replica: Replica;
  readonly source: SyncSource;
  readonly responder: SyncResponder;
}

class World {
  readonly rng: SeededRandom;
  readonly nodes: SimNode[] = [];
  readonly founders: KeyPair[];
  readonly people: KeyPair[];
  clock = Date.UTC(2026, 2, 1);
  /** Group of each node while a partition stands; null when links are whole. */
  partition: number[] | null = null;
  readonly log: string[] = [];

  constructor(readonly seed: number) {
    this.rng = new SeededRandom(seed);
    this.founders = [0, 1, 2, 3, 4].map((i) =>
      deriveKeyPair(`sim-founder-${seed}`, i),
    );
    this.people = Array.from({ length: 25 }, (_, i) =>
      deriveKeyPair(`sim-person-${seed}`, i),
    );
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.rng.int(0, xs.length - 1)]!;
  }

  async addNode(name: string): Promise<SimNode> {
    const replica = await Replica.open(await openSqliteStore(":memory:"), {
      now: () => this.clock,
    });
    const source = new SyncSource(replica);
    // The clock moves a minute per step, so budget windows roll over as they would.
    const responder = new SyncResponder(source, {
      open: true,
      now: () => this.clock,
    });
    const node = { name, replica, source, responder };
    this.nodes.push(node);
    return node;
  }

  canTalk(a: number, b: number): boolean {
    return this.partition === null || this.partition[a] === this.partition[b];
  }

  /** A transport that loses, repeats and reorders messages at random. */
  faulty(inner: SyncTransport): SyncTransport {
    const rng = this.rng;
    const shuffle = (bytes: Uint8Array): Uint8Array => {
      const m = decodeMessage(bytes);
      if (m.type !== "round" || m.events.length < 2) return bytes;
      const events = [...m.events];
      for (let i = events.length - 1; i > 0; i--) {
        const j = rng.int(0, i);
        [events[i], events[j]] = [events[j]!, events[i]!];
      }
      return encodeMessage({ ...m, events });
    };
    return {
      async exchange(message) {
        const roll = rng.next();
        if (roll < 0.05) throw new Error("request lost");
        const sent = rng.next() < 0.2 ? shuffle(message) : message;
        let answer = await inner.exchange(sent);
        if (roll < 0.15) answer = await inner.exchange(sent);
        if (rng.next() < 0.05) throw new Error("answer lost");
        return rng.next() < 0.2 ? shuffle(answer) : answer;
      },
      close: () => inner.close(),
    };
  }

  async sync(a: number, b: number, faults: boolean): Promise<void> {
    const from = this.nodes[a]!;
    const to = this.nodes[b]!;
    const inner = memoryTransport(to.responder, from.name);
    try {
      await syncWith(from.source, faults ? this.faulty(inner) : inner, {
        peer: to.name,
        maxSessions: faults ? 3 : 100,
        now: () => this.clock,
      });
    } catch (e) {
      if (!faults) throw e;
      if (
        !(e instanceof SyncFailure) &&
        !(e instanceof Error && e.message.endsWith("lost"))
      )
        throw e;
    }
  }

  async bundle(a: number, b: number): Promise<void> {
    const from = this.nodes[a]!;
    const to = this.nodes[b]!;
    const forFrontier =
      this.rng.next() < 0.5 ? to.source.view({ kind: "all" }).frontier() : null;
    const bytes = await bundleBytes(from.source, { for: forFrontier });
    const times = this.rng.next() < 0.2 ? 2 : 1;
    for (let i = 0; i < times; i++)
      await importBundle(to.source, chunksOf(bytes, this.rng.int(1, 4096)), {
        peer: `bundle:${from.name}`,
      });
  }

  /**
   * Keys that sign on replica n: each key has a home replica (key number mod replicas), and
   * now and then a key signs away from home, concurrently with itself — a fork.
   */
  here(keys: readonly KeyPair[], n: number): KeyPair[] {
    if (this.rng.next() < 0.03) return [...keys];
    const count = this.nodes.length;
    return keys.filter((_, i) => i % count === n);
  }

  /** One random event on one replica, as a person there would make it (refused ones leave no trace). */
  async create(n: number): Promise<void> {
    const replica = this.nodes[n]!.replica;
    const state = replica.fold.state;
    const time = (this.clock += 1000);
    const bodies = [...state.bodies.keys()];
    const local = new Set(
      [...this.here(this.founders, n), ...this.here(this.people, n)].map((k) =>
        toHex(k.publicKey),
      ),
    );
    const memberships = [...state.memberships.values()].filter(
      (m) => m.status === "member" && local.has(m.member),
    );
    const keyOf = (member: string) =>
      [...this.founders, ...this.people].find(
        (k) => toHex(k.publicKey) === member,
      ) ?? null;
    const kind = this.rng.int(0, 6);
    if (kind === 0 || bodies.length === 0) {
      const founders = this.here(this.founders, n);
      if (founders.length === 0) return;
      await replica.sign(
        this.pick(founders),
        "body.created",
        {
          name: { en: `Assembly ${this.rng.int(0, 999)}` },
          kind: "assembly",
          setting: "workplace",
          rules: { ...DEFAULT_RULES } as never,
          founderName: "Founder",
        },
        time,
      );
      return;
    }
    if (kind === 1) {
      const people = this.here(this.people, n);
      if (people.length === 0) return;
      await replica.sign(
        this.pick(people),
        "member.join-requested",
        { body: this.pick(bodies), name: "Person" },
        time,
      );
      return;
    }
    if (kind === 2) {
      const pending = [...state.joinRequests.values()].filter(
        (r) => r.status === "pending",
      );
      if (pending.length === 0) return;
      const r = this.pick(pending);
      const endorser = memberships
        .filter((m) => m.body === r.body)
        .map((m) => keyOf(m.member))
        .find((k) => k !== null);
      if (endorser)
        await replica.sign(
          endorser,
          "member.admission-endorsed",
          { request: r.id },
          time,
        );
      return;
    }
    if (memberships.length === 0) return;
    const m = this.pick(memberships);
    const key = keyOf(m.member);
    if (key === null) return;
    const open = [...state.motions.values()].filter(
      (x) => x.body === m.body && x.status === "open",
    );
    if (kind === 3 || open.length === 0) {
      await replica.sign(
        key,
        "motion.opened",
        {
          body: m.body,
          kind: "resolution",
          title: { en: "A motion" },
          text: { en: "We resolve to act." },
        },
        time,
      );
      return;
    }
    const motion = this.pick(open);
    if (kind === 4)
      await replica.sign(
        key,
        "ballot.cast",
        {
          motion: motion.id,
          choice: { vote: this.pick(["yes", "no", "abstain"]) },
        },
        time,
      );
    else if (kind === 5)
      await replica.sign(
        key,
        "comment.posted",
        { motion: motion.id, text: "I agree", lang: "en" },
        time,
      );
    else await replica.sign(key, "vote.closed", { motion: motion.id }, time);
  }
}

async function runWorld(seed: number): Promise<World> {
  const world = new World(seed);
  const count = 3 + (seed % 3);
  for (let i = 0; i < count; i++) await world.addNode(`r${i}`);
  const first = world.nodes[0]!;
  await first.replica.sign(
    world.founders[0]!,
    "federation.created",
    {
      name: { en: "Simulated" },
      founders: world.founders.map((k, i) => ({
        key: toHex(k.publicKey),
        name: `Founder ${i}`,
      })),
    },
    world.clock,
  );
  for (let i = 1; i < count; i++) await world.bundle(0, i);
  for (let step = 0; step < STEPS; step++) {
    world.clock += 60_000;
    const roll = world.rng.next();
    const a = world.rng.int(0, count - 1);
    let b = world.rng.int(0, count - 2);
    if (b >= a) b++;
    if (roll < 0.45) await world.create(a);
    else if (roll < 0.75) {
      if (world.canTalk(a, b)) await world.sync(a, b, true);
    } else if (roll < 0.87) await world.bundle(a, b);
    else if (roll < 0.95)
      world.partition = world.nodes.map(() => world.rng.int(0, 1));
    else world.partition = null;
  }
  // Heal: every link works again; sync around the ring until nothing moves.
  world.partition = null;
  for (let round = 0; round < 3; round++)
    for (let i = 0; i < count; i++) await world.sync(i, (i + 1) % count, false);
  return world;
}

describe("sync simulation", () => {
  it(`converges from any random history (first seed ${FIRST_SEED}, ${ITERATIONS} runs)`, async () => {
    for (let it = 0; it < ITERATIONS; it++) {
      const seed = (FIRST_SEED + it) >>> 0;
      console.log(
        `sync simulation seed ${seed} (replay: KENGES_SYNC_SEED=${seed} KENGES_SYNC_ITERATIONS=1)`,
      );
      const world = await runWorld(seed);
      const [first, ...rest] = world.nodes;
      const ids = (n: SimNode) => [...n.replica.fold.index.ids].sort();
      expect(first!.replica.fold.size, `seed ${seed}`).toBeGreaterThan(5);
      for (const n of rest) {
        expect(ids(n), `seed ${seed}: events of ${n.name}`).toEqual(
          ids(first!),
        );
        expect(n.replica.stateHash(), `seed ${seed}: state of ${n.name}`).toBe(
          first!.replica.stateHash(),
        );
        expect(
          n.replica.quarantined,
          `seed ${seed}: quarantine of ${n.name}`,
        ).toBe(0);
      }
      console.log(
        `seed ${seed}: ${world.nodes.length} replicas, ${first!.replica.fold.size} events, ${first!.replica.fold.state.invalid.size} invalid`,
      );
      for (const n of world.nodes) await n.replica.close();
    }
  });
});

/**
 * Seeded multi-replica simulation (after Yjs's applyRandomTests), across scopes: two full
 * hubs peered with each other, and the devices of readers who may read different scopes —
 * a depot member on the council, a hospital member, the tenants' chair, the public circle's
 * chair, the coordinator, an outsider — each holding only what it may read. Random actions:
 * events made on a device in its own bodies, syncs over a transport that loses, repeats and
 * reorders messages, bundles written for a reader, partitions. Then the links heal and
 * every replica must agree: the hubs hold the same events and state; each device holds
 * exactly the scopes it may read, and each scope's hash (`fold.scopeHashes()`) equals the
 * full replica's. KENGES_SYNC_SEED replays a run; KENGES_SYNC_ITERATIONS sets how many
 * runs (default 3), KENGES_SYNC_STEPS their length.
 */
import { describe, expect, it } from "vitest";
import { scopedFederation } from "../../test/sync/support/scoped-federation.js";
import { SeededRandom } from "../../test/sync/support/seeded-random.js";
import {
  closeResultFor,
  type Reader,
  readableScopes,
  type SignedEvent,
} from "../core/index.js";
import { type CanonicalValue, type KeyPair, toHex } from "../crypto/index.js";
import { Replica } from "../replica/index.js";
import { openSqliteStore } from "../store/index.js";
import {
  bundleBytes,
  chunksOf,
  decodeMessage,
  defaultReader,
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
  readonly responder: SyncResponder | null;
  /** The device's key (null: a hub, or the outsider, who syncs unsigned). */
  readonly key: KeyPair | null;
  /** Who the node is to a hub. */
  readonly reader: Reader;
  /** The key that signs the node's own events. */
  readonly signer: KeyPair | null;
  /** The bodies where the node's key makes events. */
  readonly bodies: readonly string[];
}

class World {
  readonly rng: SeededRandom;
  readonly fed = scopedFederation("sim");
  readonly hubs: SimNode[] = [];
  readonly devices: SimNode[] = [];
  clock = Date.UTC(2026, 11, 1);
  /** Hubs a partition cuts off from the devices; empty when links are whole. */
  down = new Set<number>();
  private readonly hubKeys: KeyPair[];

  constructor(readonly seed: number) {
    this.rng = new SeededRandom(seed);
    this.hubKeys = [0, 1].map((i) => this.fed.t.key(`sim-hub-${seed}`, i));
  }

  async node(
    name: string,
    events: readonly SignedEvent[],
    who: {
      key?: KeyPair | null;
      signer?: KeyPair | null;
      bodies?: readonly string[];
      hub?: boolean;
    },
  ): Promise<SimNode> {
    const replica = await Replica.open(await openSqliteStore(":memory:"), {
      now: () => this.clock,
    });
    await replica.ingest(events);
    const source = new SyncSource(replica);
    const hubIds = new Set(this.hubKeys.map((k) => toHex(k.publicKey)));
    const key = who.key ?? null;
    return {
      name,
      replica,
      source,
      // Peered hubs read each other as peers hosting everything; devices as their keys.
      responder: who.hub
        ? new SyncResponder(source, {
            now: () => this.clock,
            readerOf: (p) =>
              p.key !== null && hubIds.has(p.key)
                ? { kind: "peer", hosts: "all" }
                : defaultReader(p),
          })
        : null,
      key,
      reader:
        key === null
          ? { kind: "outsider" }
          : { kind: "key", key: toHex(key.publicKey) },
      signer: who.signer ?? key,
      bodies: who.bodies ?? [],
    };
  }

  async setUp(): Promise<void> {
    const {
      t,
      k,
      coordinator,
      outsider,
      council,
      depot,
      hospital,
      tenants,
      circle,
    } = this.fed;
    const base = t.events.filter((e) => e.id !== this.fed.kComment.id);
    for (let i = 0; i < 2; i++)
      this.hubs.push(
        await this.node(`hub${i}`, i === 0 ? base : [], {
          key: this.hubKeys[i]!,
          hub: true,
        }),
      );
    this.devices.push(
      await this.node("k", [], { key: k, bodies: [depot, council] }),
      await this.node("n2", [], { key: t.key("n2"), bodies: [hospital] }),
      await this.node("a3", [], { key: t.key("a3"), bodies: [tenants] }),
      await this.node("p1", [], { key: t.key("p1"), bodies: [circle] }),
      await this.node("coordinator", [], {
        key: coordinator,
        bodies: [council],
      }),
      await this.node("outsider", [], {
        key: null,
        signer: outsider,
        bodies: [circle],
      }),
    );
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
        // A signed message cannot be reordered without breaking its proof: only unsigned ones.
        const m = decodeMessage(message);
        const sent =
          m.type !== "error" && m.auth === null && rng.next() < 0.2
            ? shuffle(message)
            : message;
        let answer = await inner.exchange(sent);
        if (roll < 0.15) answer = await inner.exchange(sent);
        if (rng.next() < 0.05) throw new Error("answer lost");
        return rng.next() < 0.2 ? shuffle(answer) : answer;
      },
      close: () => inner.close(),
    };
  }

  async sync(from: SimNode, to: SimNode, faults: boolean): Promise<void> {
    const inner = memoryTransport(to.responder!, from.name);
    try {
      await syncWith(from.source, faults ? this.faulty(inner) : inner, {
        key: from.key,
        peer: to.name,
        federation: this.fed.t.federation,
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

  /** A hub writes a bundle of what a device may read (against its frontiers, or all); the device imports it. */
  async bundle(hub: SimNode, device: SimNode): Promise<void> {
    const readable = hub.source.readableScopes(device.reader, "all");
    const since =
      this.rng.next() < 0.5
        ? device.source
            .view("all")
            .scopes()
            .map((scope) => ({
              scope,
              frontier: device.source.view("all").scope(scope).frontier(),
            }))
        : null;
    const bytes = await bundleBytes(hub.source, { readable, since });
    const times = this.rng.next() < 0.2 ? 2 : 1;
    for (let i = 0; i < times; i++)
      await importBundle(
        device.source,
        chunksOf(bytes, this.rng.int(1, 4096)),
        {
          peer: `bundle:${hub.name}`,
        },
      );
  }

  /** One random event on a device, in one of its bodies (refused ones leave no trace). */
  async create(device: SimNode): Promise<void> {
    const key = device.signer;
    if (key === null) return;
    const replica = device.replica;
    const state = replica.fold.state;
    const time = (this.clock += 1000);
    const scopes = device.bodies.filter((b) => replica.fold.has(b));
    if (scopes.length === 0) return;
    const scope = this.rng.pick(scopes);
    const me = toHex(key.publicKey);
    const isMember = [...state.memberships.values()].some(
      (m) => m.body === scope && m.member === me && m.status === "member",
    );
    if (!isMember) {
      if (![...state.joinRequests.values()].some((r) => r.member === me))
        await replica.sign(
          key,
          scope,
          "member.join-requested",
          { name: `Reader ${this.seed}` },
          time,
        );
      return;
    }
    const pending = [...state.joinRequests.values()].filter(
      (r) => r.body === scope && r.status === "pending",
    );
    const open = [...state.motions.values()].filter(
      (x) => x.body === scope && x.status === "open",
    );
    const kind = this.rng.int(0, 4);
    if (pending.length > 0 && kind === 0) {
      await replica.sign(
        key,
        scope,
        "member.admission-endorsed",
        { request: this.rng.pick(pending).id },
        time,
      );
      return;
    }
    if (kind <= 1 || open.length === 0) {
      await replica.sign(
        key,
        scope,
        "motion.opened",
        {
          kind: "resolution",
          title: { en: `Motion ${this.rng.int(0, 9999)}` },
          text: { en: "We resolve to act." },
        },
        time,
      );
      return;
    }
    const motion = this.rng.pick(open).id;
    if (kind === 2)
      await replica.sign(
        key,
        scope,
        "ballot.cast",
        { motion, choice: { vote: this.rng.pick(["yes", "no", "abstain"]) } },
        time,
      );
    else if (kind === 3)
      await replica.sign(
        key,
        scope,
        "comment.posted",
        { motion, text: "I agree", lang: "en" },
        time,
      );
    else
      await replica.sign(key, scope, "vote.closed", { motion }, time, {
        payloadFor: (fold, draft) => {
          const r = closeResultFor(fold, motion, draft);
          return r.ok
            ? { ok: true, value: { motion, result: r.value as CanonicalValue } }
            : r;
        },
      });
  }
}

async function runWorld(seed: number): Promise<World> {
  const world = new World(seed);
  await world.setUp();
  const [hub0, hub1] = world.hubs as [SimNode, SimNode];
  await world.sync(hub1, hub0, false);
  for (const d of world.devices) await world.sync(d, hub0, false);
  for (let step = 0; step < STEPS; step++) {
    world.clock += 60_000;
    const roll = world.rng.next();
    const device = world.rng.pick(world.devices);
    const h = world.rng.int(0, 1);
    const hub = world.hubs[h]!;
    if (roll < 0.4) await world.create(device);
    else if (roll < 0.7) {
      if (!world.down.has(h)) await world.sync(device, hub, true);
    } else if (roll < 0.8) await world.sync(hub1, hub0, true);
    else if (roll < 0.9) await world.bundle(hub, device);
    else if (roll < 0.95) world.down = new Set([world.rng.int(0, 1)]);
    else world.down = new Set();
  }
  // Heal: every link works again; sync until nothing moves.
  world.down = new Set();
  for (let round = 0; round < 3; round++) {
    for (const d of world.devices)
      await world.sync(d, world.hubs[round % 2]!, false);
    await world.sync(hub1, hub0, false);
  }
  for (const d of world.devices) await world.sync(d, hub0, false);
  return world;
}

describe("sync simulation across scopes", () => {
  it(`hubs converge and every reader's partial replica agrees scope by scope (first seed ${FIRST_SEED}, ${ITERATIONS} runs)`, async () => {
    for (let it = 0; it < ITERATIONS; it++) {
      const seed = (FIRST_SEED + it) >>> 0;
      console.log(
        `sync simulation seed ${seed} (replay: KENGES_SYNC_SEED=${seed} KENGES_SYNC_ITERATIONS=1)`,
      );
      const world = await runWorld(seed);
      const [hub0, hub1] = world.hubs as [SimNode, SimNode];
      const full = hub0.replica.fold;
      const ids = (n: SimNode) => [...n.replica.fold.index.ids].sort();
      expect(ids(hub1), `seed ${seed}: hub events`).toEqual(ids(hub0));
      expect(hub1.replica.stateHash(), `seed ${seed}: hub state`).toBe(
        hub0.replica.stateHash(),
      );
      const fullHashes = full.scopeHashes();
      for (const d of world.devices) {
        const readable = readableScopes(full, d.reader);
        expect(
          d.replica.fold.heldScopes(),
          `seed ${seed}: scopes of ${d.name}`,
        ).toEqual(full.heldScopes().filter((s) => readable.has(s)));
        for (const [scope, hash] of d.replica.fold.scopeHashes())
          expect({ seed, device: d.name, scope, hash }).toEqual({
            seed,
            device: d.name,
            scope,
            hash: fullHashes.get(scope),
          });
        expect(
          d.replica.quarantined,
          `seed ${seed}: quarantine of ${d.name}`,
        ).toBe(0);
      }
      const k = world.devices[0]!.replica.fold.heldScopes().length;
      console.log(
        `seed ${seed}: ${full.size} events in ${full.heldScopes().length} scopes on the hubs, ${full.state.invalid.size} invalid; member K holds ${k} scopes, the outsider ${world.devices[5]!.replica.fold.heldScopes().length}`,
      );
      for (const n of [...world.hubs, ...world.devices])
        await n.replica.close();
    }
  });
});

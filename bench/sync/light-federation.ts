/**
 * A light generator of large federations across scopes for the sync benchmarks: real signed
 * events of format 2 (Ed25519, canonical envelopes, the wire form) of a realistic shape —
 * assemblies of about fifty members under town councils under one national council, each
 * key's chain per scope with its kseq across scopes, ballots and comments on motions, one or
 * two deps on recent events of the same scope — without folding them. 90% of the events are
 * in a member's own assembly, 10% in the council above it (the member as a delegate).
 * Fixed seed, cached in bench/out/ (the first run signs a million events, a few minutes).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeWireEvent, signEvent } from "../../src/core/index.js";
import { deriveKeyPair, type KeyPair, toHex } from "../../src/crypto/index.js";
import type { MemoryEvent } from "../../src/sync/index.js";
import { SeededRandom } from "../../test/sync/support/seeded-random.js";

export interface LightFederation {
  readonly federation: string;
  /** In creation order: parents always before children. */
  readonly events: MemoryEvent[];
  /** Author keys (hex) by author number. */
  readonly authors: readonly string[];
  /** Each author's home assembly. */
  readonly homeOf: readonly string[];
  /** Each scope's council above it (none for the national council and the federation scope). */
  readonly above: ReadonlyMap<string, string>;
}

const TEXTS = [
  "Agreed — the night shift must have a say before Friday.",
  "We should send this to the regional council with our endorsement.",
  "The depot assembly asks for the minutes in Kazakh and Russian.",
  "Second the amendment; the hospital needs the same.",
];

/** Authors per assembly, assemblies per town council. */
const ASSEMBLY = 50;
const TOWN = 10;

function writeVarint(out: number[], v: number): void {
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

/** The shape: which scope is whose, derived from the founding events. */
function shapeOf(
  events: readonly MemoryEvent[],
  authors: number,
): Pick<LightFederation, "homeOf" | "above"> {
  // Founding order: the genesis, the national council, the town councils, the assemblies.
  const assemblies = Math.ceil(authors / ASSEMBLY);
  const towns = Math.ceil(assemblies / TOWN);
  const national = events[1]!.id;
  const townIds = events.slice(2, 2 + towns).map((e) => e.id);
  const assemblyIds = events
    .slice(2 + towns, 2 + towns + assemblies)
    .map((e) => e.id);
  const above = new Map<string, string>();
  for (const t of townIds) above.set(t, national);
  assemblyIds.forEach((a, i) => {
    above.set(a, townIds[Math.floor(i / TOWN)]!);
  });
  const homeOf = Array.from(
    { length: authors },
    (_, i) => assemblyIds[Math.floor(i / ASSEMBLY)]!,
  );
  return { homeOf, above };
}

/** Generates (or loads from bench/out/) `count` events by `authors` keys from `seed`. */
export function lightFederation(
  seed: number,
  count: number,
  authors: number,
): LightFederation {
  const dir = join(import.meta.dirname, "..", "out");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `sync-scoped-seed${seed}-${count}-${authors}.bin`);
  const keys: KeyPair[] = Array.from({ length: authors }, (_, i) =>
    deriveKeyPair(`bench-sync-${seed}`, i),
  );
  const hexKeys = keys.map((k) => toHex(k.publicKey));
  if (existsSync(file)) {
    const events = load(file, hexKeys);
    return {
      federation: events[0]!.id,
      events,
      authors: hexKeys,
      ...shapeOf(events, authors),
    };
  }
  const rng = new SeededRandom(seed);
  const events: MemoryEvent[] = [];
  const heights = new Map<string, number>();
  /** `${author} ${scope}` → the chain's head. */
  const chains = new Map<string, { seq: number; id: string }>();
  const kseqs = new Array<number>(authors).fill(0);
  /** Per scope: its most recent events (deps are drawn from them). */
  const recent = new Map<string, string[]>();
  const motions = new Map<string, string>();
  const start = Date.UTC(2026, 2, 1);
  let clock = start;
  const push = (
    author: number,
    e: ReturnType<typeof signEvent>,
    scope: string,
  ) => {
    const env = e.envelope;
    let h = 0;
    for (const p of [env.prev, ...env.deps])
      if (p) h = Math.max(h, heights.get(toHex(p))! + 1);
    events.push({
      id: e.id,
      h,
      scope,
      author: hexKeys[author]!,
      seq: env.seq,
      wire: encodeWireEvent(e),
    });
    heights.set(e.id, h);
    chains.set(`${author} ${scope}`, { seq: env.seq, id: e.id });
    kseqs[author] = env.kseq;
    let list = recent.get(scope);
    if (list === undefined) recent.set(scope, (list = []));
    list.push(e.id);
    if (list.length > 64) list.shift();
  };
  const genesis = signEvent(keys[0]!, {
    federation: null,
    scope: null,
    seq: 1,
    kseq: 1,
    prev: null,
    deps: [],
    time: clock,
    type: "federation.created",
    payload: {
      name: { en: "Benchmark federation" },
      founders: [{ key: hexKeys[0]!, name: "Founder" }],
    },
  });
  push(0, genesis, genesis.id);
  const federation = genesis.id;
  const found = (name: string, kind: string): string => {
    const e = signEvent(keys[0]!, {
      federation,
      scope: null,
      seq: 1,
      kseq: kseqs[0]! + 1,
      prev: null,
      deps: [federation],
      time: (clock += 600),
      type: "body.created",
      payload: {
        name: { en: name },
        kind,
        ...(kind === "council"
          ? { level: "municipal" }
          : { setting: "workplace" }),
        rules: { public: false },
        founderName: "Founder",
      },
    });
    push(0, e, e.id);
    motions.set(e.id, e.id);
    return e.id;
  };
  const assemblies = Math.ceil(authors / ASSEMBLY);
  const towns = Math.ceil(assemblies / TOWN);
  found("National council", "council");
  for (let i = 0; i < towns; i++) found(`Town council ${i}`, "council");
  for (let i = 0; i < assemblies; i++) found(`Assembly ${i}`, "assembly");
  const shape = shapeOf(events, authors);
  while (events.length < count) {
    const a = rng.int(0, authors - 1);
    const home = shape.homeOf[a]!;
    const scope = rng.next() < 0.9 ? home : shape.above.get(home)!;
    const chain = chains.get(`${a} ${scope}`);
    const pool = recent.get(scope)!;
    const deps = new Set<string>();
    const want = rng.int(1, 2);
    for (let k = 0; k < want * 3 && deps.size < want; k++) {
      const d = pool[Math.max(0, pool.length - 1 - rng.int(0, 15))]!;
      if (d !== chain?.id) deps.add(d);
    }
    if (deps.size === 0 && chain === undefined) deps.add(scope);
    if (rng.next() < 0.005) motions.set(scope, pool[pool.length - 1]!);
    const motion = motions.get(scope)!;
    const comment = rng.next() < 0.3;
    const e = signEvent(keys[a]!, {
      federation,
      scope,
      seq: (chain?.seq ?? 0) + 1,
      kseq: kseqs[a]! + 1,
      prev: chain?.id ?? null,
      deps: [...deps],
      time: (clock += 600),
      type: comment ? "comment.posted" : "ballot.cast",
      payload: comment
        ? { motion, text: TEXTS[rng.int(0, TEXTS.length - 1)]!, lang: "en" }
        : { motion, choice: { vote: rng.next() < 0.6 ? "yes" : "no" } },
    });
    push(a, e, scope);
  }
  save(file, events, hexKeys);
  return { federation, events, authors: hexKeys, ...shape };
}

function save(
  file: string,
  events: readonly MemoryEvent[],
  hexKeys: readonly string[],
): void {
  const authorIndex = new Map(hexKeys.map((k, i) => [k, i]));
  const scopeIndex = new Map<string, number>();
  const parts: Buffer[] = [];
  for (const e of events) {
    const head: number[] = [];
    if (!scopeIndex.has(e.scope)) scopeIndex.set(e.scope, scopeIndex.size);
    writeVarint(head, e.wire.length);
    writeVarint(head, authorIndex.get(e.author)!);
    writeVarint(head, e.seq);
    writeVarint(head, e.h);
    const s = scopeIndex.get(e.scope)!;
    // A scope's first appearance is its founding event: its own id.
    writeVarint(head, e.scope === e.id ? 0 : s + 1);
    parts.push(
      Buffer.from(head),
      Buffer.from(e.id, "hex"),
      Buffer.from(e.wire),
    );
  }
  writeFileSync(file, Buffer.concat(parts));
}

function load(file: string, hexKeys: readonly string[]): MemoryEvent[] {
  const buf = readFileSync(file);
  let pos = 0;
  const varint = () => {
    let v = 0;
    let scale = 1;
    for (;;) {
      const b = buf[pos++]!;
      v += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return v;
      scale *= 0x80;
    }
  };
  const scopes: string[] = [];
  const events: MemoryEvent[] = [];
  while (pos < buf.length) {
    const len = varint();
    const author = hexKeys[varint()]!;
    const seq = varint();
    const h = varint();
    const s = varint();
    const id = buf.toString("hex", pos, pos + 32);
    pos += 32;
    if (s === 0) scopes.push(id);
    const scope = s === 0 ? id : scopes[s - 1]!;
    const wire = new Uint8Array(buf.buffer, buf.byteOffset + pos, len);
    pos += len;
    events.push({ id, h, scope, author, seq, wire });
  }
  return events;
}

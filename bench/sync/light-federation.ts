/**
 * A light generator of large federations for the sync benchmarks: real signed events
 * (Ed25519, canonical envelopes, the wire form) of a realistic shape — ballots and comments
 * on motions, each author's chain, one or two deps on recent events from others — without
 * folding them. Fixed seed, cached in bench/out/ (the first run signs a million events,
 * about a minute here).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeWireEvent, signEvent } from "../../src/core/index.js";
import { deriveKeyPair, type KeyPair, toHex } from "../../src/crypto/index.js";
import { SeededRandom } from "../../src/demo/index.js";
import type { MemoryEvent } from "../../src/sync/index.js";

export interface LightFederation {
  readonly federation: string;
  /** In creation order: parents always before children. */
  readonly events: MemoryEvent[];
}

const TEXTS = [
  "Agreed — the night shift must have a say before Friday.",
  "We should send this to the regional council with our endorsement.",
  "The depot assembly asks for the minutes in Kazakh and Russian.",
  "Second the amendment; the hospital needs the same.",
];

function writeVarint(out: number[], v: number): void {
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

/** Generates (or loads from bench/out/) `count` events by `authors` keys from `seed`. */
export function lightFederation(
  seed: number,
  count: number,
  authors: number,
): LightFederation {
  const dir = join(import.meta.dirname, "..", "out");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `sync-light-seed${seed}-${count}-${authors}.bin`);
  const keys: KeyPair[] = Array.from({ length: authors }, (_, i) =>
    deriveKeyPair(`bench-sync-${seed}`, i),
  );
  const hexKeys = keys.map((k) => toHex(k.publicKey));
  if (existsSync(file)) return load(file, hexKeys);
  const rng = new SeededRandom(seed);
  const events: MemoryEvent[] = [];
  const chains: ({ seq: number; id: string } | null)[] = new Array(
    authors,
  ).fill(null);
  const heights = new Map<string, number>();
  const start = Date.UTC(2026, 2, 1);
  const genesis = signEvent(keys[0]!, {
    federation: null,
    seq: 1,
    prev: null,
    deps: [],
    time: start,
    type: "federation.created",
    payload: {
      name: { en: "Benchmark federation" },
      founders: [{ key: hexKeys[0]!, name: "Founder" }],
    },
  });
  const push = (author: number, e: ReturnType<typeof signEvent>, h: number) => {
    events.push({
      id: e.id,
      h,
      author: hexKeys[author]!,
      seq: e.envelope.seq,
      wire: encodeWireEvent(e),
    });
    heights.set(e.id, h);
    chains[author] = { seq: e.envelope.seq, id: e.id };
  };
  push(0, genesis, 0);
  const federation = genesis.id;
  let motion = genesis.id;
  for (let i = 1; i < count; i++) {
    const a = rng.int(0, authors - 1);
    const chain = chains[a];
    const deps = new Set<string>();
    const want = rng.int(1, 2);
    for (let k = 0; k < want * 3 && deps.size < want; k++) {
      const d = events[Math.max(0, events.length - 1 - rng.int(0, 63))]!.id;
      if (d !== chain?.id) deps.add(d);
    }
    if (i % 200 === 0) motion = events[events.length - 1]!.id;
    const comment = rng.next() < 0.3;
    const e = signEvent(keys[a]!, {
      federation,
      seq: (chain?.seq ?? 0) + 1,
      prev: chain?.id ?? null,
      deps: [...deps],
      time: start + i * 600,
      type: comment ? "comment.posted" : "ballot.cast",
      payload: comment
        ? { motion, text: TEXTS[rng.int(0, TEXTS.length - 1)]!, lang: "en" }
        : { motion, choice: { vote: rng.next() < 0.6 ? "yes" : "no" } },
    });
    let h = chain ? heights.get(chain.id)! + 1 : 0;
    for (const d of deps) h = Math.max(h, heights.get(d)! + 1);
    push(a, e, h);
  }
  save(file, events, hexKeys);
  return { federation, events };
}

function save(
  file: string,
  events: readonly MemoryEvent[],
  hexKeys: readonly string[],
): void {
  const authorIndex = new Map(hexKeys.map((k, i) => [k, i]));
  const parts: Buffer[] = [];
  for (const e of events) {
    const head: number[] = [];
    writeVarint(head, e.wire.length);
    writeVarint(head, authorIndex.get(e.author)!);
    writeVarint(head, e.seq);
    writeVarint(head, e.h);
    parts.push(
      Buffer.from(head),
      Buffer.from(e.id, "hex"),
      Buffer.from(e.wire),
    );
  }
  writeFileSync(file, Buffer.concat(parts));
}

function load(file: string, hexKeys: readonly string[]): LightFederation {
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
  const events: MemoryEvent[] = [];
  while (pos < buf.length) {
    const len = varint();
    const author = hexKeys[varint()]!;
    const seq = varint();
    const h = varint();
    const id = buf.toString("hex", pos, pos + 32);
    pos += 32;
    const wire = new Uint8Array(buf.buffer, buf.byteOffset + pos, len);
    pos += len;
    events.push({ id, h, author, seq, wire });
  }
  return { federation: events[0]!.id, events };
}

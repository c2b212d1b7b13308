/**
 * @module Verifies signatures of large batches on worker threads, so an import uses every
 * core for the one expensive step (Ed25519 verification) while the main thread stores and
 * folds.
 */
import { Worker } from "node:worker_threads";
import type { SignedEvent } from "../core/index.js";

interface Pending {
  resolve(ok: Uint8Array): void;
  reject(e: unknown): void;
}

/**
 * The worker's code, self-contained plain JavaScript run with `eval`, so the pool works the
 * same from compiled JavaScript and from TypeScript sources under a loader. It verifies with
 * node:crypto, as the main thread's node backend does (raw key → SPKI DER).
 */
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { createPublicKey, verify } = require("node:crypto");
const prefix = Buffer.from("302a300506032b6570032100", "hex");
const keys = new Map();
function keyOf(raw) {
  const id = Buffer.from(raw).toString("latin1");
  let k = keys.get(id);
  if (k === undefined) {
    k = createPublicKey({ key: Buffer.concat([prefix, raw]), format: "der", type: "spki" });
    if (keys.size > 50000) keys.clear();
    keys.set(id, k);
  }
  return k;
}
parentPort.on("message", (job) => {
  const ok = new Uint8Array(job.messages.length);
  for (let i = 0; i < ok.length; i++) {
    try {
      const a = job.authors[i], s = job.signatures[i];
      ok[i] = a.length === 32 && s.length === 64 && verify(null, job.messages[i], keyOf(a), s) ? 1 : 0;
    } catch { ok[i] = 0; }
  }
  parentPort.postMessage({ id: job.id, ok }, [ok.buffer]);
});
`;

export class SignaturePool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private turn = 0;

  constructor(readonly threads = 2) {
    for (let i = 0; i < threads; i++) {
      const w = new Worker(WORKER_SOURCE, { eval: true });
      w.on("message", (m: { id: number; ok: Uint8Array }) => {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        p?.resolve(m.ok);
      });
      w.on("error", (e) => {
        for (const p of this.pending.values()) p.reject(e);
        this.pending.clear();
      });
      this.workers.push(w);
    }
  }

  /** Verifies each event's signature; splits the batch across the workers. */
  async verify(events: readonly SignedEvent[]): Promise<boolean[]> {
    const chunk = Math.ceil(events.length / this.workers.length);
    const parts: Promise<Uint8Array>[] = [];
    for (let start = 0; start < events.length; start += chunk) {
      const slice = events.slice(start, start + chunk);
      parts.push(this.run(slice));
    }
    const results = await Promise.all(parts);
    const out: boolean[] = [];
    for (const r of results) for (const v of r) out.push(v === 1);
    return out;
  }

  private run(events: readonly SignedEvent[]): Promise<Uint8Array> {
    const id = this.nextId++;
    const worker = this.workers[this.turn++ % this.workers.length]!;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({
        id,
        authors: events.map((e) => e.envelope.author),
        messages: events.map((e) => e.envelopeBytes),
        signatures: events.map((e) => e.signature),
      });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

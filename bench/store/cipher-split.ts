// Where the time of an encrypted append goes: the store's schema, pragmas and insert (as
// src/store/sqlite/sqlite-store.ts has them) under cipher configurations that take parts away
// or swap them — exploration only: configurations without a tag are not authenticated and are
// not offered to data directories. Same events as bench/store/append.ts (fixed seed), each
// configuration in every round, best per CPU second kept, ratio to plain.
// Run: N=100000 ROUNDS=3 node --import tsx bench/store/cipher-split.ts
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3-multiple-ciphers";
import { ensureSqliteSchema } from "../../src/store/sqlite/sqlite-schema.js";
import { prng } from "./seeded-random.js";

const N = Number(process.env.N ?? 100_000);
const r = prng(0x6b656e67);
const bytes = (n: number) => {
  const o = new Uint8Array(n);
  for (let i = 0; i < n; i++) o[i] = (r() * 256) | 0;
  return o;
};
const events = Array.from({ length: N }, () => {
  const env = bytes(140 + ((r() * 41) | 0));
  return {
    id: createHash("sha256").update(env).digest(),
    env,
    sig: bytes(64),
    pay: bytes(20 + ((r() * 41) | 0)),
  };
});
const key = `x'${randomBytes(32).toString("hex")}'`;
const configs: Record<string, string[] | null> = {
  plain: null,
  "sqlcipher-4 (AES-256-CBC + HMAC-SHA512)": [
    "cipher = 'sqlcipher'",
    "legacy = 4",
  ],
  "sqlcipher-4, HMAC-SHA256": [
    "cipher = 'sqlcipher'",
    "legacy = 4",
    "hmac_algorithm = 1",
  ],
  "sqlcipher-4, no HMAC (AES-CBC only; unauthenticated)": [
    "cipher = 'sqlcipher'",
    "legacy = 4",
    "hmac_use = 0",
  ],
  "chacha20 (ChaCha20-Poly1305)": ["cipher = 'chacha20'"],
  "aegis-256": ["cipher = 'aegis'", "algorithm = 'aegis-256'"],
  "aegis-128l": ["cipher = 'aegis'", "algorithm = 'aegis-128l'"],
  "aegis-256x2": ["cipher = 'aegis'", "algorithm = 'aegis-256x2'"],
};
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const best = new Map<string, number>();
for (let round = 0; round < Number(process.env.ROUNDS ?? 2); round++)
  for (const [name, pragmas] of Object.entries(configs)) {
    const dir = mkdtempSync(join(tmpdir(), "kenges-split-"));
    const db = new Database(join(dir, "s.sqlite"));
    if (pragmas) {
      for (const p of pragmas) db.pragma(p);
      db.pragma(`key = "${key}"`);
    }
    for (const p of [
      "journal_mode = WAL",
      "synchronous = FULL",
      "secure_delete = ON",
      "cache_size = -65536",
      "wal_autocheckpoint = 10000",
      "journal_size_limit = 67108864",
    ])
      db.pragma(p);
    ensureSqliteSchema(db);
    const ins = db.prepare(
      "INSERT INTO events (id, envelope, signature, payload) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
    );
    const batch = db.transaction((xs: typeof events) => {
      for (const e of xs) ins.run(e.id, e.env, e.sig, e.pay);
    });
    const c = cpu();
    for (let i = 0; i < N; i += 1000) batch(events.slice(i, i + 1000));
    const rate = N / (cpu() - c);
    db.close();
    rmSync(dir, { recursive: true, force: true });
    best.set(name, Math.max(best.get(name) ?? 0, rate));
  }
const plain = best.get("plain")!;
for (const [name, rate] of best)
  console.log(
    `${name.padEnd(56)} ${Math.round(rate / 1000)}k/CPU-s  ${Math.round((100 * rate) / plain)} %`,
  );

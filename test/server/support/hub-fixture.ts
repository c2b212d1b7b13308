/**
 * A real hub in-process for HTTP tests: the town federation (support/town.ts) on in-memory
 * SQLite, the app built as `kenges serve` builds it — checking every answer against its
 * route's schema — and helpers that sign like the browser does (deps from the hub for the
 * scope, merges past 16, post, read the verdict).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import pg from "pg";
import {
  encodeWireEvent,
  type SignedEvent,
  signEvent,
  signMerged,
} from "../../../src/core/index.js";
import {
  type CanonicalValue,
  type KeyPair,
  signEd25519,
  toHex,
} from "../../../src/crypto/index.js";
import { installNodeCrypto } from "../../../src/crypto/node.js";
import { Replica } from "../../../src/replica/index.js";
import {
  buildApp,
  Hub,
  type HubConfigInput,
  hubAuthMessage,
  parseHubConfig,
} from "../../../src/server/index.js";
import {
  openPostgresStore,
  openSqliteStore,
  type Store,
} from "../../../src/store/index.js";
import { buildTown, type Town } from "./town.js";

export const HUB_ID = "0123456789abcdef0123456789abcdef";
export const ORIGIN = "http://localhost:8080";

export interface HubFixture {
  readonly town: Town;
  readonly hub: Hub;
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

/** The local test server (as the store's own tests use it), or KENGES_TEST_PG_URL. */
export const PG_URL =
  process.env.KENGES_TEST_PG_URL ??
  "postgres://postgres:postgres@127.0.0.1:5432/test";

/**
 * Why PostgreSQL cannot be used here (nothing listens), or null when it answers. A server that
 * answers but refuses us throws: a misconfigured CI must not turn into a silent skip.
 */
export async function postgresUnreachable(): Promise<string | null> {
  const client = new pg.Client({
    connectionString: PG_URL,
    connectionTimeoutMillis: 3_000,
  });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    const message = error instanceof Error ? error.message : String(error);
    if (
      /^(ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN)$/.test(
        code,
      ) ||
      /timeout/i.test(message)
    )
      return message;
    throw error;
  } finally {
    await client.end().catch(() => {});
  }
}

async function pgQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * A hub over a fresh town: on in-memory SQLite, or on PostgreSQL in a fresh schema dropped at
 * close (its writes really wait for I/O, so other requests run while a commit is in flight).
 */
export async function makeHub(
  limits: HubConfigInput["limits"] = {},
  options: {
    store?: "sqlite" | "postgres";
    /** The scopes the hub serves, chosen from the town (default: all it holds). */
    hosted?: (town: Town) => string[];
    /** The address the hub would listen on (default the loopback); the fixture never listens. */
    host?: string;
  } = {},
): Promise<HubFixture> {
  installNodeCrypto();
  const town = buildTown();
  let store: Store;
  let dropStore = async () => {};
  if (options.store === "postgres") {
    const schema = `kenges_test_hub_${randomBytes(6).toString("hex")}`;
    store = await openPostgresStore({ connectionString: PG_URL, schema });
    dropStore = () => pgQuery(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } else store = await openSqliteStore(":memory:");
  const replica = await Replica.open(store);
  const report = await replica.ingest(town.t.events, "fixture");
  if (report.rejected > 0 || report.quarantined > 0)
    throw new Error(`fixture events refused: ${JSON.stringify(report)}`);
  const dataDir = mkdtempSync(join(tmpdir(), "kenges-hub-test-"));
  const hub = new Hub(
    replica,
    parseHubConfig({
      dataDir,
      // Tests walk every path thousands of times from one address; the general request
      // limit is attacked in attack-nat.test.ts against a real `kenges serve`.
      limits: {
        keyBurst: 10_000,
        addressRequestBurst: 10_000_000,
        keyRequestBurst: 10_000_000,
        ...limits,
      },
      hosted: options.hosted?.(town) ?? null,
      ...(options.host === undefined ? {} : { host: options.host }),
    }),
    { hub: HUB_ID, fingerprint: null },
  );
  const app = await buildApp(hub, { checkAnswers: true });
  return {
    town,
    hub,
    app,
    async close() {
      await app.close();
      await hub.close();
      await dropStore();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in with a key the way the web app does; returns the bearer token. */
export async function login(
  app: FastifyInstance,
  key: KeyPair,
): Promise<string> {
  const c = (await app.inject({ url: "/api/auth/challenge" })).json() as {
    challenge: string;
    federation: string;
    hub: string;
  };
  const message = hubAuthMessage({
    federation: c.federation,
    hub: c.hub,
    origin: ORIGIN,
    challenge: c.challenge,
    key: toHex(key.publicKey),
  });
  const r = await app.inject({
    method: "POST",
    url: "/api/auth/session",
    headers: { host: "localhost:8080" },
    payload: {
      key: toHex(key.publicKey),
      challenge: c.challenge,
      origin: ORIGIN,
      signature: toHex(signEd25519(key.secretKey, message)),
    },
  });
  if (r.statusCode !== 201) throw new Error(`login failed: ${r.body}`);
  return (r.json() as { token: string }).token;
}

/** What GET /api/heads answers. */
export interface Heads {
  federation: string;
  scope: string;
  access: "read" | "join";
  deps: string[];
  chain: { seq: number; id: string } | null;
  kseq: number | null;
}

/** The hub's answer for signing in a scope (null: a founding event), as the key. */
export async function headsFor(
  app: FastifyInstance,
  key: KeyPair,
  scope: string | null,
): Promise<Heads> {
  const token = await login(app, key);
  const r = await app.inject({
    url: scope === null ? "/api/heads" : `/api/heads?scope=${scope}`,
    headers: { authorization: `Bearer ${token}` },
  });
  if (r.statusCode !== 200) throw new Error(`heads: ${r.body}`);
  return r.json() as Heads;
}

/**
 * Events signed in `scope` (null: an event that founds a scope) on the deps the hub names,
 * with merges first when needed; not yet posted.
 */
export async function signOnHub(
  app: FastifyInstance,
  key: KeyPair,
  scope: string | null,
  type: string,
  payload: CanonicalValue,
  options: { deps?: string[]; time?: number } = {},
): Promise<SignedEvent[]> {
  const h = await headsFor(app, key, scope);
  const draft = {
    federation: h.federation,
    scope,
    seq: scope === null ? 1 : (h.chain?.seq ?? 0) + 1,
    kseq: (h.kseq ?? 0) + 1,
    prev: scope === null ? null : (h.chain?.id ?? null),
    time: options.time ?? Date.UTC(2026, 10, 20),
    type,
    payload,
  };
  // Deps given: exactly those, however many (tests of the limits send too many on purpose).
  if (options.deps)
    return [
      signEvent(key, {
        ...draft,
        deps: options.deps.filter((d) => d !== draft.prev),
      }),
    ];
  return signMerged(key, draft, h.deps);
}

/** Posts events as the browser does. */
export function post(
  app: FastifyInstance,
  events: readonly SignedEvent[],
  ip = "127.0.0.1",
) {
  return app.inject({
    method: "POST",
    url: "/api/events",
    remoteAddress: ip,
    payload: {
      events: events.map((e) =>
        Buffer.from(encodeWireEvent(e)).toString("base64url"),
      ),
    },
  });
}

/** Signs and posts; returns the response. */
export async function act(
  app: FastifyInstance,
  key: KeyPair,
  scope: string | null,
  type: string,
  payload: CanonicalValue,
  options: { deps?: string[] } = {},
) {
  return post(app, await signOnHub(app, key, scope, type, payload, options));
}

/** GET with an optional session. */
export function get(app: FastifyInstance, url: string, token?: string) {
  return app.inject({
    url,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

/** The hex id of a key. */
export function idOfKey(key: KeyPair): string {
  return toHex(key.publicKey);
}

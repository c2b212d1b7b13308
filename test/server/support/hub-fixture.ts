/**
 * A real hub in-process for HTTP tests: a small generated federation (the demo's shape) on
 * in-memory SQLite, the app built exactly as `kenges serve` builds it, and helpers that sign
 * like the browser does (heads from the hub, merges past 16, post, read the verdict).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import {
  encodeWireEvent,
  planMerges,
  type SignedEvent,
  signEvent,
} from "../../../src/core/index.js";
import {
  type CanonicalValue,
  type KeyPair,
  signEd25519,
  toHex,
} from "../../../src/crypto/index.js";
import { installNodeCrypto } from "../../../src/crypto/node.js";
import {
  type GeneratedFederation,
  generateFederation,
} from "../../../src/demo/index.js";
import { Replica } from "../../../src/replica/index.js";
import {
  buildApp,
  Hub,
  type HubConfigInput,
  hubAuthMessage,
  parseHubConfig,
} from "../../../src/server/index.js";
import { openSqliteStore } from "../../../src/store/index.js";

export const HUB_ID = "0123456789abcdef0123456789abcdef";
export const ORIGIN = "http://localhost:8080";

export interface HubFixture {
  readonly g: GeneratedFederation;
  readonly hub: Hub;
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

/** A hub over a fresh small federation. */
export async function makeHub(
  limits: HubConfigInput["limits"] = {},
  seed = 3,
): Promise<HubFixture> {
  installNodeCrypto();
  const g = generateFederation({
    seed,
    regions: 2,
    townsPerRegion: 1,
    workplacesPerTown: 2,
    members: [5, 7],
    motions: [1, 1],
  });
  const replica = await Replica.open(await openSqliteStore(":memory:"));
  const report = await replica.ingest(g.events, "fixture");
  if (report.rejected > 0) throw new Error("fixture events rejected");
  const dataDir = mkdtempSync(join(tmpdir(), "kenges-hub-test-"));
  const hub = new Hub(
    replica,
    parseHubConfig({ dataDir, limits: { keyBurst: 10_000, ...limits } }),
    { hub: HUB_ID, fingerprint: null },
  );
  const app = await buildApp(hub);
  return {
    g,
    hub,
    app,
    async close() {
      await app.close();
      await hub.close();
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

/** Events signed on top of the hub's heads (with merges first when needed), not yet posted. */
export async function signOnHub(
  app: FastifyInstance,
  key: KeyPair,
  type: string,
  payload: CanonicalValue,
  options: { deps?: string[]; time?: number } = {},
): Promise<SignedEvent[]> {
  const token = await login(app, key);
  const h = (
    await app.inject({
      url: "/api/heads",
      headers: { authorization: `Bearer ${token}` },
    })
  ).json() as {
    federation: string;
    heads: string[];
    chain: { seq: number; id: string } | null;
  };
  let seq = (h.chain?.seq ?? 0) + 1;
  let prev = h.chain?.id ?? null;
  const time = options.time ?? Date.now();
  const out: SignedEvent[] = [];
  let deps: string[];
  if (options.deps) deps = options.deps;
  else {
    const plan = planMerges(h.heads, prev);
    for (const m of plan.merges) {
      const e = signEvent(key, {
        federation: h.federation,
        seq,
        prev,
        deps: m,
        time,
        type: "heads.merged",
        payload: {},
      });
      out.push(e);
      prev = e.id;
      seq++;
    }
    deps = plan.deps;
  }
  out.push(
    signEvent(key, {
      federation: h.federation,
      seq,
      prev,
      deps,
      time,
      type,
      payload,
    }),
  );
  return out;
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
  type: string,
  payload: CanonicalValue,
  options: { deps?: string[] } = {},
) {
  return post(app, await signOnHub(app, key, type, payload, options));
}

/** GET with an optional session. */
export function get(app: FastifyInstance, url: string, token?: string) {
  return app.inject({
    url,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

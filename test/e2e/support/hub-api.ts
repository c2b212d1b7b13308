/**
 * Other members acting at the same time as the browser: they sign in node with their demo
 * keys and post to the real hub over HTTP, exactly as a client would (no shortcut into the
 * store) — each event in its scope, on the deps `/api/heads?scope=` names, with the key's
 * chain there and a kseq above the key's highest.
 */

import { request as httpsRequest } from "node:https";
import {
  encodeWireEvent,
  MAX_DEPS,
  type SignedEvent,
  signMerged,
} from "../../../src/core/index.js";
import {
  type CanonicalValue,
  fromHex,
  type KeyPair,
  keyPairFromSecret,
  signEd25519,
  toHex,
} from "../../../src/crypto/index.js";
import { hubAuthMessage } from "../../../src/server/index.js";
import type { DemoPerson } from "./hub-process.js";

export function keyOf(person: DemoPerson): KeyPair {
  return keyPairFromSecret(fromHex(person.secretKey)!);
}

/** Hubs served with their own certificate (`kenges serve --tls`): origin → the certificate. */
const trusted = new Map<string, string>();

/**
 * Trusts a hub's own self-signed certificate for the calls below, as a phone that checked its
 * fingerprint does: the connection is verified against it (names and all), not left unchecked.
 */
export function trustHubCertificate(base: string, pem: string): void {
  trusted.set(new URL(base).origin, pem);
}

/** `fetch`, or for a trusted --tls hub the same request over node:https with its certificate. */
function hubFetch(
  url: string,
  init: {
    method?: string;
    headers?: Record<string, string>;
    body?: string;
  } = {},
): Promise<Response> {
  const ca = trusted.get(new URL(url).origin);
  if (ca === undefined) return fetch(url, init);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      url,
      { method: init.method ?? "GET", headers: init.headers, ca },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          const status = res.statusCode ?? 0;
          resolve(
            new Response(status === 204 ? null : Buffer.concat(chunks), {
              status,
            }),
          );
        });
      },
    );
    req.on("error", reject);
    req.end(init.body);
  });
}

async function json<T>(r: Response): Promise<T> {
  const body = (await r.json()) as T;
  if (!r.ok) throw new Error(`${r.status} ${JSON.stringify(body)}`);
  return body;
}

const tokens = new Map<string, Promise<string>>();

/** Signs in and returns the token. */
export async function apiLogin(base: string, key: KeyPair): Promise<string> {
  const c = await json<{ challenge: string; federation: string; hub: string }>(
    await hubFetch(`${base}/api/auth/challenge`),
  );
  const origin = new URL(base).origin;
  const signature = toHex(
    signEd25519(
      key.secretKey,
      hubAuthMessage({ ...c, origin, key: toHex(key.publicKey) }),
    ),
  );
  const s = await json<{ token: string }>(
    await hubFetch(`${base}/api/auth/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        key: toHex(key.publicKey),
        challenge: c.challenge,
        origin,
        signature,
      }),
    }),
  );
  return s.token;
}

/** Forgets the sessions on a hub (it restarted: they are gone there). */
export function forgetSessions(base: string): void {
  for (const name of [...tokens.keys()])
    if (name.startsWith(`${base} `)) tokens.delete(name);
}

/** A session of `person` on the hub (one per person and hub). */
function tokenOf(base: string, person: DemoPerson): Promise<string> {
  const name = `${base} ${person.publicKey}`;
  let t = tokens.get(name);
  if (t === undefined) {
    t = apiLogin(base, keyOf(person));
    tokens.set(name, t);
  }
  return t;
}

/** Reads `path` as `person` (or as an outsider). */
export async function apiGet<T>(
  base: string,
  path: string,
  person: DemoPerson | null = null,
): Promise<T> {
  const headers: Record<string, string> = {};
  if (person) headers.authorization = `Bearer ${await tokenOf(base, person)}`;
  return json<T>(await hubFetch(`${base}${path}`, { headers }));
}

/** Reads a page the hub serves (not JSON) as `person`, as text. */
export async function apiGetText(
  base: string,
  path: string,
  person: DemoPerson,
): Promise<string> {
  const r = await hubFetch(`${base}${path}`, {
    headers: { authorization: `Bearer ${await tokenOf(base, person)}` },
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${r.status} ${text}`);
  return text;
}

/** Posts signed events; returns the last one's verdict. */
export async function apiPost(
  base: string,
  events: readonly SignedEvent[],
): Promise<{ id: string; invalid: { code: string } | null }> {
  const r = await json<{
    results: { id: string; invalid: { code: string } | null }[];
  }>(
    await hubFetch(`${base}/api/events`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        events: events.map((e) =>
          Buffer.from(encodeWireEvent(e)).toString("base64url"),
        ),
      }),
    }),
  );
  return r.results.at(-1)!;
}

interface Heads {
  federation: string;
  scope: string;
  deps: string[];
  chain: { seq: number; id: string } | null;
  kseq: number | null;
}

/** Signs `type` in `scope` as `person` on the hub's heads (merging first past 16), unposted. */
export async function apiSign(
  base: string,
  person: DemoPerson,
  scope: string,
  type: string,
  payload: CanonicalValue | ((deps: string[]) => Promise<CanonicalValue>),
  options: { deps?: string[] } = {},
): Promise<SignedEvent[]> {
  const key = keyOf(person);
  const h = await apiGet<Heads>(base, `/api/heads?scope=${scope}`, person);
  const seq = (h.chain?.seq ?? 0) + 1;
  const prev = h.chain?.id ?? null;
  const kseq = (h.kseq ?? 0) + 1;
  const time = Date.now();
  let wanted = options.deps ?? h.deps;
  let first: string[] = [];
  if (prev === null && wanted.length > MAX_DEPS) {
    wanted = [...wanted, scope];
    first = [scope];
  }
  return signMerged(
    key,
    {
      federation: h.federation,
      scope,
      seq,
      kseq,
      prev,
      time,
      type,
      payload: typeof payload === "function" ? await payload(wanted) : payload,
    },
    wanted,
    first,
  );
}

/** Signs `type` in `scope` as `person` and posts it; returns the event id. */
export async function apiAct(
  base: string,
  person: DemoPerson,
  scope: string,
  type: string,
  payload: CanonicalValue,
): Promise<string> {
  const events = await apiSign(base, person, scope, type, payload);
  const last = await apiPost(base, events);
  if (last.invalid) throw new Error(`${type} invalid: ${last.invalid.code}`);
  return events.at(-1)!.id;
}

/** Members of a body who vote the same way, one after another (ballots live in the motion's body). */
export async function apiVoteAll(
  base: string,
  voters: readonly DemoPerson[],
  body: string,
  motion: string,
  choice: CanonicalValue,
): Promise<void> {
  for (const v of voters)
    await apiAct(base, v, body, "ballot.cast", { motion, choice });
}

/** Closes a motion as its chair, stating the result the hub counts on the deps it names. */
export async function apiClose(
  base: string,
  chair: DemoPerson,
  motion: string,
): Promise<string> {
  const draft = await apiGet<{
    scope: string;
    deps: string[];
    result: CanonicalValue;
  }>(base, `/api/motions/${motion}/close-draft`, chair);
  const events = await apiSign(
    base,
    chair,
    draft.scope,
    "vote.closed",
    { motion, result: draft.result },
    { deps: draft.deps },
  );
  const last = await apiPost(base, events);
  if (last.invalid) throw new Error(`close invalid: ${last.invalid.code}`);
  return events.at(-1)!.id;
}

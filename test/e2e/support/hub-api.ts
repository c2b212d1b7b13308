/**
 * Other members acting at the same time as the browser: they sign in node with their demo
 * keys and post to the real hub over HTTP, exactly as a client would (no shortcut into the store).
 */
import {
  encodeWireEvent,
  planMerges,
  signEvent,
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

async function json<T>(r: Response): Promise<T> {
  const body = (await r.json()) as T;
  if (!r.ok) throw new Error(`${r.status} ${JSON.stringify(body)}`);
  return body;
}

/** Signs in and returns the token. */
export async function apiLogin(base: string, key: KeyPair): Promise<string> {
  const c = await json<{ challenge: string; federation: string; hub: string }>(
    await fetch(`${base}/api/auth/challenge`),
  );
  const origin = new URL(base).origin;
  const signature = toHex(
    signEd25519(
      key.secretKey,
      hubAuthMessage({ ...c, origin, key: toHex(key.publicKey) }),
    ),
  );
  const s = await json<{ token: string }>(
    await fetch(`${base}/api/auth/session`, {
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

/** Signs an event as `person` on top of the hub's heads and posts it; returns the event id. */
export async function apiAct(
  base: string,
  person: DemoPerson,
  type: string,
  payload: CanonicalValue,
): Promise<string> {
  const key = keyOf(person);
  const token = await apiLogin(base, key);
  const h = await json<{
    federation: string;
    heads: string[];
    chain: { seq: number; id: string } | null;
  }>(
    await fetch(`${base}/api/heads`, {
      headers: { authorization: `Bearer ${token}` },
    }),
  );
  let seq = (h.chain?.seq ?? 0) + 1;
  let prev = h.chain?.id ?? null;
  const time = Date.now();
  const plan = planMerges(h.heads, prev);
  const events = [];
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
    events.push(e);
    prev = e.id;
    seq++;
  }
  const main = signEvent(key, {
    federation: h.federation,
    seq,
    prev,
    deps: plan.deps,
    time,
    type,
    payload,
  });
  events.push(main);
  const r = await json<{
    results: { id: string; invalid: { code: string } | null }[];
  }>(
    await fetch(`${base}/api/events`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        events: events.map((e) =>
          Buffer.from(encodeWireEvent(e)).toString("base64url"),
        ),
      }),
    }),
  );
  const last = r.results.at(-1)!;
  if (last.invalid) throw new Error(`${type} invalid: ${last.invalid.code}`);
  return main.id;
}

/** Members of a body (other than `except`) who vote the same way, one after another. */
export async function apiVoteAll(
  base: string,
  voters: readonly DemoPerson[],
  motion: string,
  choice: CanonicalValue,
): Promise<void> {
  for (const v of voters)
    await apiAct(base, v, "ballot.cast", { motion, choice });
}

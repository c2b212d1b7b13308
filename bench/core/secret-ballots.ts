/**
 * Secret ballots (issue 12): what a token costs, beside what a plain signature costs, in one run
 * on one core — and a referendum in one assembly, end to end.
 *  1. Rates, each measured for about two seconds on this thread: Ed25519 verify (node:crypto, as
 *     the hub and CLI verify every event), token verify (RSA-PSS SHA-384, the fold's check of
 *     each token), the registrar's blind signature (OpenSSL's raw RSA), the voter's blinding and
 *     unblinding — natively in Node (node:crypto + BigInt, src/crypto/blind-rsa-node.ts) and
 *     through @cloudflare/blindrsa-ts (its big integers in JavaScript, what a browser runs).
 *  2. A referendum: BALLOTS members admitted to one assembly, two registrars, every member asks
 *     for tokens, both registrars issue, every member votes with a one-time key, the chair
 *     closes; then the whole log folded again from nothing in a fresh fold (every token verified
 *     again, the close counted), with the time and the heap it took. Fixed seed: the keys derive
 *     from labels, the choices from a counter.
 * Usage: node --import tsx bench/core/secret-ballots.ts [--ballots 2000] [--bits 2048]
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { RSABSSA } from "@cloudflare/blindrsa-ts";
import {
  EVENT_HANDLERS,
  FoldEngine,
  foldInputOf,
} from "../../src/core/index.js";
import { TestFederation } from "../../src/core/testing.js";
import {
  blindToken,
  finalizeToken,
  generateTokenKey,
  signBlindedToken,
} from "../../src/crypto/blind-token.js";
import {
  deriveKeyPair,
  signEd25519,
  verifyEd25519,
  verifyToken,
} from "../../src/crypto/index.js";
import { installNodeCrypto } from "../../src/crypto/node.js";
import { wholeNumberFlag } from "../whole-number-flag.js";

installNodeCrypto();

const flag = wholeNumberFlag;
const BALLOTS = flag("ballots", 2_000);
const BITS = flag("bits", 2048);
const utf8 = (s: string) => new TextEncoder().encode(s);

/** Calls `fn` repeatedly for about `seconds`; operations a second. */
async function rate(
  label: string,
  fn: (i: number) => unknown,
  seconds = 2,
): Promise<number> {
  for (let i = 0; i < 20; i++) await fn(i);
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) await fn(n++);
  const perSecond = n / ((performance.now() - start) / 1000);
  console.log(`${label.padEnd(58)} ${perSecond.toFixed(0).padStart(8)} /s`);
  return Math.round(perSecond);
}

console.log(`## rates on one thread (RSA ${BITS} bits)`);
const signer = deriveKeyPair("bench signer", 0);
const message = utf8("kenges secret-ballot bench");
const signature = signEd25519(signer.secretKey, message);
const registrarKey = await generateTokenKey(BITS);
const blinded = await blindToken(registrarKey.publicKey, message);
const blindSignature = await signBlindedToken(registrarKey, blinded.blinded);
const token = await finalizeToken(
  registrarKey.publicKey,
  message,
  blindSignature,
  blinded,
);
if (!verifyToken(registrarKey.publicKey, message, token))
  throw new Error("the bench's token does not verify");
const suite = RSABSSA.SHA384.PSS.Deterministic();
const libraryKey = await crypto.subtle.importKey(
  "spki",
  Uint8Array.from(registrarKey.publicKey),
  { name: "RSA-PSS", hash: "SHA-384" },
  true,
  ["verify"],
);
const rates = {
  ed25519Verify: await rate("Ed25519 verify (node:crypto)", () =>
    verifyEd25519(signer.publicKey, message, signature),
  ),
  tokenVerify: await rate("token verify (RSA-PSS SHA-384)", () =>
    verifyToken(registrarKey.publicKey, message, token),
  ),
  blindSign: await rate("registrar's blind signature (raw RSA)", () =>
    signBlindedToken(registrarKey, blinded.blinded),
  ),
  blind: await rate("voter's blinding (native: node:crypto + BigInt)", () =>
    blindToken(registrarKey.publicKey, message),
  ),
  finalize: await rate("voter's unblinding and check (native)", () =>
    finalizeToken(registrarKey.publicKey, message, blindSignature, blinded),
  ),
  blindLibrary: await rate(
    "voter's blinding (blindrsa-ts, as in a browser)",
    () => suite.blind(libraryKey, message),
  ),
  finalizeLibrary: await rate(
    "voter's unblinding and check (blindrsa-ts)",
    () => suite.finalize(libraryKey, message, blindSignature, blinded.inverse),
  ),
};

console.log(`\n## a referendum of ${BALLOTS} ballots in one assembly`);
const timings: Record<string, number> = {};
async function phase<T>(name: string, fn: () => Promise<T> | T): Promise<T> {
  const t = performance.now();
  const out = await fn();
  timings[name] = Number(((performance.now() - t) / 1000).toFixed(2));
  console.log(`${name.padEnd(58)} ${timings[name]!.toFixed(2).padStart(8)} s`);
  return out;
}
const t = new TestFederation();
const chair = t.founders[0]!;
const { body, members } = await phase(
  "admit the members (2 events each)",
  () => {
    const body = t.createBody(chair, {
      rules: {
        admission: { method: "endorsements", endorsements: 1 },
        quorumPercent: 20,
      },
    });
    const members = [chair];
    for (let i = 1; i < BALLOTS; i++) {
      const k = t.key(`member ${i}`);
      t.admit(body, k, [chair]);
      members.push(k);
    }
    return { body, members };
  },
);
const registrars = [
  t.offerRegistrar(members[1 % members.length]!, body, registrarKey),
  t.offerRegistrar(
    members[2 % members.length]!,
    body,
    await generateTokenKey(BITS),
  ),
];
const motion = t.openSecretMotion(chair, body, registrars);
const tickets = await phase(
  "every member asks; both registrars issue (blind, sign)",
  async () => {
    const out = [];
    for (const m of members) {
      const ticket = await t.requestTokens(m, motion);
      for (const r of registrars) await t.issueTokens(r, ticket.request!);
      out.push(ticket);
    }
    return out;
  },
);
const VOTES = ["yes", "no", "yes", "abstain", "yes"];
await phase("every member unblinds and votes (one-time keys)", async () => {
  for (const [i, ticket] of tickets.entries())
    await t.castSecret(ticket, { vote: VOTES[i % VOTES.length]! });
});
const close = t.close(chair, motion);
if (t.fold.invalidReason(close.id) !== null)
  throw new Error(
    `the close is invalid: ${t.fold.invalidReason(close.id)?.code}`,
  );
const inputs = t.events.map(foldInputOf);
global.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const fold = await phase("fold the whole log again from nothing", () => {
  const f = new FoldEngine(EVENT_HANDLERS);
  f.add(inputs);
  return f;
});
const heapAfter = process.memoryUsage().heapUsed;
const decision = fold.state.motions.get(motion)!.result;
if (fold.stateHash() !== t.fold.stateHash())
  throw new Error("the refold differs from the incremental fold");
const referendum = {
  ballots: BALLOTS,
  events: t.events.length,
  timings,
  foldHeapMB: Number(((heapAfter - heapBefore) / 2 ** 20).toFixed(1)),
  rssMB: Number((process.memoryUsage().rss / 2 ** 20).toFixed(0)),
  result: decision,
};
console.log(
  `events ${referendum.events}; fold heap +${referendum.foldHeapMB} MB; RSS ${referendum.rssMB} MB`,
);
console.log(JSON.stringify(decision));
const out = join(import.meta.dirname, "..", "out", "secret-ballots.json");
writeFileSync(
  out,
  `${JSON.stringify({ date: new Date().toISOString(), bits: BITS, rates, referendum }, null, 2)}\n`,
);
console.log(`written ${out}`);

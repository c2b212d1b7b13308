/**
 * Writes the frozen event vectors in test/vectors/events/ — run ONCE when a vector is added,
 * never to "fix" a failing test: the vectors define the format. Existing files are kept.
 * Usage: node --import tsx scripts/make-event-vectors.ts
 */
import { existsSync, writeFileSync } from "node:fs";
import { type SignedEvent, signEvent } from "../src/core/index.js";
import {
  type CanonicalValue,
  deriveKeyPair,
  toHex,
} from "../src/crypto/index.js";

const dir = new URL("../test/vectors/events/", import.meta.url);
const founder = deriveKeyPair("kenges-vector", 0);
const member = deriveKeyPair("kenges-vector", 1);
const time = Date.UTC(2026, 0, 2, 6, 0, 0);

function write(
  name: string,
  description: string,
  key: typeof founder,
  event: SignedEvent,
  payload: CanonicalValue | null,
) {
  const file = new URL(`${name}.json`, dir);
  if (existsSync(file)) {
    console.log(`kept ${name}.json (vectors are never regenerated)`);
    return;
  }
  const vector = {
    description,
    secretKey: toHex(key.secretKey),
    publicKey: toHex(key.publicKey),
    envelope: toHex(event.envelopeBytes),
    signature: toHex(event.signature),
    payload: event.payloadBytes === null ? null : toHex(event.payloadBytes),
    id: event.id,
    decoded: {
      fed: event.envelope.fed ? toHex(event.envelope.fed) : null,
      author: toHex(event.envelope.author),
      seq: event.envelope.seq,
      prev: event.envelope.prev ? toHex(event.envelope.prev) : null,
      deps: event.envelope.deps.map(toHex),
      time: event.envelope.time,
      type: event.envelope.type,
      payloadHash: toHex(event.envelope.payloadHash),
      payloadSize: event.envelope.payloadSize,
      payload,
    },
  };
  writeFileSync(file, `${JSON.stringify(vector, null, 2)}\n`);
  console.log(`wrote ${name}.json`);
}

const genesisPayload = {
  name: {
    en: "Vector Federation",
    kk: "Векторлық федерация",
    ru: "Векторная федерация",
    ur: "ویکٹر وفاق",
  },
  founders: [{ key: toHex(founder.publicKey), name: "Founder" }],
};
const genesis = signEvent(founder, {
  federation: null,
  seq: 1,
  prev: null,
  deps: [],
  time,
  type: "federation.created",
  payload: genesisPayload,
});
write(
  "01-genesis",
  "The genesis event: no federation field, seq 1, no prev, no deps.",
  founder,
  genesis,
  genesisPayload,
);

const bodyPayload = {
  name: { en: "Bus depot assembly" },
  kind: "assembly",
  setting: "workplace",
  rules: {
    admission: { method: "endorsements", endorsements: 2 },
    quorumPercent: 20,
    majority: "simple",
    recallThreshold: "simple",
    redaction: "chairs",
    public: false,
    delegateWeight: "one",
  },
  founderName: "Founder",
};
const body = signEvent(founder, {
  federation: genesis.id,
  seq: 2,
  prev: genesis.id,
  deps: [],
  time: time + 60_000,
  type: "body.created",
  payload: bodyPayload,
});
write(
  "02-body-created",
  "A second event of the same author: prev is the genesis, no deps needed.",
  founder,
  body,
  bodyPayload,
);

const joinPayload = { body: body.id, name: "Aigerim" };
const join = signEvent(member, {
  federation: genesis.id,
  seq: 1,
  prev: null,
  deps: [body.id, genesis.id],
  time: time + 120_000,
  type: "member.join-requested",
  payload: joinPayload,
});
write(
  "03-join-requested",
  "A new author's first event: seq 1, no prev, two deps in ascending byte order.",
  member,
  join,
  joinPayload,
);

const commentPayload = {
  motion: body.id,
  text: "Names and addresses an informer posted.",
  lang: "en",
};
const comment = signEvent(member, {
  federation: genesis.id,
  seq: 2,
  prev: join.id,
  deps: [],
  time: time + 180_000,
  type: "comment.posted",
  payload: commentPayload,
});
write(
  "04-comment-redacted",
  "A redacted event: the payload is gone (null) but the envelope still carries its hash and size, so the id and signature verify.",
  member,
  { ...comment, payloadBytes: null },
  null,
);

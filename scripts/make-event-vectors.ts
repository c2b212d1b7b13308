/**
 * Writes the frozen event vectors of format 2 in test/vectors/events/v2/ — run ONCE when a
 * vector is added, never to "fix" a failing test: the vectors define the format. Existing
 * files are kept. (The format-1 vectors in test/vectors/events/v1/ were written by the
 * format-1 version of this script; they stay as rejection tests.)
 * Usage: node --import tsx scripts/make-event-vectors.ts
 */
import { existsSync, writeFileSync } from "node:fs";
import {
  claimHash,
  keyProofMessage,
  type SignedEvent,
  signEvent,
} from "../src/core/index.js";
import {
  type CanonicalValue,
  deriveKeyPair,
  signEd25519,
  toHex,
} from "../src/crypto/index.js";

const dir = new URL("../test/vectors/events/v2/", import.meta.url);
const founder = deriveKeyPair("kenges-vector", 0);
const member = deriveKeyPair("kenges-vector", 1);
const time = Date.UTC(2026, 11, 2, 6, 0, 0);

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
      scope: event.envelope.scope ? toHex(event.envelope.scope) : null,
      author: toHex(event.envelope.author),
      seq: event.envelope.seq,
      kseq: event.envelope.kseq,
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
  scope: null,
  seq: 1,
  kseq: 1,
  prev: null,
  deps: [],
  time,
  type: "federation.created",
  payload: genesisPayload,
});
write(
  "01-genesis",
  "The genesis founds the federation scope: no fed, no scope, seq 1, kseq 1, no prev, no deps.",
  founder,
  genesis,
  genesisPayload,
);

const rules = {
  admission: { method: "endorsements", endorsements: 1 },
  quorumPercent: 20,
  majority: "simple",
  recallThreshold: "simple",
  redaction: "chairs",
  public: false,
  delegateWeight: "one",
};
const councilPayload = {
  name: { en: "Town council" },
  kind: "council",
  level: "municipal",
  rules,
  founderName: "Founder",
};
const council = signEvent(founder, {
  federation: genesis.id,
  scope: null,
  seq: 1,
  kseq: 2,
  prev: null,
  deps: [genesis.id],
  time: time + 60_000,
  type: "body.created",
  payload: councilPayload,
});
write(
  "02-council-created",
  "A body.created founds its own scope: no scope field, seq 1 in the new scope, kseq 2 (the key's second event), one dep into the federation scope.",
  founder,
  council,
  councilPayload,
);

const depotPayload = {
  name: { en: "Bus depot assembly" },
  kind: "assembly",
  setting: "workplace",
  rules,
  founderName: "Aigerim",
};
const depot = signEvent(member, {
  federation: genesis.id,
  scope: null,
  seq: 1,
  kseq: 1,
  prev: null,
  deps: [genesis.id],
  time: time + 120_000,
  type: "body.created",
  payload: depotPayload,
});
write(
  "03-assembly-created",
  "Another key founds an assembly: its own scope, its first event anywhere (kseq 1).",
  member,
  depot,
  depotPayload,
);

const linkPayload = {
  child: depot.id,
  seats: 1,
  card: { name: { en: "Depot" }, kind: "assembly", setting: "workplace" },
  attesters: [toHex(member.publicKey)],
  threshold: 1,
};
const link = signEvent(founder, {
  federation: genesis.id,
  scope: council.id,
  seq: 2,
  kseq: 3,
  prev: council.id,
  deps: [],
  time: time + 180_000,
  type: "body.linked",
  payload: linkPayload,
});
write(
  "04-body-linked",
  "The council links the assembly in its own scope (its card, seats, attesters): prev is the council's founding, the key's chain there.",
  founder,
  link,
  linkPayload,
);

const commentPayload = {
  motion: depot.id,
  text: "Names and addresses an informer posted.",
  lang: "en",
};
const comment = signEvent(member, {
  federation: genesis.id,
  scope: depot.id,
  seq: 2,
  kseq: 2,
  prev: depot.id,
  deps: [link.id],
  time: time + 240_000,
  type: "comment.posted",
  payload: commentPayload,
});
write(
  "05-comment-redacted",
  "A redacted event in the assembly's scope, with a dep up into the council's scope: the payload is gone (null) but the envelope carries its hash and size, so the id and signature verify.",
  member,
  { ...comment, payloadBytes: null },
  null,
);

const claim = {
  kind: "members",
  cites: comment.id,
  count: 1,
} as const;
const attestationPayload = { body: depot.id, claim };
const attestation = signEvent(member, {
  federation: genesis.id,
  scope: council.id,
  seq: 1,
  kseq: 3,
  prev: null,
  deps: [link.id],
  time: time + 300_000,
  type: "attestation.made",
  payload: attestationPayload,
});
write(
  "06-attestation-made",
  `An attester of the assembly signs a claim in the council's scope: its first event there (seq 1), its third anywhere (kseq 3). The claim cites an event of the assembly by id, without depending on it. Claim hash ${claimHash(depot.id, claim)}.`,
  member,
  attestation,
  attestationPayload,
);

const device = deriveKeyPair("kenges-vector", 2);
const revocationPayload = {
  key: toHex(device.publicKey),
  lastValidKseq: 0,
  proof: toHex(
    signEd25519(
      device.secretKey,
      keyProofMessage(
        genesis.id,
        toHex(member.publicKey),
        toHex(device.publicKey),
      ),
    ),
  ),
};
const revocation = signEvent(member, {
  federation: genesis.id,
  scope: genesis.id,
  seq: 1,
  kseq: 4,
  prev: null,
  deps: [genesis.id],
  time: time + 360_000,
  type: "key.revoked",
  payload: revocationPayload,
});
write(
  "07-key-revoked",
  "A revocation lives in the federation scope (scope = the genesis id): the member revokes a device key with the key's own consent signature as proof, naming no body.",
  member,
  revocation,
  revocationPayload,
);

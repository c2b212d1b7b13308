/**
 * Secret ballots end to end in the core: registrars offer keys, a motion cites them and
 * freezes its roll, members ask for tokens and registrars issue them, one-time keys vote,
 * and the close counts — with the attacks the design names refused or flagged.
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
  finalizeToken,
  generateTokenKey,
  signBlindedToken,
  type TokenKeyPair,
} from "../../crypto/blind-token.js";
import { fromHex, type KeyPair, toHex } from "../../crypto/index.js";
import {
  idOf,
  replicasAgree,
  type SecretTicket,
  TestFederation,
  type TestRegistrar,
} from "../testing.js";
import { secretBallotAudit } from "./audit.js";
import { secretBallotMessage } from "./token-message.js";

/** RSA key generation is slow: one small pool of 2048-bit keys for the whole file. */
let pool: TokenKeyPair[] = [];
beforeAll(async () => {
  pool = [];
  for (let i = 0; i < 4; i++) pool.push(await generateTokenKey(2048));
});

/** An assembly of six (the founder chairs it), two registrars' offers in it. */
function assembly() {
  const t = new TestFederation();
  const chair = t.founders[0]!;
  const body = t.createBody(chair, {
    rules: {
      admission: { method: "endorsements", endorsements: 1 },
      quorumPercent: 20,
    },
  });
  const members: KeyPair[] = [chair];
  for (const label of ["ana", "bek", "cem", "dil", "eli"]) {
    const k = t.key(label);
    t.admit(body, k, [chair]);
    members.push(k);
  }
  const r1 = t.offerRegistrar(members[1]!, body, pool[0]!);
  const r2 = t.offerRegistrar(members[2]!, body, pool[1]!);
  return { t, chair, body, members, registrars: [r1, r2] };
}

/** Requests, issues (by every registrar) and returns a member's ticket. */
async function tokensFor(
  t: TestFederation,
  voter: KeyPair,
  motion: string,
  registrars: readonly TestRegistrar[],
): Promise<SecretTicket> {
  const ticket = await t.requestTokens(voter, motion);
  for (const r of registrars) await t.issueTokens(r, ticket.request!);
  return ticket;
}

describe("secret ballots", () => {
  it("members take tokens, vote with one-time keys, and the close's result is the count", async () => {
    const { t, chair, body, members, registrars } = assembly();
    const motion = t.openSecretMotion(chair, body, registrars);
    const choices = ["yes", "yes", "no", "yes", "abstain"];
    for (let i = 0; i < choices.length; i++) {
      const ticket = await tokensFor(t, members[i]!, motion, registrars);
      const ballot = await t.castSecret(ticket, { vote: choices[i]! });
      expect(t.fold.invalidReason(ballot.id)).toBeNull();
    }
    const close = t.close(chair, motion);
    const { reference: fold, disagreements } = replicasAgree(t.events);
    expect(disagreements).toEqual([]);
    expect(fold.invalidReason(close.id)).toBeNull();
    const record = fold.state.motions.get(motion)!;
    expect(record.outcome).toBe("adopted");
    expect(record.result).toMatchObject({
      kind: "decision",
      decision: { yes: 3, no: 1, abstain: 1, present: 5 },
    });
    expect(secretBallotAudit(fold.state, motion)).toMatchObject({
      rollSize: 6,
      requests: 5,
      registrars: [{ issued: 5 }, { issued: 5 }],
      ballots: 5,
      tally: { counted: 5, rollSize: 6, uncounted: [], issued: [5, 5] },
    });
    expect(fold.state.secretTallies.get(motion)!.overIssued).toBe(false);
    // Nothing the ballots carry names a member.
    expect(fold.state.ballots.get(motion)).toEqual([]);
  });

  it("a close stating another result than the secret count is refused", async () => {
    const { t, chair, body, members, registrars } = assembly();
    const motion = t.openSecretMotion(chair, body, registrars);
    for (const m of members.slice(0, 3))
      await t.castSecret(await tokensFor(t, m, motion, registrars), {
        vote: "no",
      });
    const close = t.close(chair, motion, { result: { outcome: "adopted" } });
    expect(t.fold.invalidReason(close.id)?.code).toBe("RESULT_MISMATCH");
    const good = t.close(chair, motion);
    expect(t.fold.invalidReason(good.id)).toBeNull();
    expect(t.fold.state.motions.get(motion)!.outcome).toBe("rejected");
  });

  it("a key off the roll asks in vain: its request is invalid and no issuance on it is valid", async () => {
    const { t, chair, body, members, registrars } = assembly();
    const motion = t.openSecretMotion(chair, body, registrars);
    // Admitted after the opening: not on the roll frozen there.
    const late = t.key("late");
    t.admit(body, late, [chair]);
    const stranger = t.key("stranger");
    for (const key of [late, stranger]) {
      const ticket = await t.requestTokens(key, motion);
      expect(t.fold.invalidReason(ticket.request!.id)?.code).toBe(
        "NOT_ON_ROLL",
      );
      for (const r of registrars) {
        const issued = await t.issueTokens(r, ticket.request!);
        expect(t.fold.invalidReason(issued.id)?.code).toBe(
          "TOKEN_REQUEST_NOT_FOUND",
        );
      }
    }
    // A member's second request is invalid too, and a registrar issues only once a request.
    const first = await tokensFor(t, members[3]!, motion, registrars);
    const again = await t.requestTokens(members[3]!, motion);
    expect(t.fold.invalidReason(again.request!.id)?.code).toBe(
      "TOKEN_ALREADY_REQUESTED",
    );
    const twice = await t.issueTokens(registrars[0]!, first.request!);
    expect(t.fold.invalidReason(twice.id)?.code).toBe("TOKEN_ALREADY_ISSUED");
    // Only a registrar issues.
    const imposter = await t.issueTokens(
      { ...registrars[0]!, member: members[4]! },
      (await t.requestTokens(members[5]!, motion)).request!,
    );
    expect(t.fold.invalidReason(imposter.id)?.code).toBe("NOT_A_REGISTRAR");
    expect(secretBallotAudit(t.fold.state, motion)).toMatchObject({
      rollSize: 6,
      requests: 2,
      registrars: [{ issued: 1 }, { issued: 1 }],
    });
  });

  it("of two concurrent requests from a member's two devices, only the first in fold order counts, on every replica", async () => {
    const { t, chair, body, members, registrars } = assembly();
    const device = t.key("second device of cem");
    t.sign(
      members[3]!,
      body,
      "key.added",
      t.keyAddedPayload(members[3]!, device),
    );
    const motion = t.openSecretMotion(chair, body, registrars);
    const a = await t.requestTokens(members[3]!, motion, { detached: true });
    const b = await t.requestTokens(device, motion, { detached: true });
    t.deliver([a.request!, b.request!]);
    const [first, second] = a.request!.id < b.request!.id ? [a, b] : [b, a];
    expect(t.fold.invalidReason(first.request!.id)).toBeNull();
    expect(t.fold.invalidReason(second.request!.id)?.code).toBe(
      "TOKEN_ALREADY_REQUESTED",
    );
    for (const r of registrars) {
      await t.issueTokens(r, first.request!);
      const late = await t.issueTokens(r, second.request!);
      expect(t.fold.invalidReason(late.id)?.code).toBe(
        "TOKEN_REQUEST_NOT_FOUND",
      );
    }
    await t.castSecret(first, { vote: "yes" });
    t.close(chair, motion);
    const { reference, disagreements } = replicasAgree(t.events);
    expect(disagreements).toEqual([]);
    expect(secretBallotAudit(reference.state, motion)).toMatchObject({
      requests: 1,
      registrars: [{ issued: 1 }, { issued: 1 }],
      tally: { counted: 1 },
    });
  });

  it("a forged token is refused", async () => {
    const { t, chair, body, members, registrars } = assembly();
    const motion = t.openSecretMotion(chair, body, registrars);
    const ticket = await tokensFor(t, members[1]!, motion, registrars);
    const tokens = await t.finalizeTokens(ticket);
    const forged = fromHex(tokens[1]!)!;
    forged[40]! ^= 1;
    const ballot = await t.castSecret(
      ticket,
      { vote: "yes" },
      {
        tokens: [tokens[0]!, toHex(forged)],
      },
    );
    expect(t.fold.invalidReason(ballot.id)).toMatchObject({
      code: "TOKEN_INVALID",
      details: { registrar: 1 },
    });
    // A valid token of another one-time key does not transfer either.
    const other = await tokensFor(t, members[2]!, motion, registrars);
    const stolen = await t.castSecret(other, { vote: "no" }, { tokens });
    expect(t.fold.invalidReason(stolen.id)?.code).toBe("TOKEN_INVALID");
  });

  it("a token spent twice counts once, by the lowest id, and the close flags the other", async () => {
    const { t, chair, body, members, registrars } = assembly();
    const motion = t.openSecretMotion(chair, body, registrars);
    const ticket = await tokensFor(t, members[1]!, motion, registrars);
    const a = await t.castSecret(ticket, { vote: "yes" });
    const b = await t.castSecret(ticket, { vote: "no" });
    // The one-time key signed two events with sequence number 1: both stay valid ballots.
    expect(t.fold.invalidReason(a.id)).toBeNull();
    expect(t.fold.invalidReason(b.id)).toBeNull();
    await t.castSecret(await tokensFor(t, members[2]!, motion, registrars), {
      vote: "no",
    });
    const close = t.close(chair, motion);
    const { reference: fold, disagreements } = replicasAgree(t.events);
    expect(disagreements).toEqual([]);
    expect(fold.invalidReason(close.id)).toBeNull();
    const [low, high] = a.id < b.id ? [a, b] : [b, a];
    const lowVote = low === a ? "yes" : "no";
    const decision = (
      fold.state.motions.get(motion)!.result as {
        decision: { yes: number; no: number; present: number };
      }
    ).decision;
    expect(decision.present).toBe(2);
    expect(decision.yes).toBe(lowVote === "yes" ? 1 : 0);
    expect(fold.state.secretTallies.get(motion)).toMatchObject({
      counted: 2,
      uncounted: [{ ballot: high.id, code: "TOKEN_SPENT_TWICE" }],
      overIssued: false,
    });
    expect(secretBallotAudit(fold.state, motion)).toMatchObject({
      ballots: 3,
      doubleSpent: 1,
    });
  });

  it("a rogue registrar minting tokens for itself cannot add a ballot without the other registrar's", async () => {
    const { t, chair, body, registrars } = assembly();
    const motion = t.openSecretMotion(chair, body, registrars);
    const [rogue] = registrars;
    // The rogue blinds and signs for a key of its own, off the log.
    const ticket = await t.prepareTicket(motion, "rogue one-time");
    const message = secretBallotMessage(motion, idOf(ticket.oneTimeKey));
    const own = await finalizeToken(
      rogue!.key.publicKey,
      message,
      await signBlindedToken(rogue!.key, ticket.blinded[0]!.blinded),
      ticket.blinded[0]!,
    );
    const withOwnTwice = await t.castSecret(
      ticket,
      { vote: "yes" },
      {
        tokens: [toHex(own), toHex(own)],
      },
    );
    expect(t.fold.invalidReason(withOwnTwice.id)).toMatchObject({
      code: "TOKEN_INVALID",
      details: { registrar: 1 },
    });
    // Signing the other registrar's slot with its own key does not verify under that key.
    const wrongKey = await signBlindedToken(
      rogue!.key,
      fromHex(toHex(ticket.blinded[0]!.blinded))!,
    );
    const forgedSecond = await t.castSecret(
      ticket,
      { vote: "yes" },
      {
        tokens: [toHex(own), toHex(wrongKey)],
      },
    );
    expect(t.fold.invalidReason(forgedSecond.id)?.code).toBe("TOKEN_INVALID");
    expect(t.fold.state.secretBallots.get(motion)).toEqual([]);
  });

  it("every registrar colluding could mint ballots; the close flags more ballots than issuances", async () => {
    const { t, chair, body, members, registrars } = assembly();
    const motion = t.openSecretMotion(chair, body, registrars);
    await t.castSecret(await tokensFor(t, members[3]!, motion, registrars), {
      vote: "yes",
    });
    const ticket = await t.prepareTicket(motion, "minted off the log");
    const message = secretBallotMessage(motion, idOf(ticket.oneTimeKey));
    const tokens: string[] = [];
    for (let i = 0; i < registrars.length; i++)
      tokens.push(
        toHex(
          await finalizeToken(
            registrars[i]!.key.publicKey,
            message,
            await signBlindedToken(
              registrars[i]!.key,
              ticket.blinded[i]!.blinded,
            ),
            ticket.blinded[i]!,
          ),
        ),
      );
    const minted = await t.castSecret(ticket, { vote: "yes" }, { tokens });
    expect(t.fold.invalidReason(minted.id)).toBeNull();
    t.close(chair, motion);
    expect(t.fold.state.secretTallies.get(motion)).toMatchObject({
      counted: 2,
      issued: [1, 1],
      overIssued: true,
    });
  });

  it("a chair cannot cite offers not signed by distinct members of the body", async () => {
    const { t, chair, body, members, registrars } = assembly();
    // Two offers by the chair itself (two device keys would act for the same member too).
    const own1 = t.offerRegistrar(chair, body, pool[2]!);
    const own2 = t.offerRegistrar(chair, body, pool[3]!);
    const same = t.openSecretMotion(chair, body, [own1, own2]);
    expect(t.fold.invalidReason(same)).toMatchObject({
      code: "REGISTRARS_INVALID",
      details: { reason: "same-member" },
    });
    // An offer signed by a key that is no member's is invalid itself, and cannot be cited.
    const outsider = t.offerRegistrar(t.key("outsider"), body, pool[2]!);
    expect(t.fold.invalidReason(outsider.offer)?.code).toBe("NOT_A_MEMBER");
    const withOutsider = t.openSecretMotion(chair, body, [own1, outsider]);
    expect(t.fold.invalidReason(withOutsider)).toMatchObject({
      code: "REGISTRAR_OFFER_NOT_FOUND",
      details: { offer: outsider.offer },
    });
    // A member copying another registrar's public key into its own offer adds no registrar.
    const copied = t.offerRegistrar(members[3]!, body, registrars[0]!.key);
    const sameKey = t.openSecretMotion(chair, body, [registrars[0]!, copied]);
    expect(t.fold.invalidReason(sameKey)).toMatchObject({
      code: "REGISTRARS_INVALID",
      details: { reason: "same-key" },
    });
    // One registrar alone is not a secret motion.
    const alone = t.openSecretMotion(chair, body, [registrars[0]!]);
    expect(t.fold.invalidReason(alone)?.code).toBe("PAYLOAD_INVALID");
    // An offer serves one motion: a second motion citing it is refused.
    const first = t.openSecretMotion(chair, body, registrars);
    expect(t.fold.invalidReason(first)).toBeNull();
    const reuse = t.openSecretMotion(chair, body, [registrars[0]!, own1]);
    expect(t.fold.invalidReason(reuse)).toMatchObject({
      code: "REGISTRAR_OFFER_USED",
      details: { offer: registrars[0]!.offer, motion: first },
    });
    // A registrar who left the body before the opening cannot be cited.
    const leaver = t.offerRegistrar(members[5]!, body, pool[3]!);
    t.sign(members[5]!, body, "member.left", {});
    const afterLeave = t.openSecretMotion(chair, body, [own1, leaver]);
    expect(t.fold.invalidReason(afterLeave)).toMatchObject({
      code: "REGISTRARS_INVALID",
      details: { reason: "not-a-member" },
    });
  });

  it("refuses a small or malformed registrar key, and a secret motion in a council", async () => {
    const { t, chair, body } = assembly();
    const { generateKeyPairSync } = await import("node:crypto");
    const small = generateKeyPairSync("rsa", {
      modulusLength: 1024,
    }).publicKey.export({ format: "der", type: "spki" });
    const offer = t.sign(chair, body, "registrar.offered", {
      key: toHex(small),
    });
    expect(t.fold.invalidReason(offer.id)).toMatchObject({
      code: "REGISTRAR_KEY_INVALID",
      details: { reason: "size", bits: 1024 },
    });
    const junk = t.sign(chair, body, "registrar.offered", { key: "00ff" });
    expect(t.fold.invalidReason(junk.id)?.code).toBe("REGISTRAR_KEY_INVALID");

    const council = t.createBody(chair, { kind: "council", name: "Council" });
    const o1 = t.offerRegistrar(chair, council, pool[0]!);
    const secretInCouncil = t.openSecretMotion(chair, council, [o1, o1.offer]);
    expect(t.fold.invalidReason(secretInCouncil)?.code).toBe(
      "SECRET_BALLOT_NOT_ALLOWED",
    );
  });

  it("a ballot whose envelope points anywhere but the opening is invalid", async () => {
    const { t, chair, body, members, registrars } = assembly();
    const device = t.key("device of dil");
    t.sign(
      members[4]!,
      body,
      "key.added",
      t.keyAddedPayload(members[4]!, device),
    );
    const motion = t.openSecretMotion(chair, body, registrars);
    const ticket = await tokensFor(t, members[1]!, motion, registrars);
    const tokens = await t.finalizeTokens(ticket);
    const opened = t.fold.timeOf(motion)!;
    const cases: [string, Record<string, unknown>][] = [
      ["time", { time: opened + 60_000 }],
      ["deps", { deps: [motion, ticket.request!.id] }],
      ["kseq", { kseq: 2 }],
    ];
    for (const [field, options] of cases) {
      const ballot = await t.castSecret(
        ticket,
        { vote: "yes" },
        {
          tokens,
          ...options,
        },
      );
      expect(t.fold.invalidReason(ballot.id), field).toMatchObject({
        code: "SECRET_BALLOT_ENVELOPE_INVALID",
        details: { field },
      });
    }
    // Signed by a device key registered to a member (before the opening) instead of a one-time key.
    const named = await t.castSecret(
      { ...ticket, oneTimeKey: device },
      { vote: "yes" },
      { tokens },
    );
    expect(t.fold.invalidReason(named.id)?.code).toBe(
      "SECRET_BALLOT_AUTHOR_KNOWN",
    );
    // An open ballot on a secret motion would show the choice: refused.
    const open = t.vote(members[2]!, motion, { vote: "yes" });
    expect(t.fold.invalidReason(open.id)?.code).toBe("SECRET_BALLOT_REQUIRED");
    // And a secret ballot on an open motion has no registrars to answer for it.
    const plain = t.openMotion(chair, body);
    const onOpen = await t.castSecret(
      { ...ticket, motion: plain },
      { vote: "yes" },
      { tokens },
    );
    expect(t.fold.invalidReason(onOpen.id)?.code).toBe("MOTION_NOT_SECRET");
  });

  it("the stored bytes of a secret ballot hold no byte string of the voter's key", async () => {
    const { t, chair, body, members, registrars } = assembly();
    const motion = t.openSecretMotion(chair, body, registrars);
    const voter = members[4]!;
    const ticket = await tokensFor(t, voter, motion, registrars);
    const ballot = await t.castSecret(ticket, { vote: "no" });
    expect(t.fold.invalidReason(ballot.id)).toBeNull();
    const stored = [
      ballot.envelopeBytes,
      ballot.signature,
      ballot.payloadBytes!,
    ];
    const needles = [
      voter.publicKey,
      new TextEncoder().encode(idOf(voter)),
      ...members.map((m) => m.publicKey),
      // Nor the request or its issuances, which the member signed or was answered on.
      fromHex(ticket.request!.id)!,
    ];
    const contains = (hay: Uint8Array, needle: Uint8Array) =>
      Buffer.from(hay).indexOf(Buffer.from(needle)) >= 0;
    for (const hay of stored)
      for (const needle of needles) expect(contains(hay, needle)).toBe(false);
    // Its envelope is the same for every voter but for key, signature and payload hash.
    expect(ballot.envelope).toMatchObject({
      seq: 1,
      kseq: 1,
      prev: null,
      time: t.fold.timeOf(motion),
      deps: [fromHex(motion)],
    });
  });
});

/**
 * @module What a voter keeps between asking for tokens and casting a secret ballot, per motion
 * and member: the one-time key, each registrar's blinded message with its unblinding secret,
 * then the request's id, the tokens, and the ballot once cast. Sealed under the data key in
 * `secret-ballots/` (the one-time key and the blinding secrets are what link a ballot to its
 * voter: never plain). Tokens can be fetched when the vote opens and spent later, offline.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { type SecretMotionRecord, secretBallotMessage } from "../core/index.js";
import { type BlindedToken, blindToken } from "../crypto/blind-token.js";
import {
  fromHex,
  generateKeyPair,
  type KeyPair,
  keyPairFromSecret,
  sha256,
  toHex,
  utf8,
} from "../crypto/index.js";
import { readSealedJson, writeSealedJson } from "./sealed-json-file.js";

/** The folder of a data directory that holds voters' tickets. */
export const SECRET_BALLOTS_DIR = "secret-ballots";

/** A voter's ticket for one secret motion. */
export interface SecretTicket {
  readonly motion: string;
  readonly member: string;
  /** The one-time key's secret (hex). */
  readonly oneTimeSecret: string;
  /** Per registrar, in the motion's order: the blinded message and its inverse (hex). */
  readonly blinded: readonly { blinded: string; inverse: string }[];
  /** The `token.requested` event, once signed. */
  readonly request: string | null;
  /** The unblinded tokens, once every registrar answered. */
  readonly tokens: readonly string[] | null;
  /** The `ballot.secret` event, once cast. */
  readonly ballot: string | null;
}

function folderOf(dir: string, motion: string): string {
  return join(dir, SECRET_BALLOTS_DIR, motion);
}

function fileOf(dir: string, motion: string, member: string): string {
  // The member is not named in the file name: only a hash of it, per motion.
  const name = toHex(sha256(utf8(`${motion} ${member}`)));
  return join(folderOf(dir, motion), `${name}.sealed`);
}

/** The ticket of `member` for `motion` kept in `dir`, or null. */
export function readTicket(
  dir: string,
  dataKey: Uint8Array,
  motion: string,
  member: string,
): SecretTicket | null {
  return readSealedJson(
    fileOf(dir, motion, member),
    dataKey,
    "secret-ballot",
  ) as SecretTicket | null;
}

/** Keeps `ticket` sealed in `dir` (replacing the one kept before). */
export function writeTicket(
  dir: string,
  dataKey: Uint8Array,
  ticket: SecretTicket,
): void {
  writeSealedJson(
    fileOf(dir, ticket.motion, ticket.member),
    dataKey,
    "secret-ballot",
    ticket,
  );
}

/** Every ticket kept in `dir` for `motion` (one per member who voted from here). */
export function ticketsOf(
  dir: string,
  dataKey: Uint8Array,
  motion: string,
): SecretTicket[] {
  const folder = folderOf(dir, motion);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((f) => f.endsWith(".sealed"))
    .map(
      (f) =>
        readSealedJson(
          join(folder, f),
          dataKey,
          "secret-ballot",
        ) as SecretTicket,
    );
}

/** A fresh ticket: a new one-time key, blinded for each of the motion's registrars. */
export async function newTicket(
  secret: SecretMotionRecord,
  member: string,
): Promise<SecretTicket> {
  const oneTime = generateKeyPair();
  const message = secretBallotMessage(secret.motion, toHex(oneTime.publicKey));
  const blinded: BlindedToken[] = [];
  for (const r of secret.registrars)
    blinded.push(await blindToken(fromHex(r.key)!, message));
  return {
    motion: secret.motion,
    member,
    oneTimeSecret: toHex(oneTime.secretKey),
    blinded: blinded.map((b) => ({
      blinded: toHex(b.blinded),
      inverse: toHex(b.inverse),
    })),
    request: null,
    tokens: null,
    ballot: null,
  };
}

/** The ticket's one-time key. */
export function oneTimeKeyOf(ticket: SecretTicket): KeyPair {
  return keyPairFromSecret(fromHex(ticket.oneTimeSecret)!);
}

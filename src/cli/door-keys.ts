/**
 * @module The door keys of meetings convened from this data directory (core/meeting/door.ts):
 * one file per key under `doors/`, sealed under the data key — whoever holds a door key can
 * let anyone check themselves in. A file is named by the SHA-256 of its public key, so it is
 * written before `meeting.convened` is signed and found again from the meeting's `door`.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import {
  fromHex,
  generateKeyPair,
  type KeyPair,
  keyPairFromSecret,
  sha256,
  toHex,
} from "../crypto/index.js";
import { readSealedJson, writeSealedJson } from "./sealed-json-file.js";

/** The folder of a data directory that holds door keys. */
export const DOOR_KEYS_DIR = "doors";

function fileOf(dir: string, publicKeyHex: string): string {
  const name = toHex(sha256(fromHex(publicKeyHex)!));
  return join(dir, DOOR_KEYS_DIR, `${name}.sealed`);
}

/** Makes a door key and keeps it sealed in `dir`. */
export function createDoorKey(dir: string, dataKey: Uint8Array): KeyPair {
  const pair = generateKeyPair();
  writeSealedJson(fileOf(dir, toHex(pair.publicKey)), dataKey, "door-key", {
    secretKey: toHex(pair.secretKey),
  });
  return pair;
}

/** Deletes a door key whose meeting was never convened (refused). */
export function removeDoorKey(dir: string, publicKeyHex: string): void {
  rmSync(fileOf(dir, publicKeyHex), { force: true });
}

/** The door key `publicKeyHex` as kept in `dir`, or null when it is not here. */
export function loadDoorKey(
  dir: string,
  dataKey: Uint8Array,
  publicKeyHex: string,
): KeyPair | null {
  const content = readSealedJson(
    fileOf(dir, publicKeyHex),
    dataKey,
    "door-key",
  ) as {
    secretKey?: string;
  } | null;
  const secret =
    typeof content?.secretKey === "string" ? fromHex(content.secretKey) : null;
  if (secret === null || secret.length !== 32) return null;
  const pair = keyPairFromSecret(secret);
  return toHex(pair.publicKey) === publicKeyHex ? pair : null;
}

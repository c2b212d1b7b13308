/**
 * @module `kenges data`: the encryption of the data directory. `passphrase` changes the
 * passphrase — it rewraps the data key in the key file and leaves the database as it is;
 * `encrypt` turns a directory an older Kenges left in plain text into an encrypted one.
 */
import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  openSync,
  readFileSync,
  rmSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import {
  createDataKeyFile,
  dataSubkey,
  destroyDataKeyFile,
  hasDataKeyFile,
  isSealed,
  rewrapDataKey,
} from "../../at-rest/index.js";
import { FOLD_IMAGE_FILE } from "../../replica/index.js";
import { encryptSqliteFile } from "../../store/index.js";
import type { ParsedArgs } from "../args.js";
import { CliError } from "../cli-error.js";
import type { Command, CommandIo } from "../command.js";
import { stringFlag } from "../command.js";
import { takeCommandTurn } from "../command-turn.js";
import { dataDir } from "../data-dir.js";
import {
  asCliError,
  dataDirStoreCipher,
  isPlainSqlite,
  NEW_STORE_CIPHER,
  newKeyFileCost,
  STORE_FILE,
} from "../data-key.js";
import { NEW_DATA_PASSPHRASE, readDataPassphrase } from "../data-passphrase.js";
import { DEMO_KEYS_FILE, writeDemoKeysFile } from "../demo-keys-file.js";
import { say } from "../words.js";
import { lockHolder } from "../writer-lock.js";

/** Overwrites a file's bytes with zeros in place, then removes it. */
function shred(path: string): void {
  if (!existsSync(path)) return;
  const fd = openSync(path, "r+");
  try {
    const zeros = Buffer.alloc(fstatSync(fd).size);
    for (let at = 0; at < zeros.length; )
      at += writeSync(fd, zeros, at, zeros.length - at, at);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  rmSync(path, { force: true });
}

/** Refuses while a hub serves the directory: it holds the store open. */
function refuseWhileHeld(dir: string): void {
  const hub = lockHolder(dir);
  if (hub !== null)
    throw new CliError("DATA_DIR_HELD", {
      pid: hub.pid,
      address: hub.address ?? "",
    });
}

async function changePassphrase(
  dir: string,
  args: ParsedArgs,
  io: CommandIo,
  lang: string,
): Promise<number> {
  if (!hasDataKeyFile(dir))
    throw new CliError(
      isPlainSqlite(join(dir, STORE_FILE))
        ? "DATA_NOT_ENCRYPTED"
        : "DATA_KEY_MISSING",
      { path: dir },
    );
  const old = await readDataPassphrase(args, io, lang);
  const fresh = await readDataPassphrase(args, io, lang, {
    source: NEW_DATA_PASSPHRASE,
    isNew: true,
  });
  try {
    await rewrapDataKey(dir, old, fresh, newKeyFileCost(io));
  } catch (e) {
    throw asCliError(e);
  }
  io.stdout(`${say(lang, "data.passphrase-changed")}\n`);
  return 0;
}

/** Encrypts the plain store in place (SQLCipher's rekey), then the files beside it. */
async function encrypt(
  dir: string,
  args: ParsedArgs,
  io: CommandIo,
  lang: string,
): Promise<number> {
  if (hasDataKeyFile(dir))
    throw new CliError("DATA_ALREADY_ENCRYPTED", { path: dir });
  const file = join(dir, STORE_FILE);
  if (!isPlainSqlite(file)) throw new CliError("STORE_EMPTY", { path: dir });
  refuseWhileHeld(dir);
  const giveBack = await takeCommandTurn(dir);
  try {
    const passphrase = await readDataPassphrase(args, io, lang, {
      isNew: true,
    });
    const key = await createDataKeyFile(dir, passphrase, {
      ...newKeyFileCost(io),
      storeCipher: NEW_STORE_CIPHER,
    });
    try {
      encryptSqliteFile(
        file,
        dataSubkey(key, "sqlite"),
        dataDirStoreCipher(dir),
      );
    } catch (e) {
      // No key file for a store still plain: the directory stays as an older Kenges left it.
      destroyDataKeyFile(dir);
      throw e;
    }
    // The fold image is a cache: the plain one goes, the next command saves a sealed one.
    shred(join(dir, FOLD_IMAGE_FILE));
    const demoKeys = join(dir, DEMO_KEYS_FILE);
    if (existsSync(demoKeys)) {
      const bytes = readFileSync(demoKeys);
      if (!isSealed(bytes)) {
        const content = JSON.parse(bytes.toString("utf8")) as unknown;
        shred(demoKeys);
        writeDemoKeysFile(dir, key, content);
      }
    }
  } finally {
    giveBack();
  }
  io.stdout(`${say(lang, "data.encrypted", { path: dir })}\n`);
  return 0;
}

export const dataCommand: Command = {
  name: "data",
  usage: `kenges data passphrase [--new-passphrase-file F]   change the data directory's passphrase
      (the old one as for every command: KENGES_DATA_PASSPHRASE, --passphrase-file or asked;
      the new one: KENGES_DATA_NEW_PASSPHRASE, --new-passphrase-file or asked twice)
  kenges data encrypt     encrypt a data directory an older Kenges left unencrypted`,
  async run(args, io) {
    const dir = dataDir(args, io);
    const lang = stringFlag(args, "lang") ?? io.env.KENGES_LANG ?? "en";
    const verb = args.positionals[0];
    if (verb === "passphrase") return changePassphrase(dir, args, io, lang);
    if (verb === "encrypt") return encrypt(dir, args, io, lang);
    throw new CliError("USAGE", { missing: "passphrase | encrypt" });
  },
};

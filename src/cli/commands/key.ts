/** @module `kenges key …`: keys on this machine, and the key events (devices, revocation, rotation). */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { installNodeCrypto } from "../../crypto/node.js";
import { CliError } from "../cli-error.js";
import type { Command } from "../command.js";
import { stringFlag } from "../command.js";
import { dataDir } from "../data-dir.js";
import { openDataKey } from "../data-key.js";
import { DEMO_KEYS_FILE } from "../demo-keys-file.js";
import { requireFlag } from "../flags.js";
import { Keyring, keyId, openSealedKey, sealKey } from "../keyring.js";
import { table } from "../render.js";
import { withSession } from "../session.js";
import { say } from "../words.js";
import { addDevice, endorseRotation, revoke, rotate } from "./key-events.js";

export const keyCommand: Command = {
  name: "key",
  usage: `kenges key create [--label L]                 a new key sealed with a passphrase (KENGES_PASSPHRASE or prompt)
  kenges key list
  kenges key show [--as L]
  kenges key export --out <file> [--as L]        a passphrase-encrypted backup, to restore a lost device
  kenges key import <file> [--label L]           restore a lost device's key (its counter moves past
                                                 anything the lost device may have signed)
  kenges key add-device [--hub URL]              print the link a new device opens (it makes its own key);
                                                 on the hub serving this data directory, else --hub, else :8080
  kenges key add-device <link> --code C [--body B]   add the new device's key (the link it shows back,
                                                 C the code both screens show) in every body you belong to
  kenges key add-device <label> [--body B]       the same for another key kept here
  kenges key revoke <key|label> [--last-kseq N]  its events after N (default: all seen here) stop counting, everywhere
  kenges key rotate <old key> --body <body> [--last-seq N] (as the NEW key) ask members to move you to this key (N: default, the old key's last event held here)
  kenges key endorse-rotation <request>          (as a member) endorse a rotation request`,
  async run(args, io) {
    installNodeCrypto();
    const verb = args.positionals[0];
    const dir = dataDir(args, io);
    const lang = stringFlag(args, "lang") ?? io.env.KENGES_LANG ?? "en";
    // Only a demo directory's people need the data key (demo-keys.json is sealed under it).
    const dataKey = existsSync(join(dir, DEMO_KEYS_FILE))
      ? await openDataKey(dir, args, io)
      : null;
    const keyring = new Keyring(dir, io, lang, dataKey);
    switch (verb) {
      case "create": {
        const label = stringFlag(args, "label") ?? "default";
        const key = await keyring.create(label);
        io.stdout(
          args.flags.get("json")
            ? `${JSON.stringify({ label, publicKey: keyId(key) })}\n`
            : args.flags.get("quiet")
              ? `${keyId(key)}\n`
              : `${say(lang, "key.created", { label, key: keyId(key) })}\n`,
        );
        return 0;
      }
      case "list": {
        const rows = keyring.labels().map((l) => [l, say(lang, "key.sealed")]);
        const people = keyring.demoPeople();
        io.stdout(
          args.flags.get("json")
            ? `${JSON.stringify({ keys: keyring.labels(), demo: people.length })}\n`
            : `${table(rows)}${people.length ? `\n${say(lang, "key.demo-people", { count: people.length })}` : ""}\n`,
        );
        return 0;
      }
      case "show": {
        const who = await keyring.identity(args);
        const out = {
          label: who.label,
          name: who.name,
          publicKey: keyId(who.key),
        };
        io.stdout(
          args.flags.get("json")
            ? `${JSON.stringify(out)}\n`
            : args.flags.get("quiet")
              ? `${out.publicKey}\n`
              : `${who.label}${who.name ? ` (${who.name})` : ""} ${out.publicKey}\n`,
        );
        return 0;
      }
      case "export": {
        const out = resolve(io.cwd, requireFlag(args, "out"));
        const who = await keyring.identity(args);
        const passphrase = await io.readPassphrase(
          say(lang, "key.passphrase-for-backup"),
        );
        writeFileSync(out, sealKey(who.key, who.label, passphrase), {
          mode: 0o600,
        });
        io.stdout(
          `${say(lang, "key.exported", { label: who.label, key: keyId(who.key), file: out })}\n`,
        );
        return 0;
      }
      case "import": {
        const file = resolve(io.cwd, args.positionals[1] ?? "");
        if (!existsSync(file))
          throw new CliError("FILE_NOT_FOUND", { path: file });
        const sealed = readFileSync(file);
        const key = openSealedKey(
          sealed,
          await io.readPassphrase(say(lang, "key.passphrase-of-backup")),
        );
        const label = stringFlag(args, "label") ?? "default";
        if (keyring.has(label)) throw new CliError("KEY_EXISTS", { label });
        keyring.save(
          label,
          key,
          await io.readPassphrase(say(lang, "key.passphrase-keep", { label })),
        );
        keyring.markRestored(label);
        io.stdout(`${say(lang, "key.restored", { label, key: keyId(key) })}\n`);
        return 0;
      }
      case "add-device":
        return withSession(args, io, addDevice);
      case "revoke":
        return withSession(args, io, revoke);
      case "rotate":
        return withSession(args, io, rotate);
      case "endorse-rotation":
        return withSession(args, io, endorseRotation);
      default:
        throw new CliError("USAGE", { command: "key", verb: verb ?? "" });
    }
  },
};

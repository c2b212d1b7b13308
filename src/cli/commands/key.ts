/** @module `kenges key …`: keys on this machine, and the key events (devices, revocation, rotation). */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { keyProofMessage } from "../../core/index.js";
import { signEd25519, toHex } from "../../crypto/index.js";
import { installNodeCrypto } from "../../crypto/node.js";
import { CliError } from "../cli-error.js";
import type { Command } from "../command.js";
import { stringFlag } from "../command.js";
import { dataDir } from "../data-dir.js";
import { intFlag, requireFlag } from "../flags.js";
import { Keyring, keyId, openSealedKey, sealKey } from "../keyring.js";
import { short, table } from "../render.js";
import { resolveId } from "../resolve.js";
import { withSession } from "../session.js";

export const keyCommand: Command = {
  name: "key",
  summary:
    "create, show, export and import keys; add a device, revoke a key, rotate a lost key",
  usage: `kenges key create [--label L]                 a new key sealed with a passphrase (KENGES_PASSPHRASE or prompt)
  kenges key list
  kenges key show [--as L]
  kenges key export --out <file> [--as L]        a passphrase-encrypted backup
  kenges key import <file> [--label L]
  kenges key add-device <label>                  register another local key to act for you (--as: who)
  kenges key revoke <key> --last-seq N           events of <key> after N stop counting
  kenges key rotate <old key> --body <body> --last-seq N   (as the NEW key) ask members to move you to this key
  kenges key endorse-rotation <request>          (as a member) endorse a rotation request`,
  async run(args, io) {
    installNodeCrypto();
    const verb = args.positionals[0];
    const dir = dataDir(args, io);
    const keyring = new Keyring(dir, io);
    switch (verb) {
      case "create": {
        const label = stringFlag(args, "label") ?? "default";
        const key = await keyring.create(label);
        io.stdout(
          args.flags.get("json")
            ? `${JSON.stringify({ label, publicKey: keyId(key) })}\n`
            : args.flags.get("quiet")
              ? `${keyId(key)}\n`
              : `key "${label}" ${keyId(key)}\n`,
        );
        return 0;
      }
      case "list": {
        const rows = keyring.labels().map((l) => [l, "sealed"]);
        const people = keyring.demoPeople();
        io.stdout(
          args.flags.get("json")
            ? `${JSON.stringify({ keys: keyring.labels(), demo: people.length })}\n`
            : `${table(rows)}${people.length ? `\n${people.length} demo people (kenges --as p0 …, or a name)` : ""}\n`,
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
          "Passphrase for the backup: ",
        );
        writeFileSync(out, sealKey(who.key, who.label, passphrase), {
          mode: 0o600,
        });
        io.stdout(`exported ${who.label} ${keyId(who.key)} to ${out}\n`);
        return 0;
      }
      case "import": {
        const file = resolve(io.cwd, args.positionals[1] ?? "");
        if (!existsSync(file))
          throw new CliError("FILE_NOT_FOUND", { path: file });
        const sealed = readFileSync(file);
        const key = openSealedKey(
          sealed,
          await io.readPassphrase("Passphrase of the backup: "),
        );
        const label = stringFlag(args, "label") ?? "default";
        if (keyring.has(label)) throw new CliError("KEY_EXISTS", { label });
        keyring.save(
          label,
          key,
          await io.readPassphrase(`Passphrase to keep "${label}" here: `),
        );
        io.stdout(`imported ${label} ${keyId(key)}\n`);
        return 0;
      }
      case "add-device":
      case "revoke":
      case "rotate":
      case "endorse-rotation":
        return withSession(args, io, async (s) => {
          if (verb === "add-device") {
            const device = await keyring.load(
              requireFlag(
                {
                  ...args,
                  flags: new Map([["label", args.positionals[1] ?? ""]]),
                },
                "label",
              ),
            );
            const owner = await s.identity();
            const member =
              s.replica.fold.state.keys.get(keyId(owner.key))?.member ??
              keyId(owner.key);
            const proof = signEd25519(
              device.secretKey,
              keyProofMessage(s.replica.federation!, member, keyId(device)),
            );
            const e = await s.act("key.added", {
              key: keyId(device),
              proof: toHex(proof),
            });
            s.print(
              { event: e.id },
              () =>
                `device key ${short(keyId(device))} now acts for ${short(member)}`,
            );
            return 0;
          }
          if (verb === "revoke") {
            const key = args.positionals[1] ?? "";
            if (!/^[0-9a-f]{64}$/.test(key))
              throw new CliError("FLAG_INVALID", { flag: "key", value: key });
            const e = await s.act("key.revoked", {
              key,
              lastValidSeq: intFlag(args, "last-seq", 0, 2 ** 32 - 1) ?? 0,
            });
            s.print(
              { event: e.id },
              () =>
                `revoked ${short(key)} after sequence number ${intFlag(args, "last-seq", 0, 2 ** 32 - 1) ?? 0}`,
            );
            return 0;
          }
          if (verb === "rotate") {
            const oldKey = resolveId(s.replica, "member", args.positionals[1]);
            const body = resolveId(
              s.replica,
              "body",
              requireFlag(args, "body"),
            );
            const e = await s.act("key.rotation-requested", {
              oldKey,
              body,
              lastValidSeq: intFlag(args, "last-seq", 0, 2 ** 32 - 1) ?? 0,
            });
            s.print(
              { request: e.id },
              () =>
                `rotation request ${e.id}: members of ${short(body)} endorse it with kenges key endorse-rotation ${short(e.id)}`,
            );
            return 0;
          }
          const request = args.positionals[1] ?? "";
          const full = [...s.replica.fold.state.rotationRequests.keys()].find(
            (k) => k.startsWith(request),
          );
          if (!full)
            throw new CliError("ID_NOT_FOUND", {
              kind: "rotation request",
              id: request,
            });
          const e = await s.act("key.rotation-endorsed", { request: full });
          s.print({ event: e.id }, () => `endorsed rotation ${short(full)}`);
          return 0;
        });
      default:
        throw new CliError("USAGE", { command: "key", verb: verb ?? "" });
    }
  },
};

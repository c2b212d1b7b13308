/**
 * @module The keys a CLI user signs with: passphrase-sealed key files in `<data>/keys/`,
 * and, for a demo federation, the demo people's keys (unencrypted, marked as demo only).
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import {
  type CanonicalValue,
  decodeCanonical,
  encodeCanonical,
  fromHex,
  generateKeyPair,
  type KeyPair,
  keyPairFromSecret,
  openWithPassphrase,
  sealWithPassphrase,
  toHex,
} from "../crypto/index.js";
import type { ParsedArgs } from "./args.js";
import { CliError } from "./cli-error.js";
import type { CommandIo } from "./command.js";
import { stringFlag } from "./command.js";
import { DEMO_KEYS_FILE, readDemoKeysFile } from "./demo-keys-file.js";
import { say } from "./words.js";

/** A demo person as kept in `demo-keys.json`. */
export interface DemoPerson {
  readonly label: string;
  readonly name: string;
  readonly publicKey: string;
  readonly secretKey: string;
  readonly devices: readonly { publicKey: string; secretKey: string }[];
  readonly roles: readonly string[];
}

export { DEMO_KEYS_FILE };

const KEY_SUFFIX = ".key";

/** Who signs: the key pair, a label to show, and a name when known. */
export interface Identity {
  readonly key: KeyPair;
  readonly label: string;
  readonly name: string | null;
}

export class Keyring {
  constructor(
    private readonly dir: string,
    private readonly io: CommandIo,
    /** The language of its passphrase prompts (`--lang`, else KENGES_LANG, else English). */
    private readonly lang: string = io.env.KENGES_LANG ?? "en",
    /** The directory's data key: it opens demo-keys.json (null before the directory exists). */
    private readonly dataKey: Uint8Array | null = null,
  ) {}

  private get keysDir(): string {
    return join(this.dir, "keys");
  }

  private fileOf(label: string): string {
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(label))
      throw new CliError("FLAG_INVALID", { flag: "label", value: label });
    return join(this.keysDir, `${label}${KEY_SUFFIX}`);
  }

  /** Labels of the sealed keys here. */
  labels(): string[] {
    if (!existsSync(this.keysDir)) return [];
    return readdirSync(this.keysDir)
      .filter((f) => f.endsWith(KEY_SUFFIX))
      .map((f) => f.slice(0, -KEY_SUFFIX.length))
      .sort();
  }

  has(label: string): boolean {
    return existsSync(this.fileOf(label));
  }

  /** Seals a key under a passphrase and keeps it under a label. */
  save(
    label: string,
    key: KeyPair,
    passphrase: string,
    options: { cost?: number } = {},
  ): void {
    const file = this.fileOf(label);
    if (existsSync(file)) throw new CliError("KEY_EXISTS", { label });
    mkdirSync(this.keysDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, sealKey(key, label, passphrase, options.cost), {
      mode: 0o600,
    });
  }

  private restoredMarkOf(label: string): string {
    return `${this.fileOf(label)}.restored`;
  }

  /** Notes that a key was restored from a backup: before it first signs here, its kseq skips ahead. */
  markRestored(label: string): void {
    writeFileSync(this.restoredMarkOf(label), "", { mode: 0o600 });
  }

  /** Whether the key was restored and has not signed here since. */
  isRestored(label: string): boolean {
    return (
      /^[A-Za-z0-9_.-]{1,64}$/.test(label) &&
      existsSync(this.restoredMarkOf(label))
    );
  }

  /** The restored key's kseq has skipped ahead here. */
  clearRestored(label: string): void {
    rmSync(this.restoredMarkOf(label), { force: true });
  }

  /** Makes and keeps a new key, asking for its passphrase. */
  async create(label: string): Promise<KeyPair> {
    if (this.has(label)) throw new CliError("KEY_EXISTS", { label });
    const passphrase = await this.io.readPassphrase(
      say(this.lang, "keyring.passphrase-new", { label }),
    );
    const key = generateKeyPair();
    this.save(label, key, passphrase);
    return key;
  }

  /** The sealed bytes of a key file. */
  sealed(label: string): Uint8Array {
    const file = this.fileOf(label);
    if (!existsSync(file)) throw new CliError("KEY_NOT_FOUND", { label });
    return readFileSync(file);
  }

  /** Opens a sealed key, asking for its passphrase. */
  async load(label: string): Promise<KeyPair> {
    return openSealedKey(
      this.sealed(label),
      await this.io.readPassphrase(
        say(this.lang, "keyring.passphrase", { label }),
      ),
    );
  }

  /** The demo people, when this directory holds a demo federation. */
  demoPeople(): DemoPerson[] {
    if (this.dataKey === null) return [];
    const content = readDemoKeysFile(this.dir, this.dataKey) as {
      people: DemoPerson[];
    } | null;
    return content?.people ?? [];
  }

  /**
   * The identity for `--as`: a key label here, a demo person's label (p12), a unique part
   * of a demo person's name, or a public-key prefix. Without `--as`: the operator's key,
   * or in a demo the first coordinator.
   */
  async identity(args: ParsedArgs): Promise<Identity> {
    const who = stringFlag(args, "as");
    if (who === undefined) {
      const labels = this.labels();
      const people = this.demoPeople();
      if (labels.includes("operator"))
        return {
          key: await this.load("operator"),
          label: "operator",
          name: null,
        };
      if (people.length > 0) return demoIdentity(people[0]!, 0);
      if (labels.length === 1)
        return {
          key: await this.load(labels[0]!),
          label: labels[0]!,
          name: null,
        };
      throw new CliError("KEY_NOT_FOUND", { label: "operator" });
    }
    return this.identityOf(who);
  }

  /** The identity a label, a demo person's label or name part, or a public-key prefix names. */
  async identityOf(who: string): Promise<Identity> {
    const labels = this.labels();
    const people = this.demoPeople();
    if (labels.includes(who))
      return { key: await this.load(who), label: who, name: null };
    const device = who.match(/^(p\d+)#(\d+)$/);
    if (device) {
      const p = people.find((x) => x.label === device[1]);
      if (p?.devices[Number(device[2]) - 1])
        return demoIdentity(p, Number(device[2]));
    }
    const exact = people.find((p) => p.label === who);
    if (exact) return demoIdentity(exact, 0);
    const lower = who.toLowerCase();
    const byName = people.filter((p) => p.name.toLowerCase().includes(lower));
    const byKey = people.filter((p) => p.publicKey.startsWith(lower));
    const matches = byName.length > 0 ? byName : byKey;
    if (matches.length === 1) return demoIdentity(matches[0]!, 0);
    if (matches.length > 1)
      throw new CliError("ID_AMBIGUOUS", {
        id: who,
        matches: matches.slice(0, 5).map((p) => `${p.label} ${p.name}`),
      });
    throw new CliError("KEY_NOT_FOUND", { label: who });
  }

  /**
   * The public key someone is known by here, without their secret where it can be helped:
   * a full hex key as given, a demo person's key, or a sealed key's (opened to read it).
   */
  async publicKeyOf(who: string): Promise<string> {
    if (/^[0-9a-f]{64}$/.test(who)) return who;
    const people = this.demoPeople();
    const exact = people.find((p) => p.label === who);
    if (exact && !this.labels().includes(who)) return exact.publicKey;
    return keyId((await this.identityOf(who)).key);
  }
}

function demoIdentity(p: DemoPerson, device: number): Identity {
  const secret = device === 0 ? p.secretKey : p.devices[device - 1]!.secretKey;
  return {
    key: keyPairFromSecret(fromHex(secret)!),
    label: device === 0 ? p.label : `${p.label}#${device}`,
    name: p.name,
  };
}

/** A key sealed under a passphrase, in the format the web app reads too. */
export function sealKey(
  key: KeyPair,
  label: string,
  passphrase: string,
  cost?: number,
): Uint8Array {
  const inner: CanonicalValue = {
    kind: "kenges-key",
    v: 1,
    label,
    secret: key.secretKey,
  };
  return sealWithPassphrase(
    encodeCanonical(inner),
    passphrase,
    cost ? { N: cost } : undefined,
  );
}

/** Opens a sealed key file; a wrong passphrase or damaged file is a CliError. */
export function openSealedKey(sealed: Uint8Array, passphrase: string): KeyPair {
  const opened = openWithPassphrase(sealed, passphrase);
  if (!opened.ok) throw new CliError(opened.error.code, {});
  const inner = decodeCanonical(opened.value);
  if (!inner.ok) throw new CliError("SEALED_BOX_MALFORMED", {});
  const v = inner.value as Record<string, CanonicalValue>;
  if (
    v.kind !== "kenges-key" ||
    !(v.secret instanceof Uint8Array) ||
    v.secret.length !== 32
  )
    throw new CliError("SEALED_BOX_MALFORMED", {});
  return keyPairFromSecret(v.secret);
}

/** Hex id of a key pair's public key. */
export function keyId(key: KeyPair): string {
  return toHex(key.publicKey);
}

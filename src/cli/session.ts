/**
 * @module What most commands do: open the data directory's replica, act as an identity,
 * sign events through the one ingest pipeline, and close (saving the fold) at the end.
 */

import type {
  FoldEngine,
  KengesError,
  Result,
  SignedEvent,
} from "../core/index.js";
import { restoredKseqFloor } from "../core/index.js";
import { type CanonicalValue, toHex } from "../crypto/index.js";
import {
  FoldImageDamagedError,
  type Replica,
  SignaturePool,
} from "../replica/index.js";
import type { ParsedArgs } from "./args.js";
import { CliError } from "./cli-error.js";
import type { CommandIo } from "./command.js";
import { stringFlag } from "./command.js";
import { takeCommandTurn } from "./command-turn.js";
import { dataDir, openReplica } from "./data-dir.js";
import { dataKeyFor } from "./data-key.js";
import type { PostgresDatabase } from "./database-url.js";
import { type Identity, Keyring } from "./keyring.js";

/** An open replica and the means to act on it. */
export class Session {
  private identityCache: Identity | null = null;

  constructor(
    readonly args: ParsedArgs,
    readonly io: CommandIo,
    readonly dir: string,
    readonly replica: Replica,
    readonly keyring: Keyring,
    /** The data directory's key (data-key.ts), for files sealed beside the store. */
    readonly dataKey: Uint8Array,
  ) {}

  /** True when `--json` was given. */
  get json(): boolean {
    return this.args.flags.get("json") === true;
  }

  /** Preferred language for names and texts (`--lang`, KENGES_LANG, else en). */
  get lang(): string {
    return stringFlag(this.args, "lang") ?? this.io.env.KENGES_LANG ?? "en";
  }

  async identity(): Promise<Identity> {
    this.identityCache ??= await this.keyring.identity(this.args);
    return this.identityCache;
  }

  /**
   * Signs and stores an event as the session's identity in `scope` (null for an event that
   * founds one: a federation or a body). A rejection or an invalid event throws CliError
   * with the domain's code; nothing is stored then. `payloadFor` computes the payload from
   * a draft placed where the event will be (a close states its own count).
   */
  async act(
    scope: string | null,
    type: string,
    payload: CanonicalValue,
    options: {
      readonly payloadFor?: (
        fold: FoldEngine,
        draft: number,
      ) => Result<CanonicalValue>;
    } = {},
  ): Promise<SignedEvent> {
    const who = await this.identity();
    const restored = this.keyring.isRestored(who.label);
    if (restored) {
      // A key restored from a backup: its lost device may have signed numbers nobody has
      // seen yet; skip past them before the first signature here.
      const author = toHex(who.key.publicKey);
      await this.replica.reserveKseq(
        author,
        restoredKseqFloor(await this.replica.highestKseq(author)),
      );
    }
    const signed = await this.replica.sign(
      who.key,
      scope,
      type,
      payload,
      Date.now(),
      options,
    );
    if (signed.error !== null) throw domainError(signed.error);
    // Only once an event carries the reservation into the log (signing through a hub, the
    // reservation lived in this session alone).
    if (restored) this.keyring.clearRestored(who.label);
    return signed.event;
  }

  /** The id of the held body a motion belongs to (its scope). */
  bodyOfMotion(motion: string): string {
    const m = this.replica.fold.state.motions.get(motion);
    if (m === undefined)
      throw new CliError("ID_NOT_FOUND", { kind: "motion", id: motion });
    return m.body;
  }

  /** Prints JSON (with --json) or the human text. */
  print(value: unknown, human: () => string): void {
    if (this.json) this.io.stdout(`${JSON.stringify(value, null, 2)}\n`);
    else if (this.args.flags.get("quiet") === true && quietId(value) !== null)
      this.io.stdout(`${quietId(value)}\n`);
    else this.io.stdout(`${human()}\n`);
  }
}

/** A domain error as a CliError. */
export function domainError(error: KengesError): CliError {
  return new CliError(error.code, { ...error.details });
}

/** Opens the session for a command and closes it however the command ends. */
export async function withSession<T>(
  args: ParsedArgs,
  io: CommandIo,
  run: (s: Session) => Promise<T>,
  options: {
    create?: boolean;
    pool?: boolean;
    demo?: boolean;
    /** The PostgreSQL database holding the events (`--db`), for the commands that take it. */
    db?: PostgresDatabase | null;
  } = {},
): Promise<T> {
  const dir = dataDir(args, io);
  // One command at a time per directory: what one signs, the next reads (command-turn.ts).
  const giveBack = await takeCommandTurn(dir);
  // Large imports verify signatures on worker threads; small commands need none.
  const pool = options.pool ? new SignaturePool(2) : undefined;
  try {
    const key = await dataKeyFor(dir, args, io, {
      create: options.create ?? false,
      demo: options.demo ?? false,
    });
    const replica = await openReplica(dir, {
      key,
      create: options.create ?? false,
      ...(pool ? { pool } : {}),
      db: options.db ?? null,
    });
    const keyring = new Keyring(
      dir,
      io,
      stringFlag(args, "lang") ?? io.env.KENGES_LANG ?? "en",
      key,
    );
    const session = new Session(args, io, dir, replica, keyring, key);
    try {
      return await run(session);
    } catch (e) {
      // A table of the saved image did not open when first read: the replica drops the
      // image as it closes, and the command run again refolds the log.
      if (e instanceof FoldImageDamagedError)
        throw new CliError("FOLD_IMAGE_DAMAGED", {});
      throw e;
    } finally {
      await replica.close();
    }
  } finally {
    await pool?.close();
    giveBack();
  }
}

/** With `--quiet`, a command that made something prints only its id (for scripts: X=$(kenges … --quiet)). */
const QUIET_KEYS = [
  "into",
  "motion",
  "body",
  "request",
  "ballot",
  "offer",
  "comment",
  "redaction",
  "federation",
  "event",
  "meeting",
  "item",
  "demand",
];

function quietId(value: unknown): string | null {
  if (value === null || typeof value !== "object") return null;
  const record = value as Record<string, unknown>;
  for (const k of QUIET_KEYS)
    if (typeof record[k] === "string") return record[k] as string;
  return null;
}

/**
 * @module `kenges serve`: runs the hub over the data directory's replica — the JSON API, the
 * live feed and the web app — until it is stopped (SIGINT, SIGTERM). Once the store is open
 * and the socket listens it prints exactly one line on stdout: `listening <url>`.
 */
import { resolve } from "node:path";
import { hasDataKeyFile } from "../../at-rest/index.js";
import type { KeyPair } from "../../crypto/index.js";
import {
  defaultWebRoot,
  hubSyncPlugin,
  normalOrigin,
  parseHubConfig,
  startHub,
} from "../../server/index.js";
import { CliError } from "../cli-error.js";
import type { Command, CommandIo } from "../command.js";
import { stringFlag } from "../command.js";
import { dataDir, openReplica } from "../data-dir.js";
import { dataKeyFor } from "../data-key.js";
import { DB_FLAG_USAGE, databaseOf } from "../database-url.js";
import { createDoorKey, loadDoorKey } from "../door-keys.js";
import { exitCodeFor } from "../exit-codes.js";
import { intFlag } from "../flags.js";
import { Keyring } from "../keyring.js";
import { say } from "../words.js";
import { takeWriterLock } from "../writer-lock.js";

export const serveCommand: Command = {
  name: "serve",
  usage: `kenges serve [--port N] [--host H] [--tls] [--origin O] [--max-sessions N] [--data dir] [--db URL] [--web dir]
  --port N       port to listen on (default 8080; 0 picks a free one)
  --host H       address to listen on (default 127.0.0.1; 0.0.0.0 for a LAN)
  --tls          HTTPS with the hub's own certificate, kept in the data directory;
                 its SHA-256 fingerprint goes into invite links
  --web dir      the built web app (default: dist/web)
  --key-rate N   events per second one member key may post (default 20)
  --key-burst N  events one member key may post at once (default 200)
  --sync-sockets N   sync sockets open at once (default 200)
  --sync-sockets-per-address N   of them from one address (default 8)
  --sync-buffered-bytes N   received bytes all sync sockets may hold at once
                 (default 67108864, at least 1048576)
  --live-sockets-per-address N   live-feed sockets (one per open page) from
                 one address (default 500)
  --address-rate N   requests per second from one address without a member's
                 session (default 200; members signed in count per key)
  --address-burst N  requests one address may make at once (default 2000)
  --secret-batch N  secret ballots committed together, shuffled (default 16)
  --secret-batch-ms N  longest a secret ballot waits for its batch to fill, in ms
                 (default 10000): larger batches hide arrival order better
  --scopes ids   serve only these scopes (body ids, comma-separated; the federation
                 scope always): readers receive what they may read among them
  --max-sessions N  sign-in sessions kept at once (default 50000); a full table refuses
                 sign-ins (AUTH_BUSY) and ends no one's session; a fifth is the most
                 keys that act for no member here may hold
  --origin O     an origin members' browsers reach the hub at (scheme://host[:port];
                 repeat or comma-separate): sign-ins bound to any other are refused.
                 Default: what the hub listens on (loopback names; on 0.0.0.0, the
                 machine's addresses and name)
${DB_FLAG_USAGE}
                 (made by kenges init, demo or import with the same --db); several
                 hubs, each with its own --data, may serve one database`,
  async run(args, io) {
    const dir = dataDir(args, io);
    const db = databaseOf(args, io);
    const web = stringFlag(args, "web");
    const keyRate = intFlag(args, "key-rate", 1, 1_000_000);
    const keyBurst = intFlag(args, "key-burst", 1, 10_000_000);
    const maxSessions = intFlag(args, "max-sessions", 1, 10_000_000);
    const syncSockets = intFlag(args, "sync-sockets", 1, 100_000);
    const syncSocketsPerAddress = intFlag(
      args,
      "sync-sockets-per-address",
      1,
      100_000,
    );
    const syncBufferedBytes = intFlag(
      args,
      "sync-buffered-bytes",
      1_048_576,
      Number.MAX_SAFE_INTEGER,
    );
    const liveSocketsPerAddress = intFlag(
      args,
      "live-sockets-per-address",
      1,
      1_000_000,
    );
    const addressRate = intFlag(args, "address-rate", 1, 1_000_000);
    const addressBurst = intFlag(args, "address-burst", 1, 10_000_000);
    const secretBatch = intFlag(args, "secret-batch", 1, 10_000);
    const secretBatchMs = intFlag(args, "secret-batch-ms", 0, 600_000);
    const scopes = stringFlag(args, "scopes");
    const hosted =
      scopes === undefined
        ? null
        : scopes.split(",").map((s) => s.trim().toLowerCase());
    if (hosted?.some((s) => !/^[0-9a-f]{64}$/.test(s)))
      throw new CliError("FLAG_INVALID", { flag: "scopes", value: scopes });
    const originFlag = stringFlag(args, "origin");
    const origins =
      originFlag === undefined
        ? null
        : originFlag.split(",").map((o) => {
            const origin = normalOrigin(o.trim());
            if (origin === null)
              throw new CliError("FLAG_INVALID", { flag: "origin", value: o });
            return origin;
          });
    if (args.flags.get("origin") === true)
      throw new CliError("FLAG_INVALID", { flag: "origin", value: "" });
    const config = parseHubConfig({
      origins,
      host: stringFlag(args, "host") ?? "127.0.0.1",
      port: intFlag(args, "port", 0, 65_535) ?? 8080,
      tls: args.flags.get("tls") === true,
      dataDir: dir,
      webRoot: web ? resolve(io.cwd, web) : defaultWebRoot(),
      hosted,
      limits: {
        ...(keyRate ? { keyEventsPerSecond: keyRate } : {}),
        ...(keyBurst ? { keyBurst } : {}),
        ...(maxSessions ? { sessions: maxSessions } : {}),
        ...(syncSockets ? { syncSockets } : {}),
        ...(syncSocketsPerAddress ? { syncSocketsPerAddress } : {}),
        ...(syncBufferedBytes ? { syncBufferedBytes } : {}),
        ...(liveSocketsPerAddress ? { liveSocketsPerAddress } : {}),
        ...(addressRate ? { addressRequestsPerSecond: addressRate } : {}),
        ...(addressBurst ? { addressRequestBurst: addressBurst } : {}),
      },
      secretBallots: {
        ...(secretBatch !== undefined ? { batchSize: secretBatch } : {}),
        ...(secretBatchMs !== undefined ? { batchMs: secretBatchMs } : {}),
      },
    });
    // One writer per directory: a second hub on it, or a CLI writing behind this one's back,
    // would make a log the running hub never saw (a fork of a key it also signs with).
    const lock = takeWriterLock(dir);
    // The fold image is saved at shutdown, and meanwhile at most every ten minutes: the
    // periodic flush runs every few seconds, and imaging a large fold blocks for a while. A
    // restart after a crash restores the older image and folds the later events on top.
    const key = await dataKeyFor(dir, args, io, { create: false });
    const replica = await openReplica(dir, {
      key,
      writer: true,
      imageIntervalMs: 10 * 60_000,
      db,
    });
    // The hub signs its sync requests to its peers as the operator (a coordinator, so peers
    // serve it everything), when the operator's key is here and its passphrase is given.
    const keyring = new Keyring(
      dir,
      io,
      stringFlag(args, "lang") ?? io.env.KENGES_LANG ?? "en",
      key,
    );
    let syncKey: KeyPair | null = null;
    if (keyring.has("operator") && io.env.KENGES_PASSPHRASE !== undefined)
      syncKey = await keyring.load("operator");
    else if (keyring.demoPeople().length > 0)
      syncKey = (await keyring.identity({ positionals: [], flags: new Map() }))
        .key;
    const running = await startHub(replica, config, [hubSyncPlugin(syncKey)]);
    // Meetings convened from this directory (by `kenges meeting convene`, or by a chair in the
    // app, who asks the hub for a door): the hub shows their codes and signs passes.
    running.hub.doorKeys = {
      load: (door) => loadDoorKey(dir, key, door),
      create: () => createDoorKey(dir, key),
    };
    exitWhenKeyFileGoes(
      dir,
      io,
      stringFlag(args, "lang") ?? io.env.KENGES_LANG ?? "en",
    );
    lock.setAddress(running.url);
    io.stdout(`listening ${running.url}\n`);
    // `listening <url>` stays as it is: scripts and tests read it. The rest is for people.
    const lang = stringFlag(args, "lang") ?? io.env.KENGES_LANG ?? "en";
    if (running.fingerprint)
      io.stderr(
        `${say(lang, "serve.fingerprint", { fingerprint: running.fingerprint })}\n`,
      );
    if (config.webRoot === null) io.stderr(`${say(lang, "serve.no-web")}\n`);
    await new Promise<void>((done) => {
      const stop = () => done();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    await running.close();
    lock.release();
    return 0;
  },
};

/** How often a hub checks that its key file is still there (`kenges panic` removes it). */
const KEY_FILE_CHECK_MS = 200;

/**
 * Exits the hub at once, saving nothing, when the directory's key file disappears: `kenges
 * panic` ran (perhaps as a user who may not signal this process), and whatever the hub would
 * write now — a fold image, more events — is better not written. Its memory still holds the
 * key until the process is gone, so it does not linger.
 */
function exitWhenKeyFileGoes(dir: string, io: CommandIo, lang: string): void {
  setInterval(() => {
    if (hasDataKeyFile(dir)) return;
    io.stderr(`${say(lang, "serve.key-file-gone")}\n`);
    process.exit(exitCodeFor("DATA_KEY_MISSING", false));
  }, KEY_FILE_CHECK_MS).unref();
}

/**
 * @module `kenges serve`: runs the hub over the data directory's replica — the JSON API, the
 * live feed and the web app — until it is stopped (SIGINT, SIGTERM). Once the store is open
 * and the socket listens it prints exactly one line on stdout: `listening <url>`.
 */
import { resolve } from "node:path";
import type { KeyPair } from "../../crypto/index.js";
import {
  defaultWebRoot,
  hubSyncPlugin,
  parseHubConfig,
  startHub,
} from "../../server/index.js";
import { CliError } from "../cli-error.js";
import type { Command } from "../command.js";
import { stringFlag } from "../command.js";
import { dataDir, openReplica } from "../data-dir.js";
import { intFlag, rejectUnknownFlags } from "../flags.js";
import { Keyring } from "../keyring.js";

/** The flags of `kenges serve` (besides the global ones): any other is refused. */
const SERVE_FLAGS = [
  "port",
  "host",
  "tls",
  "web",
  "key-rate",
  "key-burst",
  "scopes",
  "sync-sockets",
  "sync-sockets-per-address",
  "sync-buffered-bytes",
  "live-sockets-per-address",
  "address-rate",
  "address-burst",
];

export const serveCommand: Command = {
  name: "serve",
  summary: "run the hub: the HTTP API, the live feed and the web app",
  usage: `kenges serve [--port N] [--host H] [--tls] [--data dir] [--web dir]
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
  --scopes ids   serve only these scopes (body ids, comma-separated; the federation
                 scope always): readers receive what they may read among them`,
  async run(args, io) {
    rejectUnknownFlags(args, SERVE_FLAGS);
    const dir = dataDir(args, io);
    const web = stringFlag(args, "web");
    const keyRate = intFlag(args, "key-rate", 1, 1_000_000);
    const keyBurst = intFlag(args, "key-burst", 1, 10_000_000);
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
    const scopes = stringFlag(args, "scopes");
    const hosted =
      scopes === undefined
        ? null
        : scopes.split(",").map((s) => s.trim().toLowerCase());
    if (hosted?.some((s) => !/^[0-9a-f]{64}$/.test(s)))
      throw new CliError("FLAG_INVALID", { flag: "scopes", value: scopes });
    const config = parseHubConfig({
      host: stringFlag(args, "host") ?? "127.0.0.1",
      port: intFlag(args, "port", 0, 65_535) ?? 8080,
      tls: args.flags.get("tls") === true,
      dataDir: dir,
      webRoot: web ? resolve(io.cwd, web) : defaultWebRoot(),
      hosted,
      limits: {
        ...(keyRate ? { keyEventsPerSecond: keyRate } : {}),
        ...(keyBurst ? { keyBurst } : {}),
        ...(syncSockets ? { syncSockets } : {}),
        ...(syncSocketsPerAddress ? { syncSocketsPerAddress } : {}),
        ...(syncBufferedBytes ? { syncBufferedBytes } : {}),
        ...(liveSocketsPerAddress ? { liveSocketsPerAddress } : {}),
        ...(addressRate ? { addressRequestsPerSecond: addressRate } : {}),
        ...(addressBurst ? { addressRequestBurst: addressBurst } : {}),
      },
    });
    const replica = await openReplica(dir);
    // The hub signs its sync requests to its peers as the operator (a coordinator, so peers
    // serve it everything), when the operator's key is here and its passphrase is given.
    const keyring = new Keyring(dir, io);
    let syncKey: KeyPair | null = null;
    if (keyring.has("operator") && io.env.KENGES_PASSPHRASE !== undefined)
      syncKey = await keyring.load("operator");
    else if (keyring.demoPeople().length > 0)
      syncKey = (await keyring.identity({ positionals: [], flags: new Map() }))
        .key;
    const running = await startHub(replica, config, [hubSyncPlugin(syncKey)]);
    io.stdout(`listening ${running.url}\n`);
    if (running.fingerprint)
      io.stderr(`certificate SHA-256 fingerprint ${running.fingerprint}\n`);
    if (config.webRoot === null)
      io.stderr(
        "the web app is not built (npm run build): serving the API only\n",
      );
    await new Promise<void>((done) => {
      const stop = () => done();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    await running.close();
    return 0;
  },
};

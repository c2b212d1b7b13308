/**
 * @module The hub's configuration: parsed once at startup from flags into one typed, frozen
 * value, with every default listed here.
 */
import { z } from "zod";

const limitsSchema = z
  .object({
    /** Largest request body, in bytes (a post of events, a login). */
    bodyBytes: z.number().int().min(1024).default(1_048_576),
    /** Most events in one post (merges plus the event, or an offline queue). */
    eventsPerPost: z.number().int().min(1).max(10_000).default(200),
    /** A member key's sustained write rate (events per second) and burst. */
    keyEventsPerSecond: z.number().min(0.01).default(20),
    keyBurst: z.number().int().min(1).default(200),
    /** Join requests from keys that are no member here, per client address. */
    joinsPerMinute: z.number().min(0.01).default(6),
    joinBurst: z.number().int().min(1).default(10),
    /**
     * Events of keys that act for no member here (self-made keys) and of cut-off keys, from
     * all clients together, whatever the road (post or sync): a key per message, or an
     * address per message, shares this one budget.
     */
    strangersPerMinute: z.number().min(0.01).default(300),
    strangersBurst: z.number().int().min(1).default(300),
    /** Refused events (bad bytes, bad signature) a client address may send before it waits. */
    refusedPerMinute: z.number().min(0.01).default(60),
    refusedBurst: z.number().int().min(1).default(60),
    /**
     * How long a commit under load waits for more posts, in ms: one fold catch-up and one
     * fsync then serve them all (bench/hub: 5 ms lifts accepted ballots/s by ~40%).
     */
    commitDelayMs: z.number().min(0).max(50).default(5),
    /** Events waiting for the next commit before posts get HUB_BUSY. */
    commitQueue: z.number().int().min(1).default(20_000),
    /**
     * Open sessions kept at once; a full table refuses sign-ins (AUTH_BUSY) and evicts no
     * one. Spent challenges remembered until they expire (challenges themselves cost nothing).
     */
    sessions: z.number().int().min(1).default(50_000),
    challenges: z.number().int().min(1).default(50_000),
    /**
     * The share of the session table keys that act for no member here may fill, so that a
     * flood of self-made keys leaves the rest to members.
     */
    strangerSessionShare: z.number().min(0).max(1).default(0.2),
    /** Sessions one key keeps at once; its own oldest ends for a new one. */
    sessionsPerKey: z.number().int().min(1).default(8),
    /** Proven sign-ins per minute (and at once) of one key that acts for a member. */
    memberSignInsPerMinute: z.number().min(0.01).default(10),
    memberSignInBurst: z.number().int().min(1).default(20),
    /** Sign-in attempts per minute (and at once) of keys that act for no member, per address. */
    strangerSignInsPerMinute: z.number().min(0.01).default(20),
    strangerSignInBurst: z.number().int().min(1).default(30),
    /** The same for the whole hub, from every address together. */
    hubStrangerSignInsPerMinute: z.number().min(0.01).default(600),
    hubStrangerSignInBurst: z.number().int().min(1).default(300),
    /** Open live-feed sockets. */
    sockets: z.number().int().min(1).default(10_000),
    /**
     * Open live-feed sockets from one address: one per open page, so a crowd behind one NAT
     * address needs many, but one address cannot take the whole feed.
     */
    liveSocketsPerAddress: z.number().int().min(1).default(500),
    /**
     * Requests of all kinds, per member key (with a member's session) and per address (the
     * rest: a crowd behind one NAT address shares it, hence its size).
     */
    keyRequestsPerSecond: z.number().min(0.01).default(50),
    keyRequestBurst: z.number().int().min(1).default(500),
    addressRequestsPerSecond: z.number().min(0.01).default(200),
    addressRequestBurst: z.number().int().min(1).default(2_000),
    /** Longest request target (path and query), in bytes; longer gets 414. */
    urlBytes: z.number().int().min(256).max(16_000).default(4_096),
    /** Open sync sockets (`GET /api/sync/ws`), in all and from one address. */
    syncSockets: z.number().int().min(1).default(200),
    syncSocketsPerAddress: z.number().int().min(1).default(8),
    /** Received bytes all sync sockets may hold at once, before their messages are answered. */
    syncBufferedBytes: z
      .number()
      .int()
      .min(1_048_576)
      .default(64 * 1_048_576),
    /**
     * Request bodies being received at once, in bytes (each counted at its length, or its
     * route's limit when it has none): past this a request gets HUB_BUSY before its body
     * is read, so parallel maximal bodies cannot take the hub's memory.
     */
    bodyBytesInFlight: z
      .number()
      .int()
      .min(1_048_576)
      .default(64 * 1_048_576),
  })
  .strict();

const secretBallotsSchema = z
  .object({
    batchSize: z.number().int().min(1).max(10_000).default(16),
    batchMs: z.number().int().min(0).max(600_000).default(10_000),
  })
  .strict();

export const hubConfigSchema = z
  .object({
    host: z.string().min(1).default("127.0.0.1"),
    port: z.number().int().min(0).max(65_535).default(8080),
    /** Serve HTTPS with the hub's own certificate (kept in the data directory). */
    tls: z.boolean().default(false),
    /** The data directory: the store, the hub identity, the certificate. */
    dataDir: z.string().min(1),
    /** The built web app (index.html and assets), or null to serve the API only. */
    webRoot: z.string().nullable().default(null),
    /** How long a proven session and a login challenge live, in ms. */
    sessionTtlMs: z
      .number()
      .int()
      .min(1000)
      .default(12 * 3_600_000),
    challengeTtlMs: z.number().int().min(1000).default(120_000),
    /**
     * The scopes this hub serves (body ids; the federation scope always): null serves every
     * scope it holds. Readers receive only scopes both readable to them and hosted here.
     */
    hosted: z
      .array(z.string().regex(/^[0-9a-f]{64}$/))
      .nullable()
      .default(null),
    /**
     * The origins sign-ins may be bound to (`scheme://host[:port]`, what a browser's
     * `location.origin` is on this hub): null takes what the hub listens on (hub-origins.ts).
     */
    origins: z.array(z.string().min(1).max(300)).nullable().default(null),
    /** How often the fold's conclusion is saved to the store when it changed, in ms. */
    flushIntervalMs: z.number().int().min(100).default(30_000),
    limits: limitsSchema.default(limitsSchema.parse({})),
    /**
     * Secret ballots are committed in shuffled batches (docs/operating.md, "Secret ballots"):
     * a batch is committed when `batchSize` ballots wait or `batchMs` passed since the first.
     * Larger batches hide arrival order better; each ballot's poster waits up to `batchMs`.
     */
    secretBallots: secretBallotsSchema.default(secretBallotsSchema.parse({})),
  })
  .strict();

/** The hub's configuration, frozen. */
export type HubConfig = Readonly<z.infer<typeof hubConfigSchema>>;

/** Input to {@link parseHubConfig}: anything left out takes its default. */
export type HubConfigInput = z.input<typeof hubConfigSchema>;

/** Validates a configuration and fills in defaults; throws on a value out of range (a usage bug). */
export function parseHubConfig(input: HubConfigInput): HubConfig {
  const parsed = hubConfigSchema.parse(input);
  return Object.freeze({
    ...parsed,
    limits: Object.freeze(parsed.limits),
    secretBallots: Object.freeze(parsed.secretBallots),
  });
}

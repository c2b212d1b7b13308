/**
 * @module The connections of a store to whichever node of a replicated PostgreSQL takes
 * writes now. A URL may name several nodes (libpq style, as `pg_autoctl show uri` prints);
 * node-postgres connects to one host only, so this pool asks each node in turn whether it is
 * writable and keeps a pg.Pool on the first that is. When that node is lost — its connections
 * drop, it refuses to start one, or it answers as read-only because it was demoted — the
 * failed call is refused with {@link StoreUnavailableError}, the pool is dropped, and the next
 * call looks for the writable node again (not sooner than a back-off after a search that found
 * none). With one node this is a pg.Pool that says STORE_UNAVAILABLE when the server is away.
 */
import pg from "pg";
import { StoreUnavailableError } from "../store-unavailable.js";

/** Socket errors that mean the node is not there (or no longer). */
const SOCKET_LOST = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/**
 * SQLSTATEs that mean this node cannot serve us now: connection exceptions (class 08), the
 * server shutting down, crashed or starting (57P01–57P03), and a write on a node that is read
 * only (25006: a standby, or a primary being demoted).
 */
const NODE_LOST_STATE = /^(08|57P0[123]$|25006$)/;

/** node-postgres's own words for a connection that ended or never opened (no code). */
const DRIVER_LOST =
  /Connection terminated|connection error|not queryable|timeout exceeded when trying to connect|Connection ended/i;

/** True when `error` says the node we talk to is gone or no longer the writable one. */
export function isNodeLost(error: unknown): boolean {
  if (error instanceof StoreUnavailableError) return true;
  if (typeof error !== "object" || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string")
    return SOCKET_LOST.has(code) || NODE_LOST_STATE.test(code);
  return error instanceof Error && DRIVER_LOST.test(error.message);
}

/** Longest wait for one node to answer while looking for the writable one, by default. */
const PROBE_TIMEOUT_MS = 5_000;
/** Waits after a search that found no writable node: the first, then doubled up to the last. */
const FIRST_RETRY_MS = 100;
const LAST_RETRY_MS = 2_000;

/** A query as the store sends it: text and values, or a (named) query config. */
export type PoolQuery = string | pg.QueryConfig;

export interface PrimaryPoolOptions {
  /** One single-host URL per node, in the order to try them (see postgres-nodes.ts). */
  readonly nodes: readonly string[];
  /** Everything else the connections share (no connectionString: it comes from the node). */
  readonly config: Omit<pg.PoolConfig, "connectionString">;
}

export class PrimaryPool {
  private current: { readonly url: string; readonly pool: pg.Pool } | null =
    null;
  private searching: Promise<{ url: string; pool: pg.Pool }> | null = null;
  /** The last search's failure, refused again until {@link retryAt}. */
  private lastFailure: StoreUnavailableError | null = null;
  private retryAt = 0;
  private retryMs = FIRST_RETRY_MS;
  /** Where to start the next search: the node that was writable last. */
  private preferred = 0;
  private ended = false;
  /** Writable nodes found (the first opening counts one): failovers seen are this minus one. */
  readonly stats = { primariesFound: 0 };

  constructor(private readonly options: PrimaryPoolOptions) {
    if (options.nodes.length === 0) throw new Error("no database node");
  }

  /** Runs one statement on the writable node. */
  async query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    query: PoolQuery,
    values?: readonly unknown[],
  ): Promise<pg.QueryResult<R>> {
    const { pool } = await this.primary();
    try {
      return typeof query === "string"
        ? await pool.query<R>(query, values as unknown[] | undefined)
        : await pool.query<R>(
            values === undefined
              ? query
              : { ...query, values: values as unknown[] },
          );
    } catch (error) {
      throw this.failed(pool, error);
    }
  }

  /** A connection of the writable node's pool, to be released by the caller. */
  async connect(): Promise<pg.PoolClient> {
    const { pool } = await this.primary();
    try {
      return heard(await pool.connect());
    } catch (error) {
      throw this.failed(pool, error);
    }
  }

  /**
   * Runs `work` in one transaction on the writable node. A node lost during it (COMMIT
   * included) is STORE_UNAVAILABLE: whether the commit happened is not known.
   */
  async transaction<T>(
    work: (client: pg.PoolClient) => Promise<T>,
  ): Promise<T> {
    const { pool } = await this.primary();
    let client: pg.PoolClient;
    try {
      client = heard(await pool.connect());
    } catch (error) {
      throw this.failed(pool, error);
    }
    let broken = false;
    try {
      await client.query("BEGIN");
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      // If even ROLLBACK fails the connection is gone: drop it rather than pool it.
      await client.query("ROLLBACK").catch(() => {
        broken = true;
      });
      throw this.failed(pool, error);
    } finally {
      client.release(broken);
    }
  }

  /** The single-host URL of the writable node (looking for it if needed), e.g. for LISTEN. */
  async primaryUrl(): Promise<string> {
    return (await this.primary()).url;
  }

  /** Ends every connection; further calls fail. */
  async end(): Promise<void> {
    this.ended = true;
    // A search under way sees `ended` and keeps no pool of its own.
    await this.searching?.catch(() => {});
    const current = this.current;
    this.current = null;
    await current?.pool.end();
  }

  /**
   * The error to throw for `error` from `pool`: a lost node drops its pool (once) and becomes
   * STORE_UNAVAILABLE; any other error (a constraint, a bug, a full disk) passes unchanged.
   */
  private failed(pool: pg.Pool, error: unknown): unknown {
    if (!isNodeLost(error)) return error;
    if (this.current?.pool === pool) {
      this.current = null;
      pool.end().catch(() => {});
    }
    return error instanceof StoreUnavailableError
      ? error
      : new StoreUnavailableError(messageOf(error), { cause: error });
  }

  private primary(): Promise<{ url: string; pool: pg.Pool }> {
    if (this.ended) return Promise.reject(new Error("the store is closed"));
    if (this.current !== null) return Promise.resolve(this.current);
    if (this.searching !== null) return this.searching;
    if (this.lastFailure !== null && Date.now() < this.retryAt)
      return Promise.reject(this.lastFailure);
    this.searching = this.search().finally(() => {
      this.searching = null;
    });
    return this.searching;
  }

  /** Asks each node in turn, from the last writable one, for the first that takes writes. */
  private async search(): Promise<{ url: string; pool: pg.Pool }> {
    const { nodes } = this.options;
    let reason = "";
    for (let i = 0; i < nodes.length; i++) {
      const at = (this.preferred + i) % nodes.length;
      const url = nodes[at]!;
      const answer = await this.probe(url);
      if (answer !== "writable") {
        reason = answer;
        continue;
      }
      const pool = new pg.Pool({
        ...this.options.config,
        connectionString: url,
      });
      // An idle connection that the server drops emits 'error' on the pool; unheard, it would
      // kill the process. The next query on a fresh connection reports any lasting failure.
      pool.on("error", () => {});
      if (this.ended) {
        await pool.end();
        throw new Error("the store is closed");
      }
      this.preferred = at;
      this.current = { url, pool };
      this.lastFailure = null;
      this.retryMs = FIRST_RETRY_MS;
      this.stats.primariesFound++;
      return this.current;
    }
    this.lastFailure = new StoreUnavailableError(reason);
    this.retryAt = Date.now() + this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, LAST_RETRY_MS);
    throw this.lastFailure;
  }

  /**
   * "writable", or why not. A node that answers with an error of another kind (a wrong
   * password, no such database) is a mistake of the setup, not a failover: it is thrown.
   */
  private async probe(url: string): Promise<string> {
    const { config } = this.options;
    const client = new pg.Client({
      ...config,
      connectionString: url,
      connectionTimeoutMillis:
        config.connectionTimeoutMillis ?? PROBE_TIMEOUT_MS,
    });
    client.on("error", () => {});
    try {
      await client.connect();
      // A standby is in recovery; a primary being promoted or demoted is read only for a
      // while (pg_auto_failover's stop_replication and demote states): neither takes writes.
      const r = await client.query<{ read_only: boolean }>(
        "SELECT pg_is_in_recovery() OR current_setting('transaction_read_only') = 'on' AS read_only",
      );
      return r.rows[0]?.read_only === false ? "writable" : "read-only";
    } catch (error) {
      if (!isNodeLost(error)) throw error;
      return messageOf(error);
    } finally {
      await client.end().catch(() => {});
    }
  }
}

/** Clients given a listener for their 'error' already (pg's pool keeps and reuses them). */
const listened = new WeakSet<pg.PoolClient>();

/**
 * `client`, with an 'error' listener. pg's pool listens to a client only while it is idle; a
 * client checked out, between two statements, whose node dies (a backend that sees its
 * postmaster die says so: 57P01) emits 'error', and unheard that ends the process. The
 * statement that follows fails anyway and is refused as STORE_UNAVAILABLE.
 */
function heard(client: pg.PoolClient): pg.PoolClient {
  if (!listened.has(client)) {
    listened.add(client);
    client.on("error", () => {});
  }
  return client;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * @module Several processes over one PostgreSQL store learn of each other's appends: every
 * append NOTIFYs a channel at commit (postgres-store.ts) with its schema and the highest
 * position it reached; a watch LISTENs on a connection of its own. A connection that drops
 * (a restart of the server, pg_terminate_backend, a network cut, a failover) loses the
 * notifications sent meanwhile, so the watch reconnects — to the node that takes writes now —
 * LISTENs again and reports null: the listener reads everything after the last position it saw.
 */
import pg from "pg";
import type { AppendListener, AppendWatch } from "../store.js";

/** The channel every Kenges store's appends are announced on; the payload names the schema. */
export const APPEND_CHANNEL = "kenges_appended";

/**
 * The payload of an append's notification: `<schema> <position> <writer>`, where `writer`
 * names the store (one per process) that appended, so a watch can skip its own appends.
 */
export function appendNotice(
  schema: string,
  position: number,
  writer: string,
): string {
  return `${schema} ${position} ${writer}`;
}

/**
 * The position a notification announces for `schema` appended by another writer than
 * `self`; null when it is another schema's, this writer's own, or malformed.
 */
function positionIn(
  payload: string | undefined,
  schema: string,
  self: string,
): number | null {
  const [s, p, writer] = (payload ?? "").split(" ");
  if (s !== schema || writer === undefined || writer === self) return null;
  const position = Number(p);
  return Number.isSafeInteger(position) && position > 0 ? position : null;
}

export interface PostgresAppendWatchOptions {
  /**
   * The URL of the node to LISTEN on, asked at each (re)connection: the writable node of a
   * replicated database, which a failover changes (a standby cannot LISTEN).
   */
  readonly nodeUrl: () => Promise<string>;
  readonly schema: string;
  readonly connectTimeoutMs?: number;
  readonly applicationName?: string;
  /**
   * The writer id of the watching store's own appends: not reported. Its own events are in its
   * fold already; they are read back (once, in a batch) by the next catch-up another's append causes.
   */
  readonly self: string;
  /** First wait before reconnecting, in ms (doubled each failure up to {@link maxRetryMs}). */
  readonly retryMs?: number;
  readonly maxRetryMs?: number;
}

/** LISTENs for a schema's appends until closed, reconnecting (with back-off) whenever the connection drops. */
export async function watchPostgresAppends(
  options: PostgresAppendWatchOptions,
  listener: AppendListener,
): Promise<AppendWatch> {
  const firstRetry = options.retryMs ?? 200;
  const maxRetry = options.maxRetryMs ?? 5_000;
  let closed = false;
  let client: pg.Client | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let retry = firstRetry;

  const connect = async (): Promise<void> => {
    const c = new pg.Client({
      connectionString: await options.nodeUrl(),
      ...(options.connectTimeoutMs === undefined
        ? {}
        : { connectionTimeoutMillis: options.connectTimeoutMs }),
      ...(options.applicationName === undefined
        ? {}
        : { application_name: options.applicationName }),
    });
    let lost = false;
    const onLost = () => {
      if (lost) return;
      lost = true;
      if (client === c) client = null;
      c.end().catch(() => {});
      scheduleReconnect();
    };
    // Unheard, an 'error' of a dropped connection would end the process.
    c.on("error", onLost);
    c.on("end", onLost);
    c.on("notification", (n) => {
      if (n.channel !== APPEND_CHANNEL) return;
      const position = positionIn(n.payload, options.schema, options.self);
      if (position !== null) listener(position);
    });
    await c.connect();
    await c.query(`LISTEN ${APPEND_CHANNEL}`);
    if (closed || lost) {
      await c.end().catch(() => {});
      return;
    }
    client = c;
    retry = firstRetry;
    // Whatever was appended before this LISTEN was not announced to it.
    listener(null);
  };

  const scheduleReconnect = () => {
    if (closed || retryTimer !== null) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect().catch(() => {
        retry = Math.min(retry * 2, maxRetry);
        scheduleReconnect();
      });
    }, retry);
    retryTimer.unref();
  };

  try {
    await connect();
  } catch (error) {
    closed = true;
    if (retryTimer !== null) clearTimeout(retryTimer);
    throw error;
  }
  return {
    async close() {
      closed = true;
      if (retryTimer !== null) clearTimeout(retryTimer);
      retryTimer = null;
      const c = client;
      client = null;
      await c?.end().catch(() => {});
    },
  };
}

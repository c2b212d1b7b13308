/**
 * @module For tests only (never imported by src/): the PostgreSQL server the tests use and
 * throw-away databases on it. The server is KENGES_TEST_PG_URL, or the local test server
 * (postgres://postgres@127.0.0.1:5432/test, trust auth).
 */
import { randomBytes } from "node:crypto";
import pg from "pg";

/** The server (and a database on it that exists) the tests connect to. */
export const TEST_PG_URL =
  process.env.KENGES_TEST_PG_URL ??
  // The password is ignored under trust auth and matches what scripts/ensure-system-deps.mjs sets on a fresh cluster.
  "postgres://postgres:postgres@127.0.0.1:5432/test";

const NO_SERVER = new Set([
  "ECONNREFUSED",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/**
 * null when the server answers; why not when nothing listens (the tests skip, saying so);
 * throws when it answers but refuses us, so a misconfigured CI is not a silent skip.
 */
export async function testServerUnreachable(): Promise<string | null> {
  const client = new pg.Client({
    connectionString: TEST_PG_URL,
    connectionTimeoutMillis: 3_000,
  });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    const message = error instanceof Error ? error.message : String(error);
    if (NO_SERVER.has(code) || /timeout/i.test(message)) return message;
    throw new Error(
      `PostgreSQL at ${TEST_PG_URL} answered but refused the tests: ${message}`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}

/** Runs one statement on the test server's own database. */
export async function testServerQuery(
  text: string,
  values: unknown[] = [],
  url = TEST_PG_URL,
): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

/** A database of its own for one test file: `kenges_test_<random>`, dropped by `drop`. */
export async function createThrowawayDatabase(): Promise<{
  readonly url: string;
  drop(): Promise<void>;
}> {
  const name = `kenges_test_${randomBytes(6).toString("hex")}`;
  await testServerQuery(`CREATE DATABASE "${name}"`);
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    // FORCE (PostgreSQL 13+): a hub killed mid-test may leave a connection behind.
    drop: async () => {
      await testServerQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

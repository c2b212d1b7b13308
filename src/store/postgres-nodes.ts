/**
 * @module The nodes a PostgreSQL URL names. libpq (and so `pg_autoctl show uri`) accepts
 * several `host:port` pairs, `postgres://h1:5432,h2:5433/db?target_session_attrs=read-write`,
 * and connects to the first that takes writes; node-postgres accepts one host only. This
 * splits such a URL into one single-host URL per node, in the order given; the store then
 * looks for the writable one itself (postgres/postgres-primary-pool.ts). Pure: no driver.
 */

/** What a URL must look like: a postgres scheme, an authority, then the rest unchanged. */
const SHAPE = /^(postgres(?:ql)?:\/\/)(?:([^@/?#]*)@)?([^/?#]*)(.*)$/s;
/** One node: a bracketed IPv6 address or a name or IPv4 address, then an optional port. */
const NODE = /^(\[[0-9A-Fa-f:.]+\]|[^:[\]]*)(?::(\d{1,5}))?$/;

/**
 * One single-host URL per node of `url`, in order; null when `url` is not a postgres URL or a
 * node is malformed. `target_session_attrs` is dropped: node-postgres does not know it, and a
 * hub always looks for the writable node whatever it says. A URL with no host in the authority
 * (a Unix socket named by a `host` parameter) is one node, returned unchanged.
 */
export function postgresNodeUrls(url: string): string[] | null {
  const m = SHAPE.exec(url);
  if (m === null) return null;
  const [, scheme, userinfo, authority, rest] = m as unknown as [
    string,
    string,
    string | undefined,
    string,
    string,
  ];
  const tail = withoutSessionAttrs(rest);
  const prefix = `${scheme}${userinfo === undefined ? "" : `${userinfo}@`}`;
  if (authority === "") return [`${prefix}${tail}`];
  const nodes: string[] = [];
  for (const node of authority.split(",")) {
    const n = NODE.exec(node);
    if (n === null || n[1] === "") return null;
    const port = n[2] === undefined ? undefined : Number(n[2]);
    if (port !== undefined && (port < 1 || port > 65_535)) return null;
    nodes.push(`${prefix}${node}${tail}`);
  }
  return nodes;
}

/** `rest` (path, query, fragment) without the `target_session_attrs` parameter. */
function withoutSessionAttrs(rest: string): string {
  const q = rest.indexOf("?");
  if (q < 0) return rest;
  const hash = rest.indexOf("#", q);
  const query = rest.slice(q + 1, hash < 0 ? undefined : hash);
  const kept = query
    .split("&")
    .filter((p) => p !== "" && !/^target_session_attrs=/i.test(p));
  return `${rest.slice(0, q)}${kept.length > 0 ? `?${kept.join("&")}` : ""}${hash < 0 ? "" : rest.slice(hash)}`;
}

/**
 * @module The app's pages by path (pure: the router, web/src/router.tsx, and tests use it),
 * and the page a locked page returns to once the key is unlocked.
 */

/** A route: a page name and the ids in its path. */
export interface Route {
  readonly page:
    | "home"
    | "identity"
    | "add-device"
    | "join"
    | "federation"
    | "body"
    | "audit"
    | "plan"
    | "motion"
    | "delegate"
    | "demands"
    | "calls"
    | "call"
    | "meeting"
    | "projector"
    | "hub-audit"
    | "search"
    | "not-found";
  readonly id: string | null;
}

/**
 * Each page's path. The build reads it too (web/vite.config.ts), so the hub can name a
 * page's files in the index.html it serves for that path.
 */
export const ROUTE_PATTERNS: readonly (readonly [RegExp, Route["page"]])[] = [
  [/^\/$/, "home"],
  [/^\/identity$/, "identity"],
  [/^\/add-device$/, "add-device"],
  [/^\/join\/([0-9a-f]{64})$/, "join"],
  [/^\/federation$/, "federation"],
  [/^\/bodies\/([0-9a-f]{64})$/, "body"],
  [/^\/bodies\/([0-9a-f]{64})\/audit$/, "audit"],
  [/^\/bodies\/([0-9a-f]{64})\/plan$/, "plan"],
  [/^\/motions\/([0-9a-f]{64})$/, "motion"],
  [/^\/delegates\/([0-9a-f]{64})$/, "delegate"],
  [/^\/demands$/, "demands"],
  [/^\/calls$/, "calls"],
  [/^\/calls\/([0-9a-f]{64})$/, "call"],
  [/^\/meetings\/([0-9a-f]{64})$/, "meeting"],
  [/^\/meetings\/([0-9a-f]{64})\/projector$/, "projector"],
  [/^\/audit$/, "hub-audit"],
  [/^\/search$/, "search"],
];

/** The route of a path. */
export function routeOf(path: string): Route {
  for (const [re, page] of ROUTE_PATTERNS) {
    const m = re.exec(path);
    if (m) return { page, id: m[1] ?? null };
  }
  return { page: "not-found", id: null };
}

/**
 * The page to return to after unlocking or bringing a key, from `?next=`: a path of this app
 * only (never another site, never the identity page itself); null otherwise.
 */
export function safeNext(next: string | null): string | null {
  if (next === null || !next.startsWith("/") || /^\/[/\\]/.test(next))
    return null;
  const url = new URL(next, "https://app.invalid");
  if (url.origin !== "https://app.invalid") return null;
  const route = routeOf(url.pathname);
  if (route.page === "not-found" || route.page === "identity") return null;
  return `${url.pathname}${url.search}`;
}

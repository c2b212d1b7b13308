/**
 * @module The origins a hub answers on: what a browser's `location.origin` is when it reached
 * this hub, and so the only origins a sign-in may be bound to. Configured (`kenges serve
 * --origin`), or by default what the hub listens on: the loopback names, and — listening on
 * a LAN (0.0.0.0, ::, or an address) — that address or every address of the machine, with
 * its host name. Never taken from a request's `Host` header, which whoever relays a request
 * chooses.
 */
import { isIP } from "node:net";
import { hostname, networkInterfaces } from "node:os";

const LOOPBACK = ["localhost", "127.0.0.1", "::1"];

export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host.startsWith("127.");
}

/** `scheme://host:port` in the form browsers put in `location.origin` (IPv6 bracketed, default port left out). */
export function originOf(
  scheme: "http" | "https",
  host: string,
  port: number,
): string {
  const h = isIP(host) === 6 ? `[${host}]` : host;
  return new URL(`${scheme}://${h}:${port}`).origin;
}

/** Normalises an origin as a browser writes it; null when it is not just an origin (a path, a query, credentials). */
export function normalOrigin(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (
    url.pathname !== "/" ||
    url.search !== "" ||
    url.hash !== "" ||
    url.username !== "" ||
    url.password !== "" ||
    text.endsWith("/") ||
    text.includes("?") ||
    text.includes("#")
  )
    return null;
  return url.origin;
}

/** The origins a hub listening on `host:port` answers on, when none are configured. */
export function defaultOrigins(
  host: string,
  port: number,
  tls: boolean,
): string[] {
  const scheme = tls ? "https" : "http";
  const hosts = new Set(LOOPBACK);
  if (host === "0.0.0.0" || host === "::") {
    hosts.add(hostname());
    for (const list of Object.values(networkInterfaces()))
      for (const a of list ?? [])
        if (!a.internal) hosts.add(a.address.split("%")[0]!);
  } else if (!isLoopback(host)) hosts.add(host);
  const origins = new Set<string>();
  for (const h of hosts) {
    try {
      origins.add(originOf(scheme, h, port));
    } catch {
      // A host name a URL cannot hold (an odd machine name): it cannot be an origin either.
    }
  }
  return [...origins];
}

/**
 * The origins among `origins` that other devices on the network can use: not a loopback name.
 * IP addresses before host names (a phone on a hall's Wi-Fi may not resolve the laptop's name).
 */
export function networkOrigins(origins: readonly string[]): string[] {
  const reachable = origins.filter((o) => {
    const host = new URL(o).hostname.replace(/^\[|\]$/g, "");
    return !isLoopback(host);
  });
  const byIp = (o: string) =>
    isIP(new URL(o).hostname.replace(/^\[|\]$/g, "")) === 4 ? 0 : 1;
  return reachable.sort((a, b) => byIp(a) - byIp(b) || (a < b ? -1 : 1));
}

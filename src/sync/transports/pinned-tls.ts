/**
 * @module Reaching a hub whose certificate is its own (`kenges serve --tls`): no authority
 * vouches for it, so the operator gives its SHA-256 fingerprint — in the hub URL's `fp`
 * parameter, as invite links carry it (`https://10.0.0.5:8080/?fp=AB:CD:…`). The certificate
 * is fetched once without sending anything, compared with the fingerprint, and then becomes
 * the only trust anchor of the real connection, which checks the fingerprint again: a
 * message (it carries the key's proof) never goes to a server that is not the pinned hub.
 */
import { X509Certificate } from "node:crypto";
import { request } from "node:https";
import { isIP } from "node:net";
import { connect, type PeerCertificate } from "node:tls";
import { syncFail } from "../sync-error.js";

/**
 * Where a hub keeps its own certificate in its data directory (`kenges serve --tls` makes it):
 * a command on the same machine trusts exactly that certificate to reach the hub.
 */
export const HUB_CERT_FILE = "hub-tls-cert.pem";

/** The fingerprint as `kenges serve` prints it: 32 upper-case hex pairs joined by colons. */
export function normaliseFingerprint(text: string): string | null {
  const hex = text.replace(/[:\s]/g, "").toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) return null;
  return hex.match(/../g)!.join(":");
}

/** The fingerprint pinned in a hub URL (`?fp=`), null without one; a malformed one fails. */
export function pinnedFingerprint(url: URL): string | null {
  const fp = url.searchParams.get("fp");
  if (fp === null) return null;
  const normal = normaliseFingerprint(fp);
  if (normal === null)
    return syncFail("SYNC_TLS_FINGERPRINT_MISMATCH", {
      url: withoutPin(url).toString(),
      expected: fp,
      got: null,
      reason: "not a SHA-256 fingerprint (64 hex digits)",
    });
  return normal;
}

/** The URL without its `fp` parameter (what is dialled). */
export function withoutPin(url: URL): URL {
  const copy = new URL(url);
  copy.searchParams.delete("fp");
  return copy;
}

/** Where to dial a URL: host (without IPv6 brackets), port, and the TLS server name (none for an address). */
function endpoint(url: URL): {
  host: string;
  port: number;
  servername: string | undefined;
} {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return {
    host,
    port: Number(url.port || 443),
    servername: isIP(host) ? undefined : host,
  };
}

function mismatch(url: URL, expected: string, got: string | null): never {
  return syncFail("SYNC_TLS_FINGERPRINT_MISMATCH", {
    url: withoutPin(url).toString(),
    expected,
    got,
  });
}

/**
 * The hub's certificate (PEM) after checking it has the fingerprint: a TLS handshake that
 * sends no application data and is closed at once.
 */
export function pinnedCertificate(
  url: URL,
  fingerprint: string,
  timeoutMs = 30_000,
): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const socket = connect({
      ...endpoint(url),
      // Only to read the certificate: nothing is sent on this connection.
      rejectUnauthorized: false,
    });
    socket.setTimeout(timeoutMs, () =>
      socket.destroy(new Error("TLS handshake timed out")),
    );
    socket.once("secureConnect", () => {
      const cert = socket.getPeerCertificate(true);
      socket.end();
      try {
        if (cert.fingerprint256 !== fingerprint)
          mismatch(url, fingerprint, cert.fingerprint256 ?? null);
        resolve(new X509Certificate(cert.raw).toString());
      } catch (e) {
        reject(e);
      }
    });
    socket.once("error", (e) => {
      try {
        syncFail("SYNC_PEER_UNREACHABLE", {
          url: withoutPin(url).toString(),
          reason: e.message,
        });
      } catch (failure) {
        reject(failure);
      }
    });
  });
}

/** TLS options that trust only the pinned certificate, and check its fingerprint again. */
export function pinnedTlsOptions(
  url: URL,
  fingerprint: string,
  pem: string,
): {
  ca: string;
  checkServerIdentity: (
    host: string,
    cert: PeerCertificate,
  ) => Error | undefined;
} {
  return {
    ca: pem,
    // The fingerprint is the hub's identity (its certificate may not name the address dialled).
    checkServerIdentity: (_host, cert) =>
      cert.fingerprint256 === fingerprint
        ? undefined
        : new Error(
            `certificate fingerprint ${cert.fingerprint256} is not the pinned ${fingerprint} (${withoutPin(url)})`,
          ),
  };
}

/** One POST over a connection that trusts only the pinned certificate. */
export function postPinned(
  url: URL,
  fingerprint: string,
  pem: string,
  body: Uint8Array,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<{ status: number; body: Uint8Array }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        method: "POST",
        ...endpoint(url),
        path: `${url.pathname}${url.search}`,
        headers: { ...headers, "content-length": String(body.length) },
        timeout: timeoutMs,
        agent: false,
        ...pinnedTlsOptions(url, fingerprint, pem),
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on("data", (d: Buffer) => parts.push(d));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            body: new Uint8Array(Buffer.concat(parts)),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", reject);
    req.end(body);
  });
}

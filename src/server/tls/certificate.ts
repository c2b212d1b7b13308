/**
 * @module The hub's own TLS certificate: an ECDSA P-256 key and a self-signed X.509
 * certificate for its names and addresses, made with node:crypto and kept in the data
 * directory. Its SHA-256 fingerprint travels in every invite link and QR code, so a phone on
 * a bare LAN address can check it reached the right hub before it trusts the warning page.
 * Remade (with a new fingerprint) when it nears its end or the host gains an address.
 */
import {
  generateKeyPairSync,
  randomBytes,
  sign,
  X509Certificate,
} from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import { hostname, networkInterfaces } from "node:os";
import { join } from "node:path";
import { HUB_CERT_FILE } from "../../sync/index.js";
import {
  bitString,
  boolean,
  explicit,
  integer,
  octetString,
  oid,
  sequence,
  set,
  time,
  tlv,
  utf8String,
} from "./der.js";

export interface HubCertificate {
  readonly cert: string;
  readonly key: string;
  /** SHA-256 of the certificate's DER bytes, upper-case hex pairs joined by colons. */
  readonly fingerprint: string;
}

const KEY_FILE = "hub-tls-key.pem";
const DAY = 86_400_000;
/** Browsers refuse leaf certificates valid for longer than 398 days. */
const VALID_DAYS = 397;

/** Names and addresses the certificate should cover for a hub listening on `host`. */
export function hubNames(host: string): { dns: string[]; ips: string[] } {
  const dns = new Set(["localhost", hostname()]);
  const ips = new Set(["127.0.0.1", "::1"]);
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? [])
      if (!a.internal) ips.add(a.address.split("%")[0]!);
  if (isIP(host)) {
    if (host !== "0.0.0.0" && host !== "::") ips.add(host);
  } else dns.add(host);
  return {
    dns: [...dns].filter((d) => /^[A-Za-z0-9.-]+$/.test(d)),
    ips: [...ips],
  };
}

function ipBytes(ip: string): Buffer {
  if (isIP(ip) === 4) return Buffer.from(ip.split(".").map(Number));
  const [head, tail] = ip.split("::") as [string, string | undefined];
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const groups =
    tail === undefined
      ? h
      : [...h, ...Array(8 - h.length - t.length).fill("0"), ...t];
  return Buffer.concat(
    groups.map((g) => {
      const b = Buffer.alloc(2);
      b.writeUInt16BE(Number.parseInt(g || "0", 16));
      return b;
    }),
  );
}

/** Makes a key and a self-signed certificate for the names. */
export function makeCertificate(
  names: { dns: readonly string[]; ips: readonly string[] },
  now = new Date(),
): HubCertificate {
  const { privateKey, publicKey } = generateKeyPairSync("ec", {
    namedCurve: "P-256",
  });
  const spki = publicKey.export({ type: "spki", format: "der" });
  const name = sequence(
    set(sequence(oid("2.5.4.3"), utf8String("Kenges hub"))),
  );
  const ecdsaSha256 = sequence(oid("1.2.840.10045.4.3.2"));
  const serial = randomBytes(16);
  serial[0]! &= 0x7f;
  const altNames = sequence(
    ...names.dns.map((d) => tlv(0x82, Buffer.from(d, "ascii"))),
    ...names.ips.map((ip) => tlv(0x87, ipBytes(ip))),
  );
  const extensions = sequence(
    sequence(oid("2.5.29.19"), boolean(true), octetString(sequence())),
    sequence(
      oid("2.5.29.15"),
      boolean(true),
      octetString(tlv(0x03, Buffer.from([0x07, 0x80]))),
    ),
    sequence(oid("2.5.29.37"), octetString(sequence(oid("1.3.6.1.5.5.7.3.1")))),
    sequence(oid("2.5.29.17"), octetString(altNames)),
  );
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))),
    integer(serial),
    ecdsaSha256,
    name,
    sequence(
      time(new Date(now.getTime() - DAY)),
      time(new Date(now.getTime() + VALID_DAYS * DAY)),
    ),
    name,
    spki,
    explicit(3, extensions),
  );
  const signature = sign("sha256", tbs, privateKey);
  const der = sequence(tbs, ecdsaSha256, bitString(signature));
  const x509 = new X509Certificate(der);
  if (!x509.checkPrivateKey(privateKey) || !x509.verify(publicKey))
    throw new Error("the generated certificate does not verify");
  const cert = x509.toString();
  return {
    cert,
    key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    fingerprint: x509.fingerprint256,
  };
}

/** True when the certificate covers every name and is valid for another 30 days. */
function isCurrent(
  x509: X509Certificate,
  names: { dns: readonly string[]; ips: readonly string[] },
  now: Date,
): boolean {
  if (new Date(x509.validTo).getTime() - now.getTime() < 30 * DAY) return false;
  const san = x509.subjectAltName ?? "";
  return (
    names.dns.every((d) => san.includes(`DNS:${d}`)) &&
    names.ips.every((ip) => x509.checkIP(ip) !== undefined)
  );
}

/** The hub's certificate in a data directory: the kept one while it fits, else a new one. */
export function loadOrMakeCertificate(
  dataDir: string,
  host: string,
  now = new Date(),
): HubCertificate {
  const certFile = join(dataDir, HUB_CERT_FILE);
  const keyFile = join(dataDir, KEY_FILE);
  const names = hubNames(host);
  if (existsSync(certFile) && existsSync(keyFile)) {
    const cert = readFileSync(certFile, "utf8");
    const x509 = new X509Certificate(cert);
    if (isCurrent(x509, names, now))
      return {
        cert,
        key: readFileSync(keyFile, "utf8"),
        fingerprint: x509.fingerprint256,
      };
  }
  const made = makeCertificate(names, now);
  writeFileSync(keyFile, made.key, { mode: 0o600 });
  writeFileSync(certFile, made.cert);
  return made;
}

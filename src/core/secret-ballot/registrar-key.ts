/** @module Which RSA keys a registrar may offer: what the fold checks of the key itself. */
import {
  fromHex,
  MAX_TOKEN_KEY_BITS,
  MIN_TOKEN_KEY_BITS,
  type RsaPublicKeyInfo,
  readRsaPublicKey,
} from "../../crypto/index.js";
import { fail, ok, type Result } from "../result.js";

/** The public exponent every registrar key has: WebCrypto's and OpenSSL's default. */
export const REGISTRAR_KEY_EXPONENT = 65537;

const infos = new Map<string, RsaPublicKeyInfo | null>();

/** The size of a registrar key given as hex SPKI DER, remembered (ballots ask per token). */
export function registrarKeyInfo(key: string): RsaPublicKeyInfo | null {
  let info = infos.get(key);
  if (info === undefined) {
    const bytes = fromHex(key);
    info = bytes === null ? null : readRsaPublicKey(bytes);
    if (infos.size >= 10_000) infos.clear();
    infos.set(key, info);
  }
  return info;
}

/**
 * Fails unless `key` is an RSA public key (SPKI DER, hex) of 2048 to 4096 bits with exponent
 * 65537: RFC 9474 asks for 2048 bits or more; the upper bound and the one exponent keep what
 * a ballot's verification costs the fold small and alike everywhere.
 */
export function checkRegistrarKey(key: string): Result<RsaPublicKeyInfo> {
  const info = registrarKeyInfo(key);
  if (info === null) return fail("REGISTRAR_KEY_INVALID", { reason: "format" });
  if (
    info.modulusBits < MIN_TOKEN_KEY_BITS ||
    info.modulusBits > MAX_TOKEN_KEY_BITS
  )
    return fail("REGISTRAR_KEY_INVALID", {
      reason: "size",
      bits: info.modulusBits,
    });
  if (info.exponent !== REGISTRAR_KEY_EXPONENT)
    return fail("REGISTRAR_KEY_INVALID", { reason: "exponent" });
  return ok(info);
}

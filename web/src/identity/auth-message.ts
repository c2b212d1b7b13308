/**
 * @module The bytes a key signs to sign in to a hub — the same as the hub's
 * src/server/auth/auth-message.ts (a test pins both to one vector): canonical CBOR of
 * ["kenges-hub-auth-v2", federation, hub, origin, fingerprint, challenge, key]. A browser
 * cannot see the hub's certificate, so it signs a null fingerprint and binds the origin
 * (`location.origin`, which no page can fake).
 */
import { encodeCanonical } from "../../../src/crypto/index.js";

export const HUB_AUTH_DOMAIN = "kenges-hub-auth-v2";

/** The canonical bytes to sign for a hub login. */
export function hubAuthMessage(claim: {
  readonly federation: string;
  readonly hub: string;
  readonly origin: string;
  readonly fingerprint?: string | null;
  readonly challenge: string;
  readonly key: string;
}): Uint8Array {
  return encodeCanonical([
    HUB_AUTH_DOMAIN,
    claim.federation,
    claim.hub,
    claim.origin,
    claim.fingerprint ?? null,
    claim.challenge,
    claim.key,
  ]);
}

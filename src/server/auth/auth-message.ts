/**
 * @module The bytes a member's key signs to prove itself to a hub. Canonical CBOR, led by a
 * domain tag no event or key proof uses (an envelope is a map, this is an array), and bound
 * to the federation, the hub's id, the origin the client reached, the hub's TLS certificate
 * fingerprint when the client could see it (null otherwise: a browser cannot), a fresh
 * challenge and the key — so a signature made for one hub, page or moment is worth nothing
 * anywhere else. The hub checks the origin against the origins it is configured to answer
 * on and the fingerprint against its own certificate, never against the request's `Host`.
 * web/src/identity/auth-message.ts builds the same bytes; test/server/auth.test.ts pins both
 * to one vector.
 */
import { encodeCanonical } from "../../crypto/index.js";

/**
 * The domain tag of a hub login signature. v2 added the certificate fingerprint; a v1
 * signature never verifies against v2 bytes.
 */
export const HUB_AUTH_DOMAIN = "kenges-hub-auth-v2";

/** What a login signature covers. All ids are lower-case hex; origin is `scheme://host[:port]`. */
export interface HubAuthClaim {
  readonly federation: string;
  readonly hub: string;
  readonly origin: string;
  /** The SHA-256 fingerprint of the certificate the client saw (as `kenges serve` prints it), or null. */
  readonly fingerprint?: string | null;
  readonly challenge: string;
  readonly key: string;
}

/** The canonical bytes to sign for a hub login. */
export function hubAuthMessage(claim: HubAuthClaim): Uint8Array {
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

/**
 * @module The bytes a member's key signs to prove itself to a hub. Canonical CBOR, led by a
 * domain tag no event or key proof uses (an envelope is a map, this is an array), and bound
 * to the federation, the hub's id, the origin the browser sees, a fresh challenge and the key
 * — so a signature made for one hub, page or moment is worth nothing anywhere else.
 * web/src/identity/auth-message.ts builds the same bytes; test/server/auth-message.test.ts
 * pins both to one vector.
 */
import { encodeCanonical } from "../../crypto/index.js";

/** The domain tag of a hub login signature. */
export const HUB_AUTH_DOMAIN = "kenges-hub-auth-v1";

/** What a login signature covers. All ids are lower-case hex; origin is `scheme://host[:port]`. */
export interface HubAuthClaim {
  readonly federation: string;
  readonly hub: string;
  readonly origin: string;
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
    claim.challenge,
    claim.key,
  ]);
}

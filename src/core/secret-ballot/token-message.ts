/** @module The message a secret-ballot token signs: it binds the token to one motion and one one-time key. */
import { encodeCanonical } from "../../crypto/index.js";

/** Domain separation: a token for anything else never verifies as a ballot's. */
export const SECRET_BALLOT_TOKEN_CONTEXT = "kenges/secret-ballot/1";

/**
 * The canonical bytes of ("kenges/secret-ballot/1", motion id, one-time public key), hex ids.
 * A token over them lets exactly that key cast exactly one ballot on exactly that motion.
 */
export function secretBallotMessage(
  motion: string,
  oneTimeKey: string,
): Uint8Array {
  return encodeCanonical([SECRET_BALLOT_TOKEN_CONTEXT, motion, oneTimeKey]);
}

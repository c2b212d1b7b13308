/** @module Byte strings in payloads as lower-case hex, as ids and keys are elsewhere. */
import { z } from "zod";

/** Schema of hex bytes: an even number of lower-case hex digits, 1 to `maxBytes` bytes. */
export function hexBytes(maxBytes: number) {
  return z
    .string()
    .min(2)
    .max(maxBytes * 2)
    .regex(/^(?:[0-9a-f]{2})+$/);
}

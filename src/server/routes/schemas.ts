/** @module Request schemas shared by routes. */
import { z } from "zod";
import { hexIdSchema } from "../../api/index.js";

/** A path with one id. */
export const idParams = z.object({ id: hexIdSchema }).strict();

/** No query parameters but the language of error messages (read by the app itself). */
export const langQuery = z
  .object({ lang: z.string().max(8).optional() })
  .strict();

/** A query with the language and more. */
export function withLang<S extends z.ZodRawShape>(shape: S) {
  return z.object({ lang: z.string().max(8).optional(), ...shape }).strict();
}

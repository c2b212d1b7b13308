/**
 * @module An answer already written as JSON. When hundreds of phones read the same thing at
 * once (a meeting in a hall after every change), writing the shared part as JSON once and
 * sending that text to each of them saves most of what an answer costs the hub; the route
 * table sends the text as it is (and, where answers are checked, parses it against the
 * route's schema first, exactly as an object answer is checked).
 */

/** JSON text that is the answer itself, sent without serializing again. */
export class JsonAnswer {
  constructor(readonly text: string) {}
}

/**
 * The JSON of an object (`objectJson`, as `JSON.stringify` wrote it) with one more field
 * `key: value` at its end — for the per-reader part of an answer whose shared part was
 * written once. `key` must not already be a field of the object.
 */
export function jsonWithField(
  objectJson: string,
  key: string,
  value: unknown,
): string {
  if (!objectJson.startsWith("{") || !objectJson.endsWith("}"))
    throw new Error("jsonWithField: not the JSON of an object");
  const field = `${JSON.stringify(key)}:${JSON.stringify(value)}`;
  return objectJson === "{}"
    ? `{${field}}`
    : `${objectJson.slice(0, -1)},${field}}`;
}

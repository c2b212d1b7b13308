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
 * The JSON of an object (`objectJson`, as `JSON.stringify` wrote it) with more fields at its
 * end whose values are JSON already (`written`: name → JSON text) — the shared part of an
 * answer written once, a reader's own part added to it, or the other way round. No name of
 * `written` may already be a field of the object.
 */
export function jsonWith(
  objectJson: string,
  written: Readonly<Record<string, string>>,
): string {
  if (!objectJson.startsWith("{") || !objectJson.endsWith("}"))
    throw new Error("jsonWith: not the JSON of an object");
  const fields = Object.entries(written).map(
    ([name, json]) => `${JSON.stringify(name)}:${json}`,
  );
  if (fields.length === 0) return objectJson;
  const head = objectJson.slice(0, -1);
  return `${head}${head === "{" ? "" : ","}${fields.join(",")}}`;
}

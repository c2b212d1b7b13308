/**
 * Answers written as JSON once and completed per reader: the text must parse to exactly the
 * object that serializing the whole would give.
 */
import { expect, it } from "vitest";
import { jsonWith } from "../../src/server/json-answer.js";

it("adds written fields to the JSON of an object, empty or not", () => {
  const shared = { id: "m1", ballots: [{ n: 1 }], note: 'a "quoted" }' };
  const viewer = { present: true, waiting: ["r1"] };
  const text = jsonWith(JSON.stringify(shared), {
    viewer: JSON.stringify(viewer),
    'odd "name"': "null",
  });
  expect(JSON.parse(text)).toEqual({
    ...shared,
    viewer,
    'odd "name"': null,
  });
  expect(JSON.parse(jsonWith("{}", { a: "[1,2]" }))).toEqual({ a: [1, 2] });
  expect(jsonWith('{"a":1}', {})).toBe('{"a":1}');
});

it("refuses what is not the JSON of an object", () => {
  expect(() => jsonWith("[1]", { a: "1" })).toThrow(
    /not the JSON of an object/,
  );
  expect(() => jsonWith('"x"', { a: "1" })).toThrow(
    /not the JSON of an object/,
  );
});

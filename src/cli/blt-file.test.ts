import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { readBlt } from "../voting/index.js";
import { readBltFile } from "./blt-file.js";

const work = mkdtempSync(join(tmpdir(), "kenges-blt-file-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
// The repository's copy of the shared election data (test/data/elections).
const elections = new URL("../../test/data/elections/", import.meta.url);

it("reads a file through a small reused buffer as it reads the bytes whole", () => {
  // Pieces far smaller than a line stand in for the megabyte pieces of a file too big to hold.
  const path = join(work, "almond.blt");
  const bytes = readFileSync(
    new URL("edinburgh2017-w01-almond.blt", elections),
  );
  writeFileSync(path, bytes);
  const whole = readBlt(new Uint8Array(bytes));
  expect(whole.ok).toBe(true);
  for (const piece of [1, 7, 1000, 1 << 20])
    expect(readBltFile(path, piece), `pieces of ${piece}`).toEqual(whole);
});

it("reports a malformed file's line, and throws node's error for a missing one", () => {
  const path = join(work, "broken.blt");
  writeFileSync(path, "3 1\n1 1 2 0\n2 2 4 0\n");
  expect(readBltFile(path, 5)).toEqual({
    ok: false,
    error: {
      code: "BLT_UNKNOWN_CANDIDATE",
      details: { line: 3, candidate: 4 },
    },
  });
  expect(() => readBltFile(join(work, "absent.blt"))).toThrow(
    expect.objectContaining({ code: "ENOENT" }),
  );
});

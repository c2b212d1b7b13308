/**
 * docs/errors.md, the code lists and the four message catalogues agree: every code is
 * documented once, every documented code exists, every code has words in every language,
 * and translations are real translations with the same placeholders as English.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CLI_ERROR_CODES, exitCodeFor } from "../../src/cli/exit-codes.js";
import { DOMAIN_ERROR_CODES, INVALIDITY_CODES } from "../../src/core/index.js";
import { CATALOGS, LANGUAGES } from "../../src/i18n/index.js";
import { SERVER_ERROR_CODES } from "../../src/server/index.js";

const root = new URL("../../", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), "utf8");

/** The string literals of an exported union type, read from a source file's text. */
function unionCodes(path: string, typeName: string): string[] {
  const source = read(path);
  const start = source.indexOf(`export type ${typeName} =`);
  if (start < 0) throw new Error(`${typeName} not found in ${path}`);
  const end = source.indexOf(";", start);
  const body = source
    .slice(start, end)
    .split("\n")
    .map((line) => line.replace(/\/\/.*$/, ""))
    .join("\n");
  return [...body.matchAll(/"([A-Z][A-Z0-9_]*)"/g)].map((m) => m[1]!);
}

// src/voting has no runtime list of its codes: the union type's text is the source.
const VOTING_CODES = unionCodes(
  "src/voting/voting-error.ts",
  "VotingErrorCode",
);
// src/planning likewise (pure, no runtime list).
const PLANNING_CODES = unionCodes(
  "src/planning/planning-error.ts",
  "PlanningErrorCode",
);
const PASSPHRASE_CODES = unionCodes(
  "src/crypto/passphrase-box.ts",
  "OpenErrorCode",
);

const SOURCES: Record<string, readonly string[]> = {
  "DOMAIN_ERROR_CODES (src/core)": DOMAIN_ERROR_CODES,
  "CLI_ERROR_CODES (src/cli/exit-codes.ts)": CLI_ERROR_CODES,
  "VotingErrorCode (src/voting/voting-error.ts)": VOTING_CODES,
  "PlanningErrorCode (src/planning/planning-error.ts)": PLANNING_CODES,
  "OpenErrorCode (src/crypto/passphrase-box.ts)": PASSPHRASE_CODES,
  "SERVER_ERROR_CODES (src/server/http-errors.ts)": SERVER_ERROR_CODES,
};
const ALL_CODES = [...new Set(Object.values(SOURCES).flat())].sort();
const INVALIDITY = new Set<string>(INVALIDITY_CODES);

interface DocRow {
  readonly code: string;
  readonly cells: readonly string[];
}

/** Table rows whose first cell is a code in backticks. */
function codeRows(markdown: string): DocRow[] {
  const rows: DocRow[] = [];
  for (const line of markdown.split("\n")) {
    const m = /^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|/.exec(line);
    if (m === null) continue;
    const cells = line
      .trim()
      .replace(/^\||\|$/g, "")
      .split("|")
      .map((c) => c.trim());
    rows.push({ code: m[1]!, cells });
  }
  return rows;
}

const DOC_ROWS = codeRows(read("docs/errors.md"));
const DOC_CODES = DOC_ROWS.map((r) => r.code);

const placeholders = (message: string) =>
  [...new Set([...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();

describe("the code lists", () => {
  it("are found, and the voting union is parsed from its source", () => {
    for (const [name, codes] of Object.entries(SOURCES))
      expect(codes.length, name).toBeGreaterThan(0);
    expect(VOTING_CODES).toContain("TALLY_UNKNOWN_METHOD");
    expect(PASSPHRASE_CODES.sort()).toEqual([
      "PASSPHRASE_WRONG",
      "SEALED_BOX_MALFORMED",
    ]);
  });
});

describe("docs/errors.md", () => {
  it("has a row for every code of every list", () => {
    const documented = new Set(DOC_CODES);
    const missing = ALL_CODES.filter((c) => !documented.has(c));
    expect(missing).toEqual([]);
  });

  it("documents only codes that exist in some list", () => {
    const known = new Set(ALL_CODES);
    expect(DOC_CODES.filter((c) => !known.has(c))).toEqual([]);
  });

  it("documents each code once", () => {
    const seen = new Set<string>();
    const twice = DOC_CODES.filter((c) => seen.has(c) || !seen.add(c));
    expect(twice).toEqual([]);
  });

  it("gives each code a meaning, a place and the CLI's exit code", () => {
    for (const row of DOC_ROWS) {
      expect(row.cells, row.code).toHaveLength(4);
      expect(row.cells[1], `${row.code} meaning`).not.toBe("");
      expect(row.cells[2], `${row.code} where`).not.toBe("");
      expect(Number(row.cells[3]), `${row.code} exit code`).toBe(
        exitCodeFor(row.code, INVALIDITY.has(row.code)),
      );
    }
  });
});

describe("the message catalogues", () => {
  const en = CATALOGS.en.errors;

  it.each(LANGUAGES)("%s has a non-empty message for every code", (lang) => {
    const messages = CATALOGS[lang].errors;
    const missing = ALL_CODES.filter(
      (c) => typeof messages[c] !== "string" || messages[c]!.trim() === "",
    );
    expect(missing).toEqual([]);
  });

  it.each(LANGUAGES)("%s has the same keys as English", (lang) => {
    expect(Object.keys(CATALOGS[lang].errors).sort()).toEqual(
      Object.keys(en).sort(),
    );
  });

  it.each(LANGUAGES.filter((l) => l !== "en"))(
    "%s translates every message (no English copies)",
    (lang) => {
      const messages = CATALOGS[lang].errors;
      const copies = Object.keys(en).filter(
        (c) => messages[c] === en[c] && !/^\s*\{\w+\}\s*$/.test(en[c] ?? ""),
      );
      expect(copies).toEqual([]);
    },
  );

  it.each(LANGUAGES.filter((l) => l !== "en"))(
    "%s keeps exactly the placeholders of English",
    (lang) => {
      const messages = CATALOGS[lang].errors;
      const differing = Object.keys(en)
        .filter((c) => messages[c] !== undefined)
        .filter(
          (c) =>
            placeholders(messages[c]!).join() !== placeholders(en[c]!).join(),
        )
        .map((c) => ({
          code: c,
          en: placeholders(en[c]!),
          [lang]: placeholders(messages[c]!),
        }));
      expect(differing).toEqual([]);
    },
  );
});

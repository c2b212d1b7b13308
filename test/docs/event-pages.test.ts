/**
 * Every event type has its page, docs/events/<type>.md, with the fixed sections
 * Body / Effect / Authority / Rejected when; its example payload passes the type's schema;
 * and every code it names exists in docs/errors.md and in the English catalogue.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EVENT_HANDLERS, EVENT_TYPES } from "../../src/core/index.js";
import { CATALOGS } from "../../src/i18n/index.js";

const root = new URL("../../", import.meta.url);
const pagesDir = new URL("docs/events/", root);
const pageUrl = (type: string) => new URL(`${type}.md`, pagesDir);

const SECTIONS = ["Body", "Effect", "Authority", "Rejected when"] as const;
const STAGES = new Set(["rejected before storage", "kept as invalid"]);

const catalogueCodes = new Set(
  readFileSync(new URL("docs/errors.md", root), "utf8")
    .split("\n")
    .map((line) => /^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|/.exec(line)?.[1])
    .filter((c): c is string => c !== undefined),
);

/** The text of a `## name` section, up to the next `## ` heading. */
function section(page: string, name: string): string {
  const lines = page.split("\n");
  const start = lines.indexOf(`## ${name}`);
  if (start < 0) return "";
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => l.startsWith("## "));
  return (end < 0 ? rest : rest.slice(0, end)).join("\n");
}

describe.each(EVENT_TYPES)("docs/events/%s.md", (type) => {
  const exists = existsSync(pageUrl(type));
  const page = exists ? readFileSync(pageUrl(type), "utf8") : "";

  it("exists, titled with the type and followed by a purpose paragraph", () => {
    expect(exists).toBe(true);
    const lines = page.split("\n");
    expect(lines[0]).toBe(`# ${type}`);
    const firstText = lines.slice(1).find((l) => l.trim() !== "");
    expect(firstText).toBeDefined();
    expect(firstText!.startsWith("#")).toBe(false);
  });

  it("has the four sections once each, in order", () => {
    const headings = page.split("\n").filter((l) => l.startsWith("## "));
    expect(headings).toEqual(SECTIONS.map((s) => `## ${s}`));
    for (const s of SECTIONS) expect(section(page, s).trim()).not.toBe("");
  });

  it("has an example payload that the type's schema accepts", () => {
    const body = section(page, "Body");
    expect(body).toContain("| field | type | bounds |");
    const json = /```json\n([\s\S]*?)\n```/.exec(body);
    expect(json, "a ```json block in ## Body").not.toBeNull();
    const parsed = EVENT_HANDLERS.get(type)!.schema.safeParse(
      JSON.parse(json![1]!),
    );
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
  });

  it("lists its rejections with a stage, using codes of the catalogue", () => {
    const rejected = section(page, "Rejected when");
    const rows = rejected
      .split("\n")
      .map((line) => /^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|([^|]*)\|/.exec(line))
      .filter((m) => m !== null);
    expect(rows.length).toBeGreaterThan(0);
    for (const [, code, stage] of rows) {
      expect(catalogueCodes.has(code!), `${code} in docs/errors.md`).toBe(true);
      expect(CATALOGS.en.errors[code!], `${code} in en.json`).toBeDefined();
      expect(STAGES.has(stage!.trim()), `${code}: "${stage}"`).toBe(true);
    }
    // Codes named in the prose of the section must exist too.
    const named = [...rejected.matchAll(/`([A-Z][A-Z0-9_]{2,})`/g)].map(
      (m) => m[1]!,
    );
    expect(named.filter((c) => !catalogueCodes.has(c))).toEqual([]);
  });
});

describe("docs/events/", () => {
  it("has a page only for known event types", () => {
    const pages = readdirSync(pagesDir)
      .filter((f) => f.endsWith(".md"))
      .map((f) => f.slice(0, -3));
    expect(pages.filter((p) => !EVENT_TYPES.includes(p))).toEqual([]);
  });
});

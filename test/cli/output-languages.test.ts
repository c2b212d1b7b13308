/**
 * What the commands print (not only their errors) is in the reader's language with `--lang`:
 * Russian, Kazakh and Urdu output carries that language's sentences from the catalogue's
 * `cli` section and none of the English ones.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { say, sentencesOf, term } from "../../src/cli/words.js";
import { inProcessCli } from "./support/in-process-cli.js";

const work = mkdtempSync(join(tmpdir(), "kenges-langs-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const dir = join(work, "data");

const kenges = inProcessCli(work, { prefix: ["--data", dir] });

async function ok(...args: string[]): Promise<string> {
  const r = await kenges(args);
  if (r.code !== 0) throw new Error(`${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}
const quiet = async (...args: string[]) =>
  (await ok(...args, "--quiet")).trim();

/**
 * The words of the English sentences: each template's text between placeholders, where it
 * has a word of four letters or more (shorter pieces such as "id" or "ok" prove nothing).
 */
const ENGLISH = [
  ...new Set(
    Object.values(sentencesOf("en")).flatMap((t) =>
      t
        .split(/\{\w+\}|\n/)
        .map((f) => f.replace(/^[\s(),.:;—%/]+|[\s(),.:;—%/]+$/g, ""))
        .filter((f) => /[a-z]{4,}/i.test(f)),
    ),
  ),
];

/** The English left in `output`, leaving out the commands it suggests, method codes and event types. */
function englishIn(output: string): string[] {
  const text = output
    .replace(/kenges [^\n]*/g, "")
    .replace(/yes-no-abstain/g, "")
    .replace(/\b[a-z]+(\.[a-z-]+)+\b/g, ""); // event types (log)
  return ENGLISH.filter((f) =>
    new RegExp(
      `(^|[^A-Za-z])${f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^A-Za-z])`,
    ).test(text),
  );
}

let BODY = "";
let COUNCIL = "";
beforeAll(async () => {
  await quiet("init", "--name", "Qazaq", "--founder-name", "Zhanar");
  await quiet("key", "create", "--label", "dana");
  BODY = await quiet(
    "body",
    "create",
    "--name",
    "Zavod",
    "--endorsements",
    "1",
    "--quorum",
    "10",
  );
  const request = await quiet(
    "--as",
    "dana",
    "member",
    "join",
    BODY,
    "--name",
    "Dana",
  );
  await quiet("member", "endorse", request);
  COUNCIL = await quiet(
    "body",
    "create",
    "--kind",
    "council",
    "--name",
    "Sovet",
  );
  await quiet("body", "link", BODY, COUNCIL);
}, 120_000);

it("the English sentences to look for are many and specific", () => {
  expect(ENGLISH.length).toBeGreaterThan(40);
  expect(ENGLISH).toContain("ballots cast");
  expect(englishIn("status: adopted").sort()).toEqual(["adopted", "status"]);
});

describe.each(["ru", "kk", "ur"] as const)("with --lang %s", (lang) => {
  const run = (...args: string[]) => ok(...args, "--lang", lang);

  it("a motion's life — open, vote, close, show, recount — is told in the language", async () => {
    const opened = await run(
      "motion",
      "open",
      BODY,
      "--title",
      "Q",
      "--text",
      "T",
    );
    const motion = opened.match(/[0-9a-f]{64}/)![0];
    expect(opened.split("\n")[0]).toBe(
      say(lang, "motion.opened", { id: motion, command: "" }).split("\n")[0],
    );
    const ballot = await run("vote", motion, "yes");
    expect(ballot.trim()).toMatch(
      new RegExp(`^${say(lang, "motion.ballot", { id: "[0-9a-f]{64}" })}$`),
    );
    await ok("--as", "dana", "vote", motion, "no");
    const closed = await run("close", motion);
    expect(closed).toContain(term(lang, "outcome", "rejected"));
    expect(closed).toContain(term(lang, "threshold", "simple"));
    const shown = await run("motion", "show", motion);
    expect(shown).toContain(
      say(lang, "motion.counts", { ballots: 2, comments: 0 }),
    );
    expect(shown).toContain(term(lang, "motion-kind", "resolution"));
    const listed = await run("motion", "list", BODY);
    const recounted = await run("tally", "--motion", motion);
    expect(recounted).toContain(say(lang, "recount.matches"));
    for (const out of [opened, ballot, closed, shown, listed, recounted])
      expect(englishIn(out), out).toEqual([]);
  }, 60_000);

  it("state, body, member and verify are told in the language", async () => {
    const state = await run("state");
    expect(state).toContain(say(lang, "state.scope-hashes"));
    expect(state).toContain(say(lang, "state.column.members"));
    const bodies = await run("body", "list");
    expect(bodies).toContain(term(lang, "body-kind", "assembly"));
    const body = await run("body", "show", BODY);
    expect(body).toContain(say(lang, "body.show.members", { count: 2 }));
    expect(body).toContain(say(lang, "body.rules.endorsements", { count: 1 }));
    const members = await run("member", "list", BODY);
    expect(members).toContain("Dana");
    const verified = await run("verify");
    expect(verified.split("\n")[0]).toBe(say(lang, "verify.ok"));
    for (const out of [state, bodies, body, members, verified])
      expect(englishIn(out), out).toEqual([]);
  }, 60_000);

  it("a council, key, peer and log are told in the language", async () => {
    const council = await run("body", "show", COUNCIL);
    expect(council).toContain(term(lang, "council", "municipal"));
    expect(council).toContain(
      say(lang, "body.attesters", { names: "Zhanar", threshold: 1 }),
    );
    const keys = await run("key", "list");
    expect(keys).toContain(say(lang, "key.sealed"));
    const peers = await run("peer", "list");
    expect(peers.trim()).toBe(say(lang, "peer.none"));
    const log = await run("log", "--limit", "5");
    for (const out of [council, keys, peers, log])
      expect(englishIn(out), out).toEqual([]);
  }, 60_000);
});

it("English stays as it was", async () => {
  const shown = await ok("state");
  expect(shown).toMatch(/\d+ events \(0 invalid, 0 in quarantine\)/);
  expect(englishIn(shown).length).toBeGreaterThan(0);
});

/**
 * Issue 12, redaction beyond comments, from the command line: a chair removes the name an
 * informer filed in a join request and the words of a doxxing motion with `kenges redact`. The
 * request can still be vouched for, the motion keeps its ballots and its result, `kenges
 * verify` passes — and the text is in no byte of the store (read through its key, free pages
 * included) nor of an exported bundle, from which a replica that never saw the words folds the
 * same motion and request.
 */
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3-multiple-ciphers";
import { afterAll, beforeAll, expect, it } from "vitest";
import { dataSubkey, unwrapDataKey } from "../../src/at-rest/index.js";
import { dataDirStoreCipher } from "../../src/cli/data-key.js";
import { applyCipher } from "../../src/store/sqlite/sqlite-cipher.js";
import { rawKey } from "../../src/store/sqlite/sqlite-encrypt.js";
import { inProcessCli } from "./support/in-process-cli.js";

const work = mkdtempSync(join(tmpdir(), "kenges-redact-words-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const dir = join(work, "data");
const kenges = inProcessCli(work, { prefix: ["--data", dir] });

/** Words only the redacted events held (an address in a name, a street in a motion). */
const NAME = "Aigul Sadykova of 14 Abai Street";
const TITLE = "Visit the foreman Zhaksylykov at home";
// Each secret is spelt so that no id (lower-case hex) or time (digits) can hold it by chance:
// a bare "4471" once matched a millisecond clock (closedAt …64471) and failed the test.
const TEXT =
  "He lives at 7 Zheltoksan Street, flat 12; the door code is K-4471.";
const SECRETS = ["Abai Street", "Zhaksylykov", "Zheltoksan", "K-4471"];

async function ok(...args: string[]): Promise<string> {
  const r = await kenges([...args, "--quiet"]);
  if (r.code !== 0) throw new Error(`${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
}

async function json(...args: string[]) {
  const r = await kenges([...args, "--json"]);
  if (r.code !== 0) throw new Error(`${args.join(" ")}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/**
 * Every page of the store as plain bytes: a copy of the file (and its WAL) decrypted in place
 * by the cipher's rekey, which rewrites every page — free ones too — without the key.
 */
async function storeBytes(): Promise<string> {
  const key = await unwrapDataKey(dir, process.env.KENGES_DATA_PASSPHRASE!);
  const copy = join(work, `copy-${Date.now()}.sqlite`);
  copyFileSync(join(dir, "kenges.sqlite"), copy);
  if (existsSync(join(dir, "kenges.sqlite-wal")))
    copyFileSync(join(dir, "kenges.sqlite-wal"), `${copy}-wal`);
  const db = new Database(copy);
  applyCipher(db, dataDirStoreCipher(dir));
  db.pragma(`key = "${rawKey(dataSubkey(key, "sqlite"))}"`);
  db.pragma("journal_mode = DELETE");
  db.pragma(`rekey = ''`);
  db.close();
  return readFileSync(copy).toString("latin1");
}

let BODY = "";
let REQUEST = "";
let MOTION = "";
beforeAll(async () => {
  await ok("init", "--name", "Test", "--founder-name", "Zhanar");
  await ok("key", "create", "--label", "dana");
  await ok("key", "create", "--label", "informer");
  BODY = await ok("body", "create", "--name", "Depot", "--endorsements", "1");
  const dana = await ok(
    "--as",
    "dana",
    "member",
    "join",
    BODY,
    "--name",
    "Dana",
  );
  await ok("member", "endorse", dana);
  REQUEST = await ok(
    "--as",
    "informer",
    "member",
    "join",
    BODY,
    "--name",
    NAME,
  );
  MOTION = await ok(
    "--as",
    "dana",
    "motion",
    "open",
    BODY,
    "--title",
    TITLE,
    "--text",
    TEXT,
  );
  await ok("vote", MOTION, "yes");
  await ok("--as", "dana", "vote", MOTION, "yes");
}, 120_000);

it("holds the text before the redaction (the byte check below can fail)", async () => {
  const bytes = await storeBytes();
  for (const s of SECRETS) expect(bytes).toContain(s);
});

it("a chair removes the name and the words; the request and the motion stand", async () => {
  const refused = await kenges(["--as", "dana", "redact", REQUEST]);
  expect(refused.code).not.toBe(0);
  expect(refused.stderr).toContain("NOT_A_CHAIR");
  await ok("redact", REQUEST, "--reason", "someone else's address");
  await ok("redact", MOTION, "--reason", "an address");
  // Vouched for after the redaction: admitted, with no name.
  await ok("--as", "dana", "member", "endorse", REQUEST);
  const requests = await json("member", "requests", BODY);
  expect(requests.find((r: { id: string }) => r.id === REQUEST)).toMatchObject({
    name: "",
    redacted: true,
    status: "admitted",
  });
  const table = await kenges(["member", "requests", BODY]);
  expect(table.stdout).toContain("(name removed by redaction)");
  // The motion is closed after the redaction: its ballots count, its result stands.
  await ok("close", MOTION);
  const shown = await json("motion", "show", MOTION);
  expect(shown.motion).toMatchObject({
    redacted: true,
    title: {},
    text: {},
    status: "decided",
    outcome: "adopted",
  });
  expect(shown.ballots).toHaveLength(2);
  const text = await kenges(["motion", "show", MOTION]);
  expect(text.stdout).toContain("(words removed by redaction)");
  for (const s of SECRETS) expect(JSON.stringify(shown)).not.toContain(s);
});

it("kenges verify passes, and no byte of the store or of a bundle holds the text", async () => {
  const verify = await kenges(["verify"]);
  expect(verify.code, verify.stderr).toBe(0);
  const bytes = await storeBytes();
  for (const s of SECRETS) expect(bytes).not.toContain(s);
  const bundle = join(work, "all.kbundle");
  await ok("export", "--out", bundle, "--plain");
  const plain = readFileSync(bundle).toString("latin1");
  expect(plain).toContain("Dana");
  for (const s of SECRETS) expect(plain).not.toContain(s);
});

it("a replica that never saw the words folds the same motion and request from the bundle", async () => {
  const bundle = join(work, "all.kbundle");
  const other = inProcessCli(work, { prefix: ["--data", join(work, "other")] });
  const imported = await other(["import", bundle, "--quiet"]);
  expect(imported.code, imported.stderr).toBe(0);
  const shown = await other(["motion", "show", MOTION, "--json"]);
  expect(shown.code, shown.stderr).toBe(0);
  const here = await json("motion", "show", MOTION);
  expect(JSON.parse(shown.stdout).motion).toEqual(here.motion);
  const requests = await other(["member", "requests", BODY, "--json"]);
  expect(
    JSON.parse(requests.stdout).find((r: { id: string }) => r.id === REQUEST),
  ).toMatchObject({ name: "", redacted: true, status: "admitted" });
  const verify = await other(["verify"]);
  expect(verify.code, verify.stderr).toBe(0);
});

it("a meeting's place and an informer's agenda item lose their words; the meeting and the item stand", async () => {
  const PLACE = "the back room of 22 Baitursynov Street";
  const ITEM = "Name the driver Serikbayev who talked";
  const meeting = await ok(
    "meeting",
    "convene",
    BODY,
    "--title",
    "Depot meeting",
    "--place",
    PLACE,
  );
  const item = await ok(
    "--as",
    "informer",
    "meeting",
    "agenda",
    meeting,
    "--add",
    ITEM,
  );
  const before = await storeBytes();
  for (const s of ["Baitursynov", "Serikbayev"]) expect(before).toContain(s);
  // Only a chair, or the proposer, takes another's words away.
  const refused = await kenges(["--as", "dana", "redact", item]);
  expect(refused.stderr).toContain("NOT_A_CHAIR");
  await ok("redact", item, "--reason", "names a member");
  await ok("redact", meeting, "--reason", "an address");
  await ok("meeting", "agenda", meeting, "--order", item);
  const shown = await json("meeting", "agenda", meeting);
  expect(JSON.stringify(shown)).toContain(item);
  const verify = await kenges(["verify"]);
  expect(verify.code, verify.stderr).toBe(0);
  const after = await storeBytes();
  for (const s of ["Baitursynov", "Serikbayev"]) expect(after).not.toContain(s);
  const meetingJson = await json("meeting", "show", meeting);
  expect(JSON.stringify(meetingJson)).not.toContain("Baitursynov");
  // A member reads that words were removed, not an empty line.
  const shownText = await kenges(["meeting", "show", meeting]);
  expect(shownText.stdout).toContain("(words removed by redaction)");
});

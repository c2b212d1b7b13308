/**
 * A whole secret vote from the command line, in one data directory with several identities
 * (`--as`, as the demo does): two registrars offer keys, the chair opens a secret motion citing
 * both, members ask for tokens, the registrars answer, members vote (one fetches tokens first
 * and votes later), the chair closes; `kenges tally --motion` recomputes the close's result
 * from the log, `motion show` says each ballot cast from here was counted and shows no member
 * beside a ballot, `verify` lists a token spent twice (arriving as by sync). The CLI refuses
 * a second vote, and a key off the roll gets no token.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openReplica } from "../../src/cli/data-dir.js";
import {
  oneTimeKeyOf,
  readTicket,
} from "../../src/cli/secret-ballot-ticket.js";
import { say } from "../../src/cli/words.js";
import { signEvent } from "../../src/core/index.js";
import { deriveKeyPair } from "../../src/crypto/index.js";
import { testDataKey } from "./support/data-dir-key.js";
import { inProcessCli } from "./support/in-process-cli.js";

const work = mkdtempSync(join(tmpdir(), "kenges-secret-vote-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const dir = join(work, "data");

const kenges = inProcessCli(work, { prefix: ["--data", dir] });

async function ok(...args: string[]): Promise<string> {
  const r = await kenges(args);
  if (r.code !== 0) throw new Error(`${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
}

const quiet = (...args: string[]) => ok(...args, "--quiet");

let BODY = "";
let ALAN = "";
const member: Record<string, string> = {};
let OFFER_DANA = "";
let OFFER_RAVIL = "";
let MOTION = "";
let ALAN_COMMENT = "";
let ALAN_BALLOT = "";

beforeAll(async () => {
  await quiet("init", "--name", "Test", "--founder-name", "Zhanar");
  member.zhanar = await quiet("key", "show");
  BODY = await quiet(
    "body",
    "create",
    "--name",
    "Depot",
    "--endorsements",
    "1",
    "--quorum",
    "10",
  );
  for (const label of ["dana", "ravil", "alan", "eve"]) {
    await quiet("key", "create", "--label", label);
    member[label] = await quiet("--as", label, "key", "show");
  }
  for (const label of ["dana", "ravil", "alan"]) {
    const request = await quiet(
      "--as",
      label,
      "member",
      "join",
      BODY,
      "--name",
      label,
    );
    await quiet("member", "endorse", request);
  }
  ALAN = member.alan!;
}, 120_000);

it("two registrars offer keys, kept sealed in the data directory", async () => {
  OFFER_DANA = await quiet(
    "--as",
    "dana",
    "registrar",
    "offer",
    "--body",
    BODY,
  );
  OFFER_RAVIL = await quiet(
    "--as",
    "ravil",
    "registrar",
    "offer",
    "--body",
    BODY,
  );
  expect(OFFER_DANA).toMatch(/^[0-9a-f]{64}$/);
  const files = readdirSync(join(dir, "registrars"));
  expect(files).toHaveLength(2);
  // Sealed, never plain: no PKCS#8 or PEM text, the data directory's seal magic instead.
  for (const f of files) {
    const bytes = readFileSync(join(dir, "registrars", f));
    expect(bytes.subarray(0, 6).toString("latin1")).toBe("KGSEAL");
    expect(bytes.toString("latin1")).not.toMatch(/privateKey|BEGIN/);
  }
  // A key of no member is refused, and the key made for its offer is not kept.
  const stranger = await kenges([
    "--as",
    "eve",
    "registrar",
    "offer",
    "--body",
    BODY,
  ]);
  expect(stranger.code).toBe(4);
  expect(stranger.stderr).toMatch(/^kenges: NOT_A_MEMBER: /);
  expect(readdirSync(join(dir, "registrars"))).toHaveLength(2);
  // A secret motion names its registrars: by repeated flags here.
  MOTION = await quiet(
    "motion",
    "open",
    BODY,
    "--title",
    "Strike on Monday",
    "--text",
    "We strike on Monday.",
    "--secret",
    "--registrar",
    OFFER_DANA.slice(0, 12),
    "--registrar",
    OFFER_RAVIL.slice(0, 12),
  );
  const shown = await ok("motion", "show", MOTION);
  expect(shown).toContain("Secret ballot");
  // In the reader's language, as every command's output.
  for (const lang of ["ru", "kk", "ur"])
    expect(await ok("--lang", lang, "motion", "show", MOTION)).toContain(
      say(lang, "secret.is-secret"),
    );
  expect(shown).toMatch(/roll: 4 members; token requests: 0; ballots: 0/);
}, 60_000);

it("members ask for tokens, the registrars answer, members vote — one later, from tokens kept", async () => {
  const first = await kenges(["vote", MOTION, "yes"]);
  expect(first.code).toBe(0);
  expect(first.stdout).toMatch(
    /Tokens requested .*registrar of the motion must answer/s,
  );
  const alanAsks = JSON.parse(
    await ok("--as", "alan", "vote", MOTION, "--json"),
  );
  expect(alanAsks.step).toBe("requested");
  // Before the registrars answer, a second run says whom it waits for.
  const waiting = await ok("vote", MOTION, "yes");
  expect(waiting).toMatch(/Registrars yet to answer your token request \(2\)/);
  const danaIssued = JSON.parse(
    await ok("--as", "dana", "registrar", "issue", "--json"),
  );
  expect(danaIssued.issued).toHaveLength(2);
  expect(await ok("--as", "dana", "registrar", "issue")).toMatch(
    /No token request is waiting/,
  );
  // Ravil holds no key of Dana's offer: only its own answers go out.
  expect(
    JSON.parse(
      await ok(
        "--as",
        "ravil",
        "registrar",
        "issue",
        "--motion",
        MOTION,
        "--json",
      ),
    ).issued,
  ).toHaveLength(2);
  const cast = JSON.parse(await ok("vote", MOTION, "yes", "--json"));
  expect(cast.step).toBe("cast");
  // Alan fetches the tokens now and votes later (this could be offline: nothing is asked).
  expect(
    JSON.parse(await ok("--as", "alan", "vote", MOTION, "--json")).step,
  ).toBe("tokens-ready");
  const alanCast = JSON.parse(
    await ok("--as", "alan", "vote", MOTION, "no", "--json"),
  );
  expect(alanCast.step).toBe("cast");
  // Alan's next event does not name his ballot, still unpublished here, as a parent.
  ALAN_COMMENT = await quiet(
    "--as",
    "alan",
    "comment",
    MOTION,
    "--text",
    "Solidarity.",
  );
  ALAN_BALLOT = alanCast.ballot;
  // The ballot names no one: its author is a one-time key, not Alan's.
  const log = await ok("log", "--json");
  expect(log).toContain(alanCast.ballot);
  const shown = await ok("motion", "show", MOTION);
  expect(shown).toMatch(/token requests: 2; ballots: 2; tokens spent twice: 0/);
  expect(shown).toMatch(/registrar dana \(\w+\): 2 tokens issued/);
  expect(shown).toContain(`Your ballot ${cast.ballot.slice(0, 8)}`);
}, 60_000);

it("refuses a second vote from here, and a key off the roll gets no token", async () => {
  const again = await kenges(["vote", MOTION, "no"]);
  expect(again.code).toBe(7);
  expect(again.stderr).toMatch(/^kenges: SECRET_BALLOT_ALREADY_CAST: /);
  const eve = await kenges(["--as", "eve", "vote", MOTION, "yes"]);
  expect(eve.code).toBe(4);
  expect(eve.stderr).toMatch(/^kenges: NOT_ON_ROLL: /);
  expect(await ok("--as", "dana", "registrar", "issue")).toMatch(
    /No token request is waiting/,
  );
}, 60_000);

it("a token spent twice (as if by sync) is listed by verify and counted once; tally --motion equals the close", async () => {
  // Alan's one-time key signs a second ballot with the same tokens, arriving as from a peer.
  const key = await testDataKey(dir);
  const ticket = readTicket(dir, key, MOTION, ALAN)!;
  const replica = await openReplica(dir, { key });
  let second = "";
  let forged = "";
  try {
    const e = signEvent(oneTimeKeyOf(ticket), {
      federation: replica.federation,
      scope: BODY,
      seq: 1,
      kseq: 1,
      prev: null,
      deps: [MOTION],
      time: replica.fold.timeOf(MOTION)!,
      type: "ballot.secret",
      payload: {
        motion: MOTION,
        choice: { vote: "abstain" },
        tokens: [...ticket.tokens!],
      },
    });
    second = e.id;
    const fold = replica.fold;
    const parents = fold.index
      .parentsOf(fold.index.indexOf(ALAN_COMMENT))
      .map((p) => fold.index.ids[p]);
    expect(parents).not.toContain(ALAN_BALLOT);
    expect(
      fold.index.precedes(
        fold.index.indexOf(ALAN_BALLOT),
        fold.index.indexOf(ALAN_COMMENT),
      ),
    ).toBe(false);
    const report = await replica.ingest([e], "peer:test");
    expect(report.rejections).toEqual([]);
    expect(report.added).toBe(1);
    expect(replica.fold.invalidReason(e.id)).toBeNull();
    // A ballot with a forged token, as a peer might relay it: kept, invalid, never counted.
    const token = ticket.tokens![1]!;
    const bad = signEvent(deriveKeyPair("secret-vote-forger", 0), {
      federation: replica.federation,
      scope: BODY,
      seq: 1,
      kseq: 1,
      prev: null,
      deps: [MOTION],
      time: replica.fold.timeOf(MOTION)!,
      type: "ballot.secret",
      payload: {
        motion: MOTION,
        choice: { vote: "yes" },
        tokens: [
          ...ticket.tokens!.slice(0, 1),
          `${token.startsWith("ff") ? "00" : "ff"}${token.slice(2)}`,
        ],
      },
    });
    forged = bad.id;
    await replica.ingest([bad], "peer:test");
    expect(replica.fold.invalidReason(bad.id)?.code).toBe("TOKEN_INVALID");
  } finally {
    await replica.close();
  }
  // Of the two ballots of one key, the lowest id counts: Alan's "no", or the "abstain".
  const [low, high] = [ticket.ballot!, second].sort();
  const alanCounted =
    low === ticket.ballot ? { no: 1, abstain: 0 } : { no: 0, abstain: 1 };
  const closed = JSON.parse(await ok("close", MOTION, "--json"));
  expect(closed.result.decision).toMatchObject({
    yes: 1,
    ...alanCounted,
    present: 2,
  });
  const tally = await kenges(["tally", "--motion", MOTION, "--json"]);
  expect(tally.code).toBe(0);
  expect(JSON.parse(tally.stdout)).toMatchObject({
    yes: 1,
    ...alanCounted,
    matches: true,
  });
  // Closed: Ravil, who never asked, is told so rather than asking for tokens.
  const late = await kenges(["--as", "ravil", "vote", MOTION, "yes"]);
  expect(late.code).toBe(4);
  expect(late.stderr).toMatch(/^kenges: MOTION_NOT_OPEN: /);
  const verify = await kenges(["verify", "--json"]);
  expect(verify.code).toBe(0);
  const checks = JSON.parse(verify.stdout).secretBallots;
  expect(checks).toHaveLength(1);
  expect(checks[0]).toMatchObject({
    motion: MOTION,
    rollSize: 4,
    requests: 2,
    issued: [2, 2],
    ballots: 3,
    invalid: { TOKEN_INVALID: 1 },
    overIssued: false,
  });
  expect(forged).not.toBe("");
  expect(checks[0].doubleSpends).toEqual([high]);
  expect(await ok("verify")).toMatch(/tokens spent twice, not counted \(1\)/);
  const shown = await ok("motion", "show", MOTION);
  expect(shown).toContain("Your ballot was counted");
  const json = JSON.parse(await ok("motion", "show", MOTION, "--json"));
  expect(json.secret.doubleSpends).toEqual([high]);
  expect(json.mine.map((m: { status: string }) => m.status).sort()).toEqual(
    low === ticket.ballot ? ["counted", "counted"] : ["counted", "not-counted"],
  );
  // No member id of the body appears anywhere near a ballot in what `motion show` prints.
  const text =
    JSON.stringify(json.mine) + JSON.stringify(json.secret.doubleSpends);
  for (const id of Object.values(member)) expect(text).not.toContain(id);
}, 60_000);

it("a secret election by instant runoff: tally --motion recounts its count sheet from the log", async () => {
  const offers = [
    await quiet("--as", "dana", "registrar", "offer", "--body", BODY),
    await quiet("--as", "ravil", "registrar", "offer", "--body", BODY),
  ];
  const election = await quiet(
    "motion",
    "open",
    BODY,
    "--kind",
    "election",
    "--method",
    "irv",
    "--title",
    "Strike committee",
    "--text",
    "One seat.",
    "--candidates",
    `${member.alan!.slice(0, 12)},${member.dana!.slice(0, 12)}`,
    "--seats",
    "1",
    "--secret",
    "--registrar",
    offers.join(","),
  );
  for (const who of ["zhanar", "alan", "ravil"]) {
    const as = who === "zhanar" ? [] : ["--as", who];
    expect(JSON.parse(await ok(...as, "vote", election, "--json")).step).toBe(
      "requested",
    );
  }
  await ok("--as", "dana", "registrar", "issue", "--motion", election);
  await ok("--as", "ravil", "registrar", "issue", "--motion", election);
  await ok("vote", election, "--rank", "1;0");
  await ok("--as", "alan", "vote", election, "--rank", "0;1");
  await ok("--as", "ravil", "vote", election, "--rank", "0;1");
  const closed = JSON.parse(await ok("close", election, "--json"));
  expect(closed.outcome).toBe("elected");
  const tally = await kenges(["tally", "--motion", election, "--json"]);
  expect(tally.code, tally.stderr).toBe(0);
  const sheet = JSON.parse(tally.stdout);
  expect(sheet.matches).toBe(true);
  expect(JSON.stringify(sheet)).toContain("alan");
}, 90_000);

/**
 * The demo's general strike, counted by hand: for every council, each body below it along
 * its primary link once, by its latest answer, with the members it has — a person in two
 * assemblies counted in each. `kenges call show --json`, `kenges state --json`, the hub's
 * `/api/calls/:id?council=` and a coordinator's partial replica (made from a bundle of the
 * scopes their key may read) all give that count; no total is larger than the members who
 * answered. And `kenges call answer` refuses a headcount larger than the body's members, in
 * words, with the code.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ANSWERS,
  type Answer,
  type FoldState,
  pairKey,
  primaryCouncilOf,
} from "../../src/core/index.js";
import { fromHex, keyPairFromSecret } from "../../src/crypto/index.js";
import { installNodeCrypto } from "../../src/crypto/node.js";
import { Replica } from "../../src/replica/index.js";
import { buildApp, Hub, parseHubConfig } from "../../src/server/index.js";
import { login } from "../server/support/hub-fixture.js";
import { openDirStore, readDemoKeys } from "./support/data-dir-key.js";
import { inProcessCli } from "./support/in-process-cli.js";

const work = mkdtempSync(join(tmpdir(), "kenges-call-counts-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const demo = join(work, "demo");
const partial = join(work, "coordinator");
const kenges = inProcessCli(work);

interface Person {
  label: string;
  publicKey: string;
  secretKey: string;
  roles: string[];
}
type Counts = Record<
  "bodies" | "members" | "headcount",
  Record<Answer, number>
>;

async function json(args: string[]): Promise<unknown> {
  const r = await kenges(args);
  if (r.code !== 0) throw new Error(`${args.join(" ")}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/**
 * The hand count, from the full replica's own tables (not the roll-up): each body below the
 * council along primary links, its latest answer by time, its members now.
 */
function handCount(
  st: FoldState,
  fold: Replica["fold"],
  call: string,
  council: string,
): Counts {
  const zero = () =>
    Object.fromEntries(ANSWERS.map((a) => [a, 0])) as Record<Answer, number>;
  const counts: Counts = {
    bodies: zero(),
    members: zero(),
    headcount: zero(),
  };
  const seen = new Set<string>();
  const visit = (body: string) => {
    if (seen.has(body)) return;
    seen.add(body);
    const answers = [...st.answers.get(pairKey(body, call))].sort(
      (a, b) => a.time - b.time,
    );
    const latest = answers.at(-1);
    const isCouncil = st.bodies.get(body)?.kind === "council";
    const members = isCouncil
      ? 0
      : [...st.memberships.values()].filter(
          (m) => m.body === body && m.status === "member",
        ).length;
    if (latest !== undefined) {
      counts.bodies[latest.answer]++;
      counts.members[latest.answer] += members;
      counts.headcount[latest.answer] += Math.min(latest.headcount, members);
    }
    for (const child of new Set(st.councilChildren.get(body)))
      if (
        st.links.has(pairKey(body, child)) &&
        primaryCouncilOf(fold, child) === body
      )
        visit(child);
  };
  visit(council);
  return counts;
}

describe("the demo's general strike, counted once from every surface", () => {
  let people: Person[] = [];
  let call = "";
  let councils: string[] = [];
  let full: Replica;

  beforeAll(async () => {
    installNodeCrypto();
    const r = await kenges(["--data", demo, "demo"]);
    expect(r.code, r.stderr).toBe(0);
    people = (await readDemoKeys<{ people: Person[] }>(demo)).people;
    // The hand count and the hub read a copy: the CLI keeps the demo's store to itself.
    const copy = join(work, "copy.sqlite");
    for (const suffix of ["", "-wal", "-shm"])
      if (existsSync(join(demo, `kenges.sqlite${suffix}`)))
        copyFileSync(join(demo, `kenges.sqlite${suffix}`), `${copy}${suffix}`);
    full = await Replica.open(await openDirStore(demo, copy));
    const st = full.fold.state;
    call = [...st.calls.keys()][0]!;
    councils = [...st.bodies.values()]
      .filter((b) => b.kind === "council")
      .map((b) => b.id)
      .sort();
  }, 300_000);

  afterAll(async () => {
    await full?.close();
  });

  it("call show --json at every council gives the hand count, no more people than the members who answered", async () => {
    const st = full.fold.state;
    let sawPeople = 0;
    for (const council of councils) {
      const shown = (await json([
        "--data",
        demo,
        "call",
        "show",
        call,
        "--council",
        council,
        "--json",
      ])) as { total: Counts };
      const hand = handCount(st, full.fold, call, council);
      expect(shown.total, council).toEqual(hand);
      for (const a of ANSWERS)
        expect(shown.total.headcount[a]).toBeLessThanOrEqual(
          shown.total.members[a],
        );
      sawPeople += shown.total.members.started;
    }
    expect(sawPeople).toBeGreaterThan(0);
    // People in two assemblies count in each: the memberships below the nation are more
    // than the people, and the nation's totals stay within the memberships.
    const nation = st.calls.get(call)!.council;
    const nationTotal = handCount(st, full.fold, call, nation);
    const memberships = [...st.memberships.values()].filter(
      (m) => m.status === "member" && st.bodies.get(m.body)?.kind !== "council",
    );
    const sum = (r: Record<Answer, number>) =>
      ANSWERS.reduce((n, a) => n + r[a], 0);
    expect(sum(nationTotal.members)).toBeLessThanOrEqual(memberships.length);
  });

  it("the text of call show prints the same totals and says how people are counted", async () => {
    const nation = full.fold.state.calls.get(call)!.council;
    const r = await kenges(["--data", demo, "call", "show", call]);
    expect(r.code).toBe(0);
    const hand = handCount(full.fold.state, full.fold, call, nation);
    const totalLine = r.stdout.split("\n").find((l) => l.startsWith("total"))!;
    expect(totalLine).toContain(
      `${hand.bodies.started} (${hand.members.started} / ${hand.headcount.started})`,
    );
    expect(r.stdout).toContain("a member of two assemblies counts in each");
    const ur = await kenges([
      "--data",
      demo,
      "--lang",
      "ur",
      "call",
      "show",
      call,
    ]);
    expect(ur.stdout).toContain("دو اسمبلیوں کا رکن دونوں میں گنا جاتا ہے");
  });

  it("state --json holds the same roll-up for every council that holds answers", async () => {
    const state = (await json(["--data", demo, "state", "--json"])) as {
      views: {
        calls: {
          call: string;
          rollups: { council: string; total: Counts }[];
        }[];
      };
    };
    const rollups = state.views.calls.find((c) => c.call === call)!.rollups;
    expect(rollups.length).toBeGreaterThan(1);
    for (const r of rollups)
      expect(r.total, r.council).toEqual(
        handCount(full.fold.state, full.fold, call, r.council),
      );
  });

  it("the hub's call dashboard, read by a coordinator, gives the same numbers at every council", async () => {
    const coordinator = people.find((p) => p.roles.includes("coordinator"))!;
    const dataDir = mkdtempSync(join(work, "hub-"));
    const hub = new Hub(full, parseHubConfig({ dataDir }), {
      hub: "0123456789abcdef0123456789abcdef",
      fingerprint: null,
    });
    const app = await buildApp(hub, { checkAnswers: true });
    try {
      const token = await login(
        app,
        keyPairFromSecret(fromHex(coordinator.secretKey)!),
      );
      for (const council of councils) {
        const r = await app.inject({
          url: `/api/calls/${call}?council=${council}`,
          headers: { authorization: `Bearer ${token}` },
        });
        expect(r.statusCode, r.body).toBe(200);
        expect((r.json() as { now: Counts }).now, council).toEqual(
          handCount(full.fold.state, full.fold, call, council),
        );
      }
    } finally {
      await app.close();
    }
  });

  it("a coordinator's partial replica (councils only, from a bundle) counts the same", async () => {
    const coordinator = people.find((p) => p.roles.includes("coordinator"))!;
    const bundle = join(work, "coordinator.bundle");
    const out = await kenges([
      "--data",
      demo,
      "export",
      "--for",
      coordinator.publicKey,
      "--out",
      bundle,
    ]);
    expect(out.code, out.stderr).toBe(0);
    const imported = await kenges([
      "--data",
      partial,
      "import",
      bundle,
      "--no-progress",
    ]);
    expect(imported.code, imported.stderr).toBe(0);
    const held = (await json(["--data", partial, "state", "--json"])) as {
      scopes: Record<string, string>;
    };
    // Councils and the federation scope, never an assembly.
    expect(
      Object.keys(held.scopes).filter(
        (k) => full.fold.state.bodies.get(k)?.kind === "assembly",
      ),
    ).toEqual([]);
    expect(Object.keys(held.scopes)).toHaveLength(councils.length + 1);
    for (const council of councils) {
      const shown = (await json([
        "--data",
        partial,
        "call",
        "show",
        call,
        "--council",
        council,
        "--json",
      ])) as { total: Counts };
      expect(shown.total, council).toEqual(
        handCount(full.fold.state, full.fold, call, council),
      );
    }
  });

  it("call answer refuses a headcount above the body's members, in words and with the code", async () => {
    const st = full.fold.state;
    const chair = people.find((p) =>
      p.roles.some((r) => r.startsWith("chair: Drilling crew, Zhanaozen")),
    )!;
    const body = [...st.bodies.values()].find(
      (b) => b.name.en === "Drilling crew, Zhanaozen",
    )!;
    const members = [...st.memberships.values()].filter(
      (m) => m.body === body.id && m.status === "member",
    ).length;
    const r = await kenges([
      "--data",
      demo,
      "--as",
      chair.label,
      "call",
      "answer",
      call,
      "--body",
      body.id,
      "--answer",
      "ended",
      "--headcount",
      String(members + 1),
    ]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("HEADCOUNT_INVALID");
    expect(r.stderr).toContain(`has ${members} member(s)`);
  });
});

/**
 * The live feed tells each open page about new events only in scopes its key may read — and
 * nothing else: a depot member hears nothing of the hospital, not a scope id, not an event
 * count, not a message at all.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { generateKeyPair } from "../../src/crypto/index.js";
import {
  act,
  type HubFixture,
  idOfKey,
  login,
  makeHub,
} from "./support/hub-fixture.js";

type WebSocket = Awaited<ReturnType<HubFixture["app"]["injectWS"]>>;
type Message = Record<string, unknown> & { type: string };

let f: HubFixture;
beforeAll(async () => {
  f = await makeHub();
});
afterAll(() => f.close());

/** A socket signed in as a key (or an outsider's), recording every message it hears. */
async function listen(token: string | null): Promise<{
  ws: WebSocket;
  heard: Message[];
  next(type: string, test?: (m: Message) => boolean): Promise<Message>;
}> {
  const ws = await f.app.injectWS("/api/live");
  const heard: Message[] = [];
  const waiting: {
    type: string;
    test: (m: Message) => boolean;
    resolve(m: Message): void;
  }[] = [];
  ws.on("message", (data: Buffer) => {
    const m = JSON.parse(data.toString()) as Message;
    heard.push(m);
    for (const w of [...waiting])
      if (w.type === m.type && w.test(m)) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(m);
      }
  });
  const next = (type: string, test: (m: Message) => boolean = () => true) =>
    new Promise<Message>((resolve) => waiting.push({ type, test, resolve }));
  // The first hello may come before we listen: ask for one.
  const hello = next("hello", (m) => token === null || m.member !== null);
  ws.send(
    JSON.stringify(token === null ? { type: "ping" } : { type: "auth", token }),
  );
  await hello;
  return { ws, heard, next };
}

it("a depot member hears the depot, and nothing of the hospital: no scope, no count, no message", async () => {
  const t = f.town;
  const member = await listen(await login(f.app, t.m2));
  const hello = member.heard.at(-1)!;
  const before = hello.events as number;
  expect(before).toBe(f.hub.eventCount(f.hub.viewer(idOfKey(t.m2))));
  // The hospital moves: a ballot, a comment, a motion.
  const hospitalIds: string[] = [];
  for (const [type, payload] of [
    ["ballot.cast", { motion: t.hospitalMotion, choice: { vote: "yes" } }],
    [
      "comment.posted",
      { motion: t.hospitalMotion, text: "night rota", lang: "en" },
    ],
    [
      "motion.opened",
      { kind: "resolution", title: { en: "Ward secret" }, text: { en: "x" } },
    ],
  ] as const) {
    const r = await act(f.app, t.n1, t.hospital, type, payload);
    expect(r.statusCode).toBe(201);
    for (const x of r.json().results) hospitalIds.push(x.id);
  }
  // Then the depot: the first message the member hears must be about it alone.
  const heardDepot = member.next("changed");
  const r = await act(f.app, t.m3, t.depot, "comment.posted", {
    motion: t.depotMotion,
    text: "heating",
    lang: "en",
  });
  expect(r.statusCode).toBe(201);
  const m = await heardDepot;
  expect(m.scopes).toEqual([t.depot]);
  expect(m.events).toBe(before + r.json().results.length);
  expect(m.access).toBe(false);
  const all = JSON.stringify(member.heard);
  for (const secret of [t.hospital, ...hospitalIds])
    expect(all).not.toContain(secret);
  expect(member.heard.filter((x) => x.type === "changed")).toHaveLength(1);
  member.ws.terminate();
});

it("an outsider's page hears only the public bakery", async () => {
  const t = f.town;
  const outsider = await listen(null);
  const heardBakery = outsider.next("changed");
  await act(f.app, t.m3, t.depot, "comment.posted", {
    motion: t.depotMotion,
    text: "private",
    lang: "en",
  });
  const r = await act(f.app, t.p1, t.bakery, "ballot.cast", {
    motion: t.bakeryMotion,
    choice: { vote: "yes" },
  });
  expect(r.statusCode).toBe(201);
  expect((await heardBakery).scopes).toEqual([t.bakery]);
  expect(outsider.heard.filter((x) => x.type === "changed")).toHaveLength(1);
  expect(JSON.stringify(outsider.heard)).not.toContain(t.depot);
  outsider.ws.terminate();
});

it("a newcomer's page hears nothing of the body until admitted, then that it reads it", async () => {
  const t = f.town;
  const stranger = generateKeyPair();
  const join = await act(f.app, stranger, t.hospital, "member.join-requested", {
    name: "Aigerim Newcomer",
  });
  const request = join.json().results[0].id as string;
  const page = await listen(await login(f.app, stranger));
  const admitted = page.next("changed");
  const r = await act(f.app, t.a2, t.hospital, "member.admission-endorsed", {
    request,
  });
  expect(r.json().results.at(-1).invalid).toBeNull();
  const m = await admitted;
  expect(m.access).toBe(true);
  expect(m.scopes).toEqual([t.hospital]);
  page.ws.terminate();
});

it("closes a socket that sends garbage", async () => {
  const ws = await f.app.injectWS("/api/live");
  const closed = new Promise<number>((resolve) =>
    ws.on("close", (code: number) => resolve(code)),
  );
  ws.send("not json");
  expect(await closed).toBe(1003);
});

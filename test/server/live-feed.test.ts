/** The live feed tells each open page which bodies it may see have changed — and nothing else. */
import { afterAll, beforeAll, expect, it } from "vitest";

type WebSocket = Awaited<ReturnType<HubFixture["app"]["injectWS"]>>;

import { act, type HubFixture, login, makeHub } from "./support/hub-fixture.js";

let f: HubFixture;
beforeAll(async () => {
  f = await makeHub();
});
afterAll(() => f.close());

function next(ws: WebSocket, type: string): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const on = (data: Buffer) => {
      const m = JSON.parse(data.toString()) as Record<string, unknown>;
      if (m.type === type) {
        ws.off("message", on);
        resolve(m);
      }
    };
    ws.on("message", on);
  });
}

it("pushes a member's body to their page after a commit, not to an outsider's", async () => {
  const body = f.g.bodies.find((b) => b.name.en.startsWith("Drilling crew"))!;
  const member = body.members[1]!;
  const token = await login(f.app, member.key);
  const memberSocket = await f.app.injectWS("/api/live");
  const outsiderSocket = await f.app.injectWS("/api/live");
  const hello = next(memberSocket, "hello");
  memberSocket.send(JSON.stringify({ type: "auth", token }));
  expect((await hello).member).toBe(member.id);
  const outsiderHeard: unknown[] = [];
  outsiderSocket.on("message", (d: Buffer) => {
    const m = JSON.parse(d.toString());
    if (m.type === "changed") outsiderHeard.push(m);
  });
  const changed = next(memberSocket, "changed");
  const r = await act(f.app, body.chair.key, "motion.opened", {
    body: body.id,
    kind: "resolution",
    title: { en: "Live" },
    text: { en: "Seen at once." },
  });
  expect(r.statusCode).toBe(201);
  const m = await changed;
  expect(m.bodies).toContain(body.id);
  // A later change the outsider may see would arrive after this one; none came for the private body.
  memberSocket.terminate();
  outsiderSocket.terminate();
  expect(outsiderHeard).toEqual([]);
});

it("closes a socket that sends garbage", async () => {
  const ws = await f.app.injectWS("/api/live");
  const closed = new Promise<number>((resolve) =>
    ws.on("close", (code: number) => resolve(code)),
  );
  ws.send("not json");
  expect(await closed).toBe(1003);
});

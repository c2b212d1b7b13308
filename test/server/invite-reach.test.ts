/**
 * Invites in a hall with no internet: the web app makes its invite link on an address the
 * phones on the Wi-Fi can reach. The hub tells those addresses (`networkOrigins` of /api/hub)
 * to whoever takes part in a body here — never the loopback names, nothing when it listens on
 * this computer only, and nothing to a stranger (a machine's addresses are nobody else's).
 */
import { hostname, networkInterfaces } from "node:os";
import { afterAll, describe, expect, it } from "vitest";
import { generateKeyPair } from "../../src/crypto/index.js";
import { networkOrigins } from "../../src/server/auth/hub-origins.js";
import { type HubFixture, login, makeHub } from "./support/hub-fixture.js";

const fixtures: HubFixture[] = [];
afterAll(async () => {
  for (const f of fixtures) await f.close();
});

async function reach(f: HubFixture, token: string | null): Promise<string[]> {
  const r = await f.app.inject({
    url: "/api/hub",
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
  });
  expect(r.statusCode).toBe(200);
  return r.json().networkOrigins as string[];
}

describe("where other devices reach the hub", () => {
  it("listening on every address: the machine's name and addresses, to a member only", async () => {
    const f = await makeHub({}, { host: "0.0.0.0" });
    fixtures.push(f);
    const member = await reach(f, await login(f.app, f.town.m1));
    expect(member).toContain(`http://${hostname()}:8080`);
    const ipv4 = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a !== undefined && a.family === "IPv4" && !a.internal)
      .map((a) => `http://${a!.address}:8080`);
    for (const o of ipv4) expect(member).toContain(o);
    // Addresses first, in the order a phone can use them without a name server.
    if (ipv4.length > 0) expect(ipv4).toContain(member[0]);
    for (const o of member)
      expect(new URL(o).hostname).not.toMatch(/^(localhost|127\.|\[::1\])/);
    // A key that takes part nowhere here learns nothing of the machine.
    expect(await reach(f, await login(f.app, generateKeyPair()))).toEqual([]);
    expect(await reach(f, null)).toEqual([]);
  });

  it("listening on the loopback only: no address for anyone (the page tells the member so)", async () => {
    const f = await makeHub();
    fixtures.push(f);
    expect(await reach(f, await login(f.app, f.town.m1))).toEqual([]);
  });

  it("orders addresses before names and leaves out every loopback name", () => {
    expect(
      networkOrigins([
        "https://localhost:8443",
        "https://127.0.0.1:8443",
        "https://[::1]:8443",
        "https://depot-laptop:8443",
        "https://192.168.1.20:8443",
        "https://10.0.0.5:8443",
      ]),
    ).toEqual([
      "https://10.0.0.5:8443",
      "https://192.168.1.20:8443",
      "https://depot-laptop:8443",
    ]);
  });
});

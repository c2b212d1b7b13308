/** Signing in by signed challenge: the message is pinned, single-use, bound to origin and hub. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  fromHex,
  generateKeyPair,
  keyPairFromSecret,
  signEd25519,
  toHex,
} from "../../src/crypto/index.js";
import { hubAuthMessage } from "../../src/server/index.js";
import { hubAuthMessage as webHubAuthMessage } from "../../web/src/identity/auth-message.js";
import {
  get,
  type HubFixture,
  login,
  makeHub,
  ORIGIN,
} from "./support/hub-fixture.js";

let f: HubFixture;
beforeAll(async () => {
  f = await makeHub();
});
afterAll(() => f.close());

const CLAIM = {
  federation:
    "52e1f1c5a9c513fc0408865297a4a262f8ed14a9deac856a79fd520820e352f9",
  hub: "0123456789abcdef0123456789abcdef",
  origin: "https://192.168.1.20:8443",
  challenge: "11".repeat(32),
  key: "d0c0".repeat(16),
};

describe("the login message", () => {
  it("binds the certificate fingerprint a client saw (same bytes in the hub and the web app)", () => {
    const fingerprint = `AB:${"CD:".repeat(30)}EF`;
    const server = toHex(hubAuthMessage({ ...CLAIM, fingerprint }));
    expect(toHex(webHubAuthMessage({ ...CLAIM, fingerprint }))).toBe(server);
    expect(server).not.toBe(toHex(hubAuthMessage(CLAIM)));
  });

  it("is the same canonical bytes in the hub and the web app (frozen vector, v2: with the fingerprint, null here)", () => {
    const server = toHex(hubAuthMessage(CLAIM));
    expect(toHex(webHubAuthMessage(CLAIM))).toBe(server);
    expect(server).toMatchInlineSnapshot(
      `"87726b656e6765732d6875622d617574682d763278403532653166316335613963353133666330343038383635323937613461323632663865643134613964656163383536613739666435323038323065333532663978203031323334353637383961626364656630313233343536373839616263646566781968747470733a2f2f3139322e3136382e312e32303a38343433f6784031313131313131313131313131313131313131313131313131313131313131313131313131313131313131313131313131313131313131313131313131313131784064306330643063306430633064306330643063306430633064306330643063306430633064306330643063306430633064306330643063306430633064306330"`,
    );
  });
});

async function challenge(): Promise<{
  challenge: string;
  federation: string;
  hub: string;
}> {
  return (await f.app.inject({ url: "/api/auth/challenge" })).json();
}

function proof(
  key: ReturnType<typeof generateKeyPair>,
  c: { challenge: string; federation: string; hub: string },
  origin = ORIGIN,
) {
  return {
    key: toHex(key.publicKey),
    challenge: c.challenge,
    origin,
    signature: toHex(
      signEd25519(
        key.secretKey,
        hubAuthMessage({ ...c, origin, key: toHex(key.publicKey) }),
      ),
    ),
  };
}

function session(payload: object, host = "localhost:8080") {
  return f.app.inject({
    method: "POST",
    url: "/api/auth/session",
    headers: { host },
    payload,
  });
}

describe("POST /api/auth/session", () => {
  it("opens a session for a proven key, once per challenge", async () => {
    // A member's second device: the session names the member the key acts for.
    const key = f.town.m2phone;
    const c = await challenge();
    const ok = await session(proof(key, c));
    expect(ok.statusCode).toBe(201);
    expect(ok.json().member).toBe(toHex(f.town.m2.publicKey));
    const again = await session(proof(key, c));
    expect(again.statusCode).toBe(401);
    expect(again.json().code).toBe("AUTH_CHALLENGE_UNKNOWN");
  });

  it("refuses a signature by another key", async () => {
    const c = await challenge();
    const p = proof(generateKeyPair(), c);
    const r = await session({ ...p, key: toHex(f.town.m2.publicKey) });
    expect(r.statusCode).toBe(401);
    expect(r.json().code).toBe("AUTH_SIGNATURE_INVALID");
  });

  it("refuses a login signed for another address (a relaying hub)", async () => {
    const c = await challenge();
    const r = await session(
      proof(generateKeyPair(), c, "http://evil.example:8080"),
    );
    expect(r.statusCode).toBe(401);
    expect(r.json().code).toBe("AUTH_ORIGIN_MISMATCH");
  });

  it("refuses malformed proofs", async () => {
    const r = await session({
      key: "x",
      challenge: "y",
      origin: "z",
      signature: "w",
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe("REQUEST_INVALID");
  });

  it("ends a session", async () => {
    const token = await login(
      f.app,
      keyPairFromSecret(fromHex("07".repeat(32))!),
    );
    expect((await get(f.app, "/api/me", token)).statusCode).toBe(200);
    const out = await f.app.inject({
      method: "DELETE",
      url: "/api/auth/session",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(out.statusCode).toBe(200);
    expect((await get(f.app, "/api/me", token)).json().code).toBe(
      "SESSION_UNKNOWN",
    );
  });
});

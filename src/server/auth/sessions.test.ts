import { describe, expect, it } from "vitest";
import { EVENT_HANDLERS, FoldEngine } from "../../core/index.js";
import {
  generateKeyPair,
  type KeyPair,
  signEd25519,
  toHex,
} from "../../crypto/index.js";
import { HubError } from "../hub-error.js";
import { hubAuthMessage } from "./auth-message.js";
import { KeyStanding } from "./key-standing.js";
import { type LoginProof, Sessions, type SessionsOptions } from "./sessions.js";

const ORIGIN = "http://localhost:8080";
const FEDERATION = "ab".repeat(32);
const HUB = "cd".repeat(16);

function table(
  options: Partial<SessionsOptions> & { members?: ReadonlySet<string> } = {},
) {
  let now = 1_000_000;
  const sessions = new Sessions({
    federation: () => FEDERATION,
    hub: HUB,
    fingerprint: null,
    origins: [ORIGIN],
    standing: new KeyStanding(new FoldEngine(EVENT_HANDLERS)),
    actsForMember: (key) => options.members?.has(key) ?? false,
    challengeTtlMs: 120_000,
    sessionTtlMs: 3_600_000,
    maxChallenges: 1000,
    maxSessions: 10,
    maxStrangerSessions: 2,
    sessionsPerKey: 3,
    rates: {
      memberKey: { perMinute: 600, burst: 100 },
      strangerAddress: { perMinute: 600, burst: 100 },
      strangers: { perMinute: 600, burst: 100 },
    },
    now: () => now,
    ...options,
  });
  return {
    sessions,
    pass(ms: number) {
      now += ms;
    },
  };
}

function proof(
  sessions: Sessions,
  key: KeyPair,
  challenge?: string,
): LoginProof {
  const c = challenge ?? sessions.challenge().challenge;
  return {
    key: toHex(key.publicKey),
    challenge: c,
    origin: ORIGIN,
    signature: toHex(
      signEd25519(
        key.secretKey,
        hubAuthMessage({
          federation: FEDERATION,
          hub: HUB,
          origin: ORIGIN,
          challenge: c,
          key: toHex(key.publicKey),
        }),
      ),
    ),
  };
}

function codeOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (e) {
    if (e instanceof HubError) return e.code;
    throw e;
  }
}

describe("Sessions", () => {
  it("takes a challenge once, only while it lives, and only one this hub issued", () => {
    const { sessions, pass } = table();
    const key = generateKeyPair();
    const p = proof(sessions, key);
    expect(sessions.login(p, "a").token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(codeOf(() => sessions.login(p, "a"))).toBe("AUTH_CHALLENGE_UNKNOWN");
    const late = proof(sessions, key);
    pass(120_001);
    expect(codeOf(() => sessions.login(late, "a"))).toBe(
      "AUTH_CHALLENGE_UNKNOWN",
    );
    // A challenge of another hub (another secret) is unknown here.
    const other = table().sessions.challenge().challenge;
    expect(codeOf(() => sessions.login(proof(sessions, key, other), "a"))).toBe(
      "AUTH_CHALLENGE_UNKNOWN",
    );
  });

  it("a failed proof does not spend the challenge", () => {
    const { sessions } = table();
    const key = generateKeyPair();
    const good = proof(sessions, key);
    const forged = { ...good, signature: "00".repeat(64) };
    expect(codeOf(() => sessions.login(forged, "a"))).toBe(
      "AUTH_SIGNATURE_INVALID",
    );
    expect(sessions.login(good, "a").token).toBeTruthy();
  });

  it("a full table refuses new sessions and keeps every live one", () => {
    const members = Array.from({ length: 10 }, () => generateKeyPair());
    const { sessions } = table({
      members: new Set(members.map((k) => toHex(k.publicKey))),
    });
    const tokens = members.map(
      (k) => sessions.login(proof(sessions, k), "a").token,
    );
    const extra = generateKeyPair();
    expect(codeOf(() => sessions.login(proof(sessions, extra), "a"))).toBe(
      "AUTH_BUSY",
    );
    for (const t of tokens) expect(sessions.session(t)).not.toBeNull();
  });

  it("keys that act for no member fill only their share; a key keeps its newest few", () => {
    const member = generateKeyPair();
    const { sessions } = table({
      members: new Set([toHex(member.publicKey)]),
    });
    sessions.login(proof(sessions, generateKeyPair()), "a");
    sessions.login(proof(sessions, generateKeyPair()), "a");
    expect(
      codeOf(() => sessions.login(proof(sessions, generateKeyPair()), "a")),
    ).toBe("AUTH_BUSY");
    const own = Array.from(
      { length: 4 },
      () => sessions.login(proof(sessions, member), "a").token,
    );
    expect(own.map((t) => sessions.session(t) !== null)).toEqual([
      false,
      true,
      true,
      true,
    ]);
  });

  it("strangers spend their address's budget, members their own", () => {
    const member = generateKeyPair();
    const { sessions } = table({
      members: new Set([toHex(member.publicKey)]),
      maxStrangerSessions: 100,
      sessionsPerKey: 100,
      maxSessions: 1000,
      rates: {
        memberKey: { perMinute: 1, burst: 5 },
        strangerAddress: { perMinute: 1, burst: 3 },
        strangers: { perMinute: 1, burst: 100 },
      },
    });
    for (let i = 0; i < 3; i++)
      sessions.login(proof(sessions, generateKeyPair()), "nat");
    expect(
      codeOf(() => sessions.login(proof(sessions, generateKeyPair()), "nat")),
    ).toBe("RATE_LIMITED");
    // A member behind the same address signs in on their own key's budget.
    expect(sessions.login(proof(sessions, member), "nat").token).toBeTruthy();
  });

  it("refuses origins it does not answer on, whatever the request says", () => {
    const { sessions } = table();
    const key = generateKeyPair();
    const p = proof(sessions, key);
    const elsewhere = {
      ...p,
      origin: "https://evil.example",
      signature: toHex(
        signEd25519(
          key.secretKey,
          hubAuthMessage({
            federation: FEDERATION,
            hub: HUB,
            origin: "https://evil.example",
            challenge: p.challenge,
            key: p.key,
          }),
        ),
      ),
    };
    expect(codeOf(() => sessions.login(elsewhere, "a"))).toBe(
      "AUTH_ORIGIN_MISMATCH",
    );
    expect(
      codeOf(() => sessions.login({ ...p, fingerprint: "AB:CD" }, "a")),
    ).toBe("AUTH_FINGERPRINT_MISMATCH");
  });
});

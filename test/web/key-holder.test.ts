/**
 * The key holder's memory for one visit (web/src/identity/holder-state.ts), on a clock given
 * by the test: a tab opening takes the key back; the key goes when locked, after its idle time
 * without use in any tab, or once no tab has been open for a moment (a reload comes back in
 * time; a tab that stopped speaking counts as closed). Also the idle setting, which can only
 * shorten the 15 minutes, and the page a locked page returns to after unlocking.
 */
import { describe, expect, it } from "vitest";
import {
  ALONE_MS,
  HolderState,
  MAX_IDLE_MS,
  TAB_GONE_MS,
} from "../../web/src/identity/holder-state.js";
import { lockAfterMs } from "../../web/src/identity/lock-after.js";
import { safeNext } from "../../web/src/routes.js";

const PK = "ab".repeat(32);
const OTHER = "cd".repeat(32);
const SECRET = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
const MIN = 60_000;

function holding(idleMs = 15 * MIN): HolderState {
  const h = new HolderState();
  h.put("tab-1", PK, SECRET, idleMs, 0);
  return h;
}

describe("a held key", () => {
  it("is given back to a tab opening within the visit, as a copy, for its own public key only", () => {
    const h = holding();
    const back = h.take("tab-2", PK, 5 * MIN);
    expect(back?.secret).toEqual(SECRET);
    back!.secret.fill(0);
    expect(h.take("tab-3", PK, 6 * MIN)?.secret).toEqual(SECRET);
    expect(h.take("tab-3", OTHER, 6 * MIN)).toBeNull();
  });

  it("goes after the idle time without use, counted from the last use in any tab", () => {
    const h = holding(15 * MIN);
    h.use("tab-1", 10 * MIN);
    // The tab says it is open every little while; that is not use.
    h.seen("tab-1", 23 * MIN);
    expect(h.holds(PK, 24 * MIN)).toBe(true);
    // holds() is not use: the idle time still counts from minute 10.
    expect(h.check(25 * MIN - 1)).toBeNull();
    expect(h.check(25 * MIN)).toBe("idle");
    expect(h.take("tab-1", PK, 25 * MIN)).toBeNull();
  });

  it("counts a reload (taking it back) as use", () => {
    const h = holding(15 * MIN);
    h.bye("tab-1", 14 * MIN);
    expect(h.take("tab-1b", PK, 14 * MIN + 1_000)?.secret).toEqual(SECRET);
    // The tab says it is open every little while; that is not use.
    h.seen("tab-1b", 28 * MIN);
    expect(h.check(29 * MIN)).toBeNull();
    expect(h.check(29 * MIN + 1_000)).toBe("idle");
  });

  it("goes at once when locked, and says whether there was one", () => {
    const h = holding();
    expect(h.lock()).toBe(true);
    expect(h.take("tab-1", PK, 1)).toBeNull();
    expect(h.lock()).toBe(false);
    expect(h.nextCheck(1)).toBeNull();
  });

  it("outlives a reload of the last tab, but not every tab closed", () => {
    const h = holding();
    h.bye("tab-1", MIN);
    expect(h.check(MIN + ALONE_MS - 1)).toBeNull();
    expect(h.take("tab-1b", PK, MIN + ALONE_MS - 1)?.secret).toEqual(SECRET);
    h.bye("tab-1b", 2 * MIN);
    expect(h.nextCheck(2 * MIN)).toBe(ALONE_MS);
    expect(h.check(2 * MIN + ALONE_MS)).toBe("alone");
    expect(h.take("tab-2", PK, 2 * MIN + ALONE_MS)).toBeNull();
  });

  it("stays while another tab is open", () => {
    const h = holding();
    h.seen("tab-2", 0);
    h.bye("tab-1", MIN);
    h.seen("tab-2", 2 * MIN);
    expect(h.check(2 * MIN + ALONE_MS * 3)).toBeNull();
  });

  it("takes a tab that stopped speaking for closed (its page was killed without a word)", () => {
    const h = holding();
    h.seen("tab-1", MIN);
    expect(h.check(MIN + TAB_GONE_MS - 1)).toBeNull();
    // Gone at MIN + TAB_GONE_MS; alone from then on.
    expect(h.check(MIN + TAB_GONE_MS + ALONE_MS - 1)).toBeNull();
    expect(h.check(MIN + TAB_GONE_MS + ALONE_MS)).toBe("alone");
  });

  it("never waits longer than 15 minutes without use, whatever a tab asks", () => {
    const h = holding(10 * 60 * MIN);
    h.seen("tab-1", MAX_IDLE_MS - 1);
    expect(h.check(MAX_IDLE_MS - 1)).toBeNull();
    expect(h.check(MAX_IDLE_MS)).toBe("idle");
  });

  it("says when to look again: the idle end, or the end of a tab's silence, whichever is first", () => {
    const h = holding(15 * MIN);
    expect(h.nextCheck(0)).toBe(TAB_GONE_MS);
    h.seen("tab-1", 14 * MIN);
    expect(h.nextCheck(14 * MIN)).toBe(MIN);
  });

  it("keeps the session its key signed in for, gives it back with the key, and drops it with the key", () => {
    const h = holding();
    expect(h.take("tab-2", PK, 1)?.session).toBeNull();
    // Another key's session is not kept beside this one.
    h.keepSession(OTHER, "other-token");
    expect(h.take("tab-2", PK, 2)?.session).toBeNull();
    h.keepSession(PK, "token-1");
    expect(h.take("tab-3", PK, 3)).toEqual({
      secret: SECRET,
      session: "token-1",
    });
    // A new sign-in (the hub forgot the old session) replaces it.
    h.keepSession(PK, "token-2");
    expect(h.take("tab-3", PK, 4)?.session).toBe("token-2");
    // The same key handed in again (unlocked in a tab after it signed in) keeps it; another key
    // does not inherit it.
    h.put("tab-4", PK, SECRET, MIN, 4);
    expect(h.take("tab-4", PK, 4)?.session).toBe("token-2");
    h.put("tab-4", OTHER, SECRET, MIN, 4);
    expect(h.take("tab-4", OTHER, 4)?.session).toBeNull();
    h.put("tab-4", PK, SECRET, MIN, 4);
    h.keepSession(PK, "token-2");
    // Locked: the session goes with the key, and a key put again starts without one.
    h.lock();
    expect(h.take("tab-3", PK, 5)).toBeNull();
    h.put("tab-3", PK, SECRET, MIN, 6);
    expect(h.take("tab-3", PK, 7)?.session).toBeNull();
    // Idle: the same.
    h.keepSession(PK, "token-3");
    expect(h.check(7 + MIN)).toBe("idle");
    expect(h.take("tab-3", PK, 8 + MIN)).toBeNull();
  });

  it("keeps its own copy: the bytes handed in may be wiped by the page", () => {
    const mine = SECRET.slice();
    const h = new HolderState();
    h.put("tab-1", PK, mine, MIN, 0);
    mine.fill(0);
    expect(h.take("tab-1", PK, 1)?.secret).toEqual(SECRET);
  });
});

describe("the idle setting", () => {
  it("is 15 minutes unless set shorter, never under 5 seconds", () => {
    expect(lockAfterMs(null)).toBe(15 * MIN);
    expect(lockAfterMs("nonsense")).toBe(15 * MIN);
    expect(lockAfterMs("3600")).toBe(15 * MIN);
    expect(lockAfterMs("300")).toBe(5 * MIN);
    expect(lockAfterMs("8")).toBe(8_000);
    expect(lockAfterMs("1")).toBe(5_000);
    expect(lockAfterMs("-20")).toBe(5_000);
  });
});

describe("the page to return to", () => {
  const id = "ef".repeat(32);
  it("is a page of this app", () => {
    expect(safeNext(`/bodies/${id}`)).toBe(`/bodies/${id}`);
    expect(safeNext(`/motions/${id}?tab=x`)).toBe(`/motions/${id}?tab=x`);
    expect(safeNext("/")).toBe("/");
    // A member who scans the projector's QR with a locked key comes back with the code.
    expect(safeNext(`/meetings/${id}?code=0a1b2c3d4e`)).toBe(
      `/meetings/${id}?code=0a1b2c3d4e`,
    );
    expect(safeNext(`/meetings/${id}/projector`)).toBe(
      `/meetings/${id}/projector`,
    );
  });
  it("is never another site, an unknown page or the key's page itself", () => {
    for (const bad of [
      null,
      "",
      "https://evil.example/",
      "//evil.example/bodies",
      "/\\evil.example",
      "javascript:alert(1)",
      "/nowhere",
      "/identity",
      "/identity?next=/",
    ])
      expect(safeNext(bad)).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { utf8 } from "./bytes.js";
import {
  deriveRecordKey,
  openRecord,
  RECORD_KEY_BYTES,
  recordTag,
  sealRecord,
} from "./record-box.js";

const secret = new Uint8Array(32).map((_, i) => i + 1);
const key = deriveRecordKey(secret, "kenges-browser-replica/1");
const text = utf8("a ballot signed offline");

describe("record box", () => {
  it("opens what it sealed, in the same place", () => {
    expect(key.length).toBe(RECORD_KEY_BYTES);
    const sealed = sealRecord(key, text, "pk/outbox");
    expect(sealed.length).toBe(24 + text.length + 16);
    expect(openRecord(key, sealed, "pk/outbox")).toEqual(text);
  });

  it("seals the same record differently each time (fresh nonce)", () => {
    const a = sealRecord(key, text, "pk/outbox");
    const b = sealRecord(key, text, "pk/outbox");
    expect(a).not.toEqual(b);
  });

  it("does not open in another place, under another key, or when a byte changed", () => {
    const sealed = sealRecord(key, text, "pk/outbox");
    expect(openRecord(key, sealed, "pk/event")).toBeNull();
    const other = deriveRecordKey(secret, "another purpose");
    expect(other).not.toEqual(key);
    expect(openRecord(other, sealed, "pk/outbox")).toBeNull();
    for (const at of [0, 30, sealed.length - 1]) {
      const bent = sealed.slice();
      bent[at]! ^= 1;
      expect(openRecord(key, bent, "pk/outbox")).toBeNull();
    }
    expect(openRecord(key, sealed.subarray(0, 39), "pk/outbox")).toBeNull();
  });

  it("refuses a short secret", () => {
    expect(() => deriveRecordKey(new Uint8Array(16), "x")).toThrow(RangeError);
  });

  it("names records by a tag that depends on the key and hides the name", () => {
    const t = recordTag(key, "/api/motions/abc");
    expect(t).toMatch(/^[0-9a-f]{64}$/);
    expect(t).toBe(recordTag(key, "/api/motions/abc"));
    expect(t).not.toBe(recordTag(key, "/api/motions/abd"));
    expect(t).not.toBe(
      recordTag(deriveRecordKey(secret, "other"), "/api/motions/abc"),
    );
  });
});

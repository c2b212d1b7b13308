import { describe, expect, it } from "vitest";
import { generateKeyPair, signEd25519, toHex } from "../../crypto/index.js";
import { keyProofMessage } from "./apply.js";
import {
  type DeviceAnswer,
  deviceAnswerLink,
  deviceCode,
  deviceOfferLink,
  isDeviceAnswerValid,
  parseDeviceLink,
} from "./device-link.js";

const FED = "ab".repeat(32);
const member = toHex(generateKeyPair().publicKey);
const device = generateKeyPair();
const key = toHex(device.publicKey);

function answerFor(m: string, fed = FED): DeviceAnswer {
  return {
    kind: "device",
    key,
    member: m,
    proof: toHex(signEd25519(device.secretKey, keyProofMessage(fed, m, key))),
    name: "Айгүл's phone — فون",
  };
}

describe("device links", () => {
  it("an offer and an answer read back as written, from the link or its fragment", () => {
    const offer = { kind: "offer", member, name: "Айгүл" } as const;
    const link = deviceOfferLink("https://hub.example:8080", offer);
    expect(link.startsWith("https://hub.example:8080/add-device#")).toBe(true);
    expect(parseDeviceLink(link)).toEqual({ ok: true, link: offer });
    const answer = answerFor(member);
    const text = deviceAnswerLink("http://127.0.0.1:8080", answer);
    expect(parseDeviceLink(text)).toEqual({ ok: true, link: answer });
    expect(parseDeviceLink(text.slice(text.indexOf("#")))).toEqual({
      ok: true,
      link: answer,
    });
  });

  it("names the field that is wrong", () => {
    const good = deviceAnswerLink("http://h", answerFor(member));
    expect(parseDeviceLink("")).toEqual({ ok: false, field: "link" });
    expect(parseDeviceLink("http://h/add-device#key=zz")).toEqual({
      ok: false,
      field: "member",
    });
    expect(parseDeviceLink(good.replace(/key=[0-9a-f]+/, "key=12"))).toEqual({
      ok: false,
      field: "key",
    });
    expect(parseDeviceLink(good.replace(/&proof=[0-9a-f]+/, ""))).toEqual({
      ok: false,
      field: "proof",
    });
    expect(
      parseDeviceLink(
        deviceOfferLink("http://h", {
          kind: "offer",
          member,
          name: "x".repeat(201),
        }),
      ),
    ).toEqual({ ok: false, field: "name" });
    // A bare public key carries no consent: the new device must make the answer.
    expect(parseDeviceLink(key)).toEqual({ ok: false, field: "member" });
  });

  it("a proof holds only for the member and the federation it was signed for", () => {
    expect(isDeviceAnswerValid(FED, answerFor(member))).toBe(true);
    const other = toHex(generateKeyPair().publicKey);
    expect(
      isDeviceAnswerValid(FED, { ...answerFor(member), member: other }),
    ).toBe(false);
    expect(isDeviceAnswerValid("cd".repeat(32), answerFor(member))).toBe(false);
  });

  it("the compare code is six digits that change with the key and the member", () => {
    const code = deviceCode(member, key);
    expect(code).toMatch(/^\d{3} \d{3}$/);
    expect(deviceCode(member, key)).toBe(code);
    const otherKey = toHex(generateKeyPair().publicKey);
    const otherMember = toHex(generateKeyPair().publicKey);
    // Two random keys share a code one time in a million; a fixed pair proves nothing more.
    expect(deviceCode(member, otherKey)).not.toBe(code);
    expect(deviceCode(otherMember, key)).not.toBe(code);
  });
});

/**
 * A body elects at most as many delegates as its link to the council has seats: more would leave
 * the council to choose whom to seat.
 */
import { expect, it } from "vitest";
import { idOf, TestFederation } from "../testing.js";

it("a delegate election for more seats than the link has is refused; one within it is opened", () => {
  const t = new TestFederation();
  const f = t.founders[0]!;
  const [a1, m1, m2] = [t.key("a1"), t.key("m1"), t.key("m2")];
  const council = t.createBody(f, { kind: "council" });
  const body = t.createBody(a1, {
    rules: { admission: { method: "endorsements", endorsements: 1 } },
  });
  for (const k of [m1, m2]) t.admit(body, k, [a1]);
  t.link(f, council, body, { seats: 1, attesters: [a1] });
  const open = (seats: number) =>
    t.sign(a1, body, "motion.opened", {
      kind: "election",
      title: { en: "Delegates" },
      text: { en: "Who goes." },
      method: "approval",
      options: [m1, m2].map((k, i) => ({ label: `C${i}`, member: idOf(k) })),
      seats,
      subject: { kind: "election", role: "delegate", council },
    });
  const two = open(2);
  expect(t.fold.invalidReason(two.id)).toMatchObject({
    code: "SEATS_EXCEED_LINK",
    details: { seats: 2, link: 1, council, body },
  });
  const one = open(1);
  expect(t.fold.invalidReason(one.id)).toBeNull();
});

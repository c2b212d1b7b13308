/**
 * @module Extra shapes of a generated federation, for property tests: structure and
 * concurrency the main story does not need — a body with two parent councils, a body moved
 * to another council, recalls made apart, a fork, a revocation cutting a device in two
 * scopes (docs/architecture.md, "Scopes"). Each shape is skipped when the federation is too
 * small for it.
 */
import { pairKey } from "../core/index.js";
import { toHex } from "../crypto/index.js";
import { type DemoBuilder, type GeneratedBody, HUB } from "./builder.js";
import type { DemoShape } from "./demo-shape.js";
import type { Person } from "./simulator.js";
import type { DemoWorld, StoryRecord } from "./story-federation.js";

const RESOLUTION = {
  title: {
    en: "Open the depots to the strike kitchens",
    kk: "Қоймаларды ереуіл асханаларына ашу",
    ru: "Открыть склады для забастовочных кухонь",
    ur: "گودام ہڑتالی باورچی خانوں کے لیے کھولیں",
  },
  text: {
    en: "Every depot gives the kitchens what they need while the strike lasts.",
    kk: "Ереуіл кезінде әр қойма асханаларға қажеттісін береді.",
    ru: "Пока идёт забастовка, каждый склад отдаёт кухням всё необходимое.",
    ur: "ہڑتال کے دوران ہر گودام باورچی خانوں کو ضرورت کی چیزیں دے گا۔",
  },
};

const RECALL = {
  title: {
    en: "Recall our delegate",
    kk: "Делегатты кері шақыру",
    ru: "Отозвать нашего делегата",
    ur: "اپنے مندوب کو واپس بلائیں",
  },
  text: {
    en: "We recall our delegate; the seat is vacant until we elect again.",
    kk: "Делегатымызды кері шақырамыз; қайта сайлағанша орын бос.",
    ru: "Мы отзываем нашего делегата; место свободно до новых выборов.",
    ur: "ہم اپنے مندوب کو واپس بلاتے ہیں؛ نئے انتخاب تک نشست خالی ہے۔",
  },
};

/** What the shapes made, for tests to find. */
export interface ShapeRecord {
  /** The assembly linked under its town council and its regional council. */
  twoParents?: { readonly body: string; readonly councils: readonly string[] };
  /** The assembly moved from one town council to another. */
  moved?: { readonly body: string; readonly from: string; readonly to: string };
  /** The council motion on which recalled delegates voted, and their ballots. */
  recalls?: {
    readonly council: string;
    readonly motion: string;
    readonly ballots: readonly string[];
  };
  /** The two events of the fork. */
  fork?: readonly string[];
  /** The revoked device's events after the cut. */
  revoked?: readonly string[];
}

/** The delegates a body's own closes seated on a council (its own record). */
function ownDelegates(
  b: DemoBuilder,
  body: GeneratedBody,
  council: string,
): Person[] {
  const record = b.sim
    .foldFor(body.id)
    .state.ownDelegations.get(pairKey(body.id, council));
  return (record?.delegates ?? [])
    .map((k) => b.personOf(k))
    .filter((p): p is Person => p !== undefined);
}

/** Members who hold no office: not chair, attester or delegate (safe to fork or cut). */
function plainMembers(b: DemoBuilder, body: GeneratedBody): Person[] {
  const fold = b.sim.foldFor(body.id);
  const delegates = new Set<string>();
  for (const r of fold.state.ownDelegations.values())
    if (r.body === body.id) for (const d of r.delegates) delegates.add(d);
  return body.members.filter(
    (m) =>
      m !== body.chair && !body.attesters.includes(m) && !delegates.has(m.id),
  );
}

/** A workplace assembly also sends a seat straight to its regional council. */
function twoParents(
  b: DemoBuilder,
  world: DemoWorld,
  story: StoryRecord,
  out: ShapeRecord,
) {
  const sim = b.sim;
  const region = world.regions[0];
  const town = region?.towns[0];
  const body = town?.assemblies[0];
  if (!region || !town || !body || body.members.length < 3) return;
  sim.sync(HUB);
  b.link(
    b.coordinators[0]!,
    region.council,
    body,
    1,
    body.attesters,
    body.threshold,
  );
  sim.syncAll();
  b.attest(body, town.replica, region.council.id);
  const sitting = new Set(ownDelegates(b, body, town.council.id));
  const candidates = body.members
    .slice(1)
    .filter((m) => !sitting.has(m))
    .slice(0, 2);
  if (candidates.length > 0) {
    b.election(
      body,
      region.council,
      candidates,
      1,
      body.members.slice(0, Math.ceil(body.members.length * 0.6)),
      town.replica,
    );
    b.attest(body, town.replica, region.council.id);
  }
  // Its demand, already carried up through the town, endorses the region's directly too.
  const motion = story.adopted[0]?.get(body.id);
  const regional = story.demands[0]?.get(region.council.id);
  if (motion !== undefined && regional !== undefined)
    b.carryDemand(body, region.council, motion, regional, town.replica);
  sim.syncAll();
  out.twoParents = {
    body: body.id,
    councils: [town.council.id, region.council.id],
  };
}

/** An assembly leaves its town council for the neighbouring town's. */
function moved(b: DemoBuilder, world: DemoWorld, out: ShapeRecord) {
  const sim = b.sim;
  if (world.towns.length < 2) return;
  const from = world.towns[world.towns.length - 1]!;
  const to = world.towns[0]!;
  const body = from.assemblies[from.assemblies.length - 1];
  if (!body || body.members.length < 3) return;
  const founder = b.coordinators[0]!;
  sim.sync(HUB);
  sim.expectValid(
    sim.sign(founder.key, HUB, from.council.id, "body.linked", {
      child: body.id,
      seats: 0,
    }),
  );
  b.link(founder, to.council, body, 1, body.attesters, body.threshold);
  sim.syncAll();
  b.attest(body, from.replica, to.council.id);
  b.election(
    body,
    to.council,
    body.members.slice(1, 3),
    1,
    body.members,
    from.replica,
  );
  b.attest(body, from.replica, to.council.id);
  sim.syncAll();
  out.moved = { body: body.id, from: from.council.id, to: to.council.id };
}

/**
 * Two assemblies of one town recall their delegates on replicas that do not see each other,
 * and carry the recalls up, while those delegates vote on the town council; the close, made
 * after everything met, does not count their ballots.
 */
function concurrentRecalls(b: DemoBuilder, world: DemoWorld, out: ShapeRecord) {
  const sim = b.sim;
  const town = world.towns[0];
  if (!town) return;
  const council = town.council;
  const recalling = town.assemblies
    .slice(1)
    .map((a) => ({ a, d: ownDelegates(b, a, council.id)[0] }))
    .filter(
      (x): x is { a: GeneratedBody; d: Person } =>
        x.d !== undefined && x.a.members.filter((m) => m !== x.d).length >= 2,
    )
    .slice(0, 2);
  if (recalling.length < 2) return;
  sim.syncAll();
  sim.sync(HUB);
  const resolution = sim.sign(
    council.chair.key,
    HUB,
    council.id,
    "motion.opened",
    { kind: "resolution", ...RESOLUTION },
  ).id;
  for (const [k, { a, d }] of recalling.entries()) {
    const replica = `${town.replica}/apart-${k}`;
    sim.sync(replica);
    const recall = sim.sign(a.chair.key, replica, a.id, "motion.opened", {
      kind: "recall",
      ...RECALL,
      subject: { kind: "recall", council: council.id, member: d.id },
    }).id;
    for (const m of a.members.filter((m) => m !== d))
      sim.sign(m.key, replica, a.id, "ballot.cast", {
        motion: recall,
        choice: { vote: "yes" },
      });
    sim.expectValid(b.close(a.chair, replica, a, recall));
    b.attest(a, replica, council.id);
  }
  // The hub has not seen the recalls: the delegates still vote.
  const ballots = recalling.map(
    ({ d }) =>
      sim.sign(d.key, HUB, council.id, "ballot.cast", {
        motion: resolution,
        choice: { vote: "no" },
      }).id,
  );
  sim.syncAll();
  sim.expectValid(b.close(council.chair, HUB, council, resolution));
  out.recalls = { council: council.id, motion: resolution, ballots };
}

/** A cloned phone: one member's key signs two events with one sequence number in one scope. */
function fork(b: DemoBuilder, world: DemoWorld, out: ShapeRecord) {
  const sim = b.sim;
  const town = world.towns[0];
  const body = town?.assemblies[town.assemblies.length - 1];
  if (!town || !body) return;
  const member = plainMembers(b, body)[0];
  if (!member) return;
  sim.syncAll();
  const motion = sim.sign(
    body.chair.key,
    town.replica,
    body.id,
    "motion.opened",
    { kind: "resolution", ...RESOLUTION },
  ).id;
  sim.sync(`${town.replica}/clone-a`);
  sim.sync(`${town.replica}/clone-b`);
  const ballot = sim.sign(
    member.key,
    `${town.replica}/clone-a`,
    body.id,
    "ballot.cast",
    { motion, choice: { vote: "yes" } },
  );
  const prev = ballot.envelope.prev;
  const twin = sim.sign(
    member.key,
    `${town.replica}/clone-b`,
    body.id,
    "comment.posted",
    { motion, text: "Same phone, twice.", lang: "en" },
    {
      fork: {
        seq: ballot.envelope.seq,
        prev: prev === null ? null : toHex(prev),
      },
    },
  );
  sim.expectedInvalid.add(ballot.id);
  sim.expectedInvalid.add(twin.id);
  out.fork = [ballot.id, twin.id];
  sim.syncAll();
  for (const m of body.members.filter((m) => m !== member).slice(0, 3))
    sim.sign(m.key, town.replica, body.id, "ballot.cast", {
      motion,
      choice: { vote: "yes" },
    });
  sim.expectValid(b.close(body.chair, town.replica, body, motion));
}

/**
 * A committee member's device acts in the assembly and in the committee; the member
 * revokes it, and the lost device's later events in both scopes stop counting.
 */
function revocation(
  b: DemoBuilder,
  committee: GeneratedBody | null,
  out: ShapeRecord,
) {
  const sim = b.sim;
  if (committee === null) return;
  const parent = b.bodies.find(
    (x) => x.id !== committee.id && x.members.includes(committee.members[1]!),
  );
  const owner = committee.members[1];
  if (!owner || !parent) return;
  const replica = parent.replica;
  sim.sync(replica);
  const device = sim.device(owner);
  // Registered in the assembly, it acts in the committee below the assembly too.
  sim.sign(
    owner.key,
    replica,
    parent.id,
    "key.added",
    sim.keyAddedPayload(owner, device),
  );
  const motion = sim.sign(
    committee.chair.key,
    replica,
    committee.id,
    "motion.opened",
    { kind: "resolution", ...RESOLUTION },
  ).id;
  const last = sim.expectValid(
    sim.sign(device, replica, committee.id, "ballot.cast", {
      motion,
      choice: { vote: "yes" },
    }),
  );
  sim.sync(`${replica}/lost`);
  sim.sign(owner.key, replica, sim.federation!, "key.revoked", {
    key: toHex(device.publicKey),
    lastValidKseq: last.envelope.kseq,
    proof: sim.keyProof(owner, device),
  });
  const revoked = (
    [
      [committee.id, "ballot.cast", { motion, choice: { vote: "no" } }],
      [parent.id, "member.left", {}],
    ] as const
  ).map(
    ([scope, type, payload]) =>
      sim.sign(device, `${replica}/lost`, scope, type, payload).id,
  );
  for (const id of revoked) sim.expectedInvalid.add(id);
  out.revoked = revoked;
  sim.syncAll();
}

/** Adds the asked-for shapes on top of the story. */
export function addShapes(
  b: DemoBuilder,
  world: DemoWorld,
  story: StoryRecord,
  shapes: ReadonlySet<DemoShape>,
  committee: GeneratedBody | null,
): ShapeRecord {
  const out: ShapeRecord = {};
  if (shapes.has("two-parents")) twoParents(b, world, story, out);
  if (shapes.has("moved")) moved(b, world, out);
  if (shapes.has("concurrent-recalls")) concurrentRecalls(b, world, out);
  if (shapes.has("fork")) fork(b, world, out);
  if (shapes.has("revocation")) revocation(b, committee, out);
  return out;
}

/**
 * @module The demo federation: an oil and gas region in upheaval — a national council,
 * regional and municipal councils, workplace and neighbourhood assemblies with their
 * members, motions with amendments, comments and votes, facts carried up from each body by
 * its attesters — generated from one seed in event format 2, so the same seed gives the
 * same events and the same state hash on every machine.
 */

import type { SignedEvent } from "../core/index.js";
import { toHex } from "../crypto/index.js";
import {
  DemoBuilder,
  type GeneratedBody,
  type GenerateOptions,
  HUB,
  personName,
  shapesOf,
} from "./builder.js";
import { addShapes, type ShapeRecord } from "./shapes.js";
import type { Person } from "./simulator.js";
import {
  attestEverything,
  type DemoRegion,
  type DemoTown,
  type StoryRecord,
  tellFederationStory,
} from "./story-federation.js";
import { type PlanRecord, tellPlanStory } from "./story-plan.js";
import {
  DEMANDS,
  FEDERATION_NAME,
  fill,
  INFORMER_COMMENT,
  MUNICIPAL,
  NATIONAL_COUNCIL,
  NEIGHBOURHOOD,
  REGIONAL,
  REGIONS,
  RESOLUTIONS,
  STRIKE_COMMITTEE,
  WORKPLACES,
} from "./texts.js";

export type { GenerateOptions };

export interface GeneratedFederation {
  readonly federation: string;
  readonly events: readonly SignedEvent[];
  readonly people: readonly Person[];
  readonly coordinators: readonly Person[];
  readonly bodies: readonly GeneratedBody[];
  /** Events the story made invalid on purpose (a thief's ballot, a fork), by id. */
  readonly invalid: readonly string[];
  /** What the extra shapes made (empty without `shapes`). */
  readonly shapes: ShapeRecord;
  /** The planning round (null without a solver or without the federation story). */
  readonly plan: PlanRecord | null;
}

/** Generates the demo federation (or a smaller one of the same shape, for tests and benchmarks). */
export function generateFederation(
  options: GenerateOptions,
): GeneratedFederation {
  const b = new DemoBuilder(options);
  const sim = b.sim;
  const regionCount = Math.min(options.regions ?? 3, REGIONS.length);
  const townsPerRegion = options.townsPerRegion ?? 2;
  const workplaces = options.workplacesPerTown ?? 5;
  const [minMembers, maxMembers] = options.members ?? [35, 65];
  const [minMotions, maxMotions] = options.motions ?? [3, 5];

  // The federation and its councils, founded on the hub; each council linked under the one
  // above it, its chair attesting for it.
  b.coordinators = [0, 1, 2].map(() => sim.person(personName(sim), HUB));
  sim.sign(b.coordinators[0]!.key, HUB, null, "federation.created", {
    name: FEDERATION_NAME,
    founders: b.coordinators.map((c) => ({ key: c.id, name: c.name })),
  });
  const founder = b.coordinators[0]!;
  const national = b.createBody(founder, HUB, "council", NATIONAL_COUNCIL, {
    level: "national",
  });
  const towns: DemoTown[] = [];
  const regions: DemoRegion[] = [];
  for (const region of REGIONS.slice(0, regionCount)) {
    const regional = b.createBody(
      b.coordinators[1]!,
      HUB,
      "council",
      fill(REGIONAL, { region: region.name }),
      { level: "regional" },
    );
    b.link(founder, national, regional, 3);
    const regionTowns: DemoTown[] = [];
    regions.push({ name: region.name, council: regional, towns: regionTowns });
    for (const town of region.towns.slice(0, townsPerRegion)) {
      const council = b.createBody(
        b.coordinators[2]!,
        HUB,
        "council",
        fill(MUNICIPAL, { town: town.name }),
        { level: "municipal" },
      );
      b.link(founder, regional, council, 2);
      const t: DemoTown = {
        name: town.name,
        districts: town.districts,
        council,
        replica: town.name.en,
        assemblies: [],
      };
      towns.push(t);
      regionTowns.push(t);
    }
  }
  sim.syncAll();

  // Assemblies in every town, founded by people of the town.
  const assemblies: GeneratedBody[] = [];
  for (const town of towns) {
    sim.sync(town.replica);
    const names = [
      ...sim.rng
        .sample(
          WORKPLACES.filter(
            (w) => !w.onlyIn || w.onlyIn.includes(town.name.en),
          ),
          workplaces,
        )
        .map((w) => ({
          name: fill(w.name, { town: town.name }),
          setting: "workplace",
        })),
      ...town.districts.map((d) => ({
        name: fill(NEIGHBOURHOOD, { town: town.name, district: d }),
        setting: "neighbourhood",
      })),
    ];
    for (const n of names) {
      const creator = sim.person(personName(sim), town.replica);
      const assembly = b.createBody(creator, town.replica, "assembly", n.name, {
        setting: n.setting,
      });
      assemblies.push(assembly);
      town.assemblies.push(assembly);
    }
  }

  // Members join, town by town, in rounds; a town's replica sees the others only when it syncs.
  const target = new Map(
    assemblies.map((a) => [a.id, sim.rng.int(minMembers, maxMembers)]),
  );
  for (;;) {
    let grew = false;
    for (const town of towns) {
      if (sim.rng.chance(0.4)) sim.sync(town.replica);
      for (const a of town.assemblies) {
        const want = target.get(a.id)!;
        for (let k = 0; k < 8 && a.members.length < want; k++) {
          b.admit(a, sim.person(personName(sim), town.replica));
          grew = true;
        }
      }
    }
    if (!grew) break;
  }
  sim.syncAll();

  // Each assembly is linked under its town council with one seat, its chair attesting for
  // it — the first workplace's chair and secretary together (both must sign) — and tells
  // the council how many members it has.
  sim.sync(HUB);
  for (const town of towns)
    for (const a of town.assemblies) {
      const pair = a === assemblies[0] && a.members.length > 1;
      b.link(
        founder,
        town.council,
        a,
        1,
        pair ? [a.chair, a.members[1]!] : [a.chair],
        pair ? 2 : 1,
      );
    }
  sim.syncAll();
  for (const town of towns)
    for (const a of town.assemblies) b.attest(a, town.replica);
  sim.syncAll();

  // Some members use a second device.
  for (const a of assemblies)
    for (const m of sim.rng.sample(a.members.slice(1), 2)) {
      const device = sim.device(m);
      sim.sign(
        m.key,
        a.replica,
        a.id,
        "key.added",
        sim.keyAddedPayload(m, device),
      );
    }

  // Motions: demands and resolutions, amended, discussed, voted; most are closed. Towns
  // work in parallel and sync now and then, so their events are concurrent.
  const planned = new Map(
    assemblies.map((a) => [a.id, sim.rng.int(minMotions, maxMotions)]),
  );
  // Each assembly takes up different demands and resolutions, in its own order.
  const agenda = new Map(
    assemblies.map((a) => [
      a.id,
      {
        demands: sim.rng.shuffle(DEMANDS),
        resolutions: sim.rng.shuffle(RESOLUTIONS),
      },
    ]),
  );
  const done = new Map(assemblies.map((a) => [a.id, 0]));
  for (;;) {
    let active = false;
    for (const town of towns) {
      if (sim.rng.chance(0.3)) sim.sync(town.replica);
      for (const a of town.assemblies) {
        const k = done.get(a.id)!;
        const count = planned.get(a.id)!;
        if (k >= count) continue;
        active = true;
        const list = agenda.get(a.id)!;
        const demand = sim.rng.chance(0.55);
        const pool = demand ? list.demands : list.resolutions;
        const text = pool[k % pool.length]!;
        b.motion(
          a,
          demand ? "demand" : "resolution",
          text,
          k < count - 1 || sim.rng.chance(0.5),
        );
        done.set(a.id, k + 1);
      }
      sim.wait(600, 3600);
    }
    if (!active) break;
  }
  sim.syncAll();

  // The federation at work: delegates at every level with mandates, a deviation and a
  // recall, demands rising to the national council, a general strike spreading.
  const world = { national, regions, towns };
  const story: StoryRecord =
    options.federation !== false
      ? tellFederationStory(b, world)
      : { demands: [], adopted: [], call: null, delegates: new Map() };

  // The first region's planning round: declarations, totals attested up, limits, three
  // variants solved and ranked, one adopted.
  const firstRegion = regions[0];
  const plan =
    options.solver !== undefined && firstRegion !== undefined
      ? tellPlanStory(
          b,
          firstRegion,
          firstRegion.towns.flatMap(
            (t) => story.delegates.get(t.council.id) ?? [],
          ),
          founder,
          options.solver,
        )
      : null;

  // Stories the demo shows: a strike committee, an informer redacted and removed,
  // a stolen phone revoked, a member who leaves.
  const first = assemblies[0]!;
  sim.sync(first.replica);
  const committee = b.createBody(
    first.chair,
    first.replica,
    "committee",
    fill(STRIKE_COMMITTEE, { body: first.name }),
    { accountableTo: first.id },
  );
  b.committeeElection(
    first,
    committee,
    sim.rng.sample(first.members.slice(1), 4),
    first.members,
    first.replica,
  );

  const second = assemblies[Math.min(1, assemblies.length - 1)]!;
  if (second.members.length >= 4) {
    sim.sync(second.replica);
    const informer = second.members[second.members.length - 1]!;
    const openMotion = b.motion(second, "resolution", RESOLUTIONS[2]!, false);
    const leak = sim.sign(
      informer.key,
      second.replica,
      second.id,
      "comment.posted",
      { motion: openMotion, text: INFORMER_COMMENT, lang: "en" },
    ).id;
    sim.sign(second.chair.key, second.replica, second.id, "event.redacted", {
      event: leak,
      reason: "private data of members",
    });
    const removal = sim.sign(
      second.chair.key,
      second.replica,
      second.id,
      "motion.opened",
      {
        kind: "removal",
        title: {
          en: "Remove the informer",
          kk: "Ақпаратшыны шығару",
          ru: "Исключить информатора",
          ur: "مخبر کو نکالو",
        },
        text: {
          en: "The member who published our organisers' addresses is removed from the assembly.",
          kk: "Ұйымдастырушыларымыздың мекенжайын жариялаған мүше жиналыстан шығарылады.",
          ru: "Участник, опубликовавший адреса наших организаторов, исключается из собрания.",
          ur: "جس رکن نے ہمارے منتظمین کے پتے شائع کیے اسے اسمبلی سے نکالا جاتا ہے۔",
        },
        subject: { kind: "removal", member: informer.id },
      },
    ).id;
    for (const m of second.members.slice(0, -1))
      sim.sign(m.key, second.replica, second.id, "ballot.cast", {
        motion: removal,
        choice: { vote: "yes" },
      });
    sim.expectValid(b.close(second.chair, second.replica, second, removal));
    second.members.pop();

    const victim = second.members[1]!;
    let phone = victim.devices[0];
    if (phone === undefined) {
      phone = sim.device(victim);
      sim.sign(
        victim.key,
        second.replica,
        second.id,
        "key.added",
        sim.keyAddedPayload(victim, phone),
      );
    }
    const phoneUse = sim.sign(
      phone,
      second.replica,
      second.id,
      "comment.posted",
      { motion: openMotion, text: "I will be at the square.", lang: "en" },
    );
    // The phone is stolen: the thief's copy of the federation stops here.
    sim.sync("thief");
    // The owner revokes it everywhere, with the proof the phone gave when it was added.
    sim.sign(victim.key, second.replica, sim.federation!, "key.revoked", {
      key: toHex(phone.publicKey),
      lastValidKseq: phoneUse.envelope.kseq,
      proof: sim.keyProof(victim, phone),
    });
    // The thief keeps signing with the stolen phone, leaving the revocation out of view.
    const stolen = sim.sign(phone, "thief", second.id, "ballot.cast", {
      motion: openMotion,
      choice: { vote: "no" },
    });
    sim.expectedInvalid.add(stolen.id);
  }

  const third = assemblies[Math.min(2, assemblies.length - 1)]!;
  if (third.members.length >= 3) {
    const leaver = third.members[third.members.length - 1]!;
    sim.sign(leaver.key, third.replica, third.id, "member.left", {});
    third.members.pop();
  }

  const shapes = addShapes(b, world, story, shapesOf(options), committee);

  // What is still pending rises, so every council holds what its bodies' logs imply.
  attestEverything(b, world);

  const unexpected = [...sim.invalidEvents()].filter(
    ([id]) => !sim.expectedInvalid.has(id),
  );
  if (unexpected.length > 0)
    throw new Error(
      `demo: unexpected invalid events: ${unexpected
        .slice(0, 3)
        .map(([id, e]) => `${id.slice(0, 8)} ${e.code}`)
        .join(", ")}`,
    );
  return {
    federation: sim.federation!,
    events: sim.events,
    people: sim.people,
    coordinators: b.coordinators,
    bodies: b.bodies,
    invalid: [...sim.expectedInvalid].sort(),
    shapes,
    plan,
  };
}

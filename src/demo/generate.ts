/**
 * @module The demo federation: an oil and gas region in upheaval — a national council,
 * regional and municipal councils, workplace and neighbourhood assemblies with their
 * members, motions with amendments, comments and votes — generated from one seed, so the
 * same seed gives the same events and the same state hash on every machine.
 */

import { DEFAULT_RULES, type Rules, type SignedEvent } from "../core/index.js";
import { type CanonicalValue, toHex } from "../crypto/index.js";
import { type Person, Simulator } from "./simulator.js";
import {
  COMMENTS,
  DEMANDS,
  FEDERATION_NAME,
  fill,
  INFORMER_COMMENT,
  type MotionText,
  MUNICIPAL,
  NAME_POOL_WEIGHTS,
  NAME_POOLS,
  NATIONAL_COUNCIL,
  NEIGHBOURHOOD,
  REGIONAL,
  REGIONS,
  RESOLUTIONS,
  STRIKE_COMMITTEE,
  type Text4,
  WORKPLACES,
} from "./texts.js";

export interface GenerateOptions {
  readonly seed: number;
  /** Towns per region (1–2). */
  readonly townsPerRegion?: number;
  /** Regions (1–3). */
  readonly regions?: number;
  /** Workplace assemblies per town. */
  readonly workplacesPerTown?: number;
  /** Members per assembly, inclusive range. */
  readonly members?: readonly [number, number];
  /** Motions per assembly, inclusive range. */
  readonly motions?: readonly [number, number];
  /** Share of members who vote on a motion. */
  readonly turnout?: number;
}

/** A body of the generated federation and who runs it. */
export interface GeneratedBody {
  readonly id: string;
  readonly kind: "assembly" | "committee" | "council";
  readonly name: Text4;
  readonly replica: string;
  readonly chair: Person;
  readonly members: Person[];
}

export interface GeneratedFederation {
  readonly federation: string;
  readonly events: readonly SignedEvent[];
  readonly people: readonly Person[];
  readonly coordinators: readonly Person[];
  readonly bodies: readonly GeneratedBody[];
}

const HUB = "hub";
/** 2 January 2026, 06:00 UTC: the demo's first morning. */
const START = Date.UTC(2026, 0, 2, 6, 0, 0);

function personName(sim: Simulator): string {
  let r = sim.rng.next();
  let pool = NAME_POOLS[0]!;
  for (let i = 0; i < NAME_POOLS.length; i++) {
    r -= NAME_POOL_WEIGHTS[i]!;
    if (r < 0) {
      pool = NAME_POOLS[i]!;
      break;
    }
  }
  return `${sim.rng.pick(pool.given)} ${sim.rng.pick(pool.family)}`;
}

function rules(overrides: Partial<Rules> = {}): CanonicalValue {
  return { ...DEFAULT_RULES, ...overrides } as unknown as CanonicalValue;
}

class DemoBuilder {
  readonly sim: Simulator;
  readonly bodies: GeneratedBody[] = [];
  coordinators: Person[] = [];

  constructor(readonly options: GenerateOptions) {
    this.sim = new Simulator(options.seed, START);
  }

  createBody(
    creator: Person,
    replica: string,
    kind: GeneratedBody["kind"],
    name: Text4,
    extra: Record<string, CanonicalValue>,
  ): GeneratedBody {
    const id = this.sim.sign(creator.key, replica, "body.created", {
      name,
      kind,
      rules: rules({ admission: { method: "endorsements", endorsements: 1 } }),
      founderName: creator.name,
      ...extra,
    }).id;
    const body: GeneratedBody = {
      id,
      kind,
      name,
      replica,
      chair: creator,
      members: [creator],
    };
    this.bodies.push(body);
    return body;
  }

  /** A newcomer asks to join; an existing member endorses (admission needs one endorsement here). */
  admit(body: GeneratedBody, newcomer: Person): void {
    const request = this.sim.sign(
      newcomer.key,
      body.replica,
      "member.join-requested",
      {
        body: body.id,
        name: newcomer.name,
      },
    ).id;
    const endorser = this.sim.rng.pick(body.members);
    this.sim.sign(endorser.key, body.replica, "member.admission-endorsed", {
      request,
    });
    body.members.push(newcomer);
  }

  /** A motion put, amended (sometimes), discussed, voted and (usually) closed. */
  motion(
    body: GeneratedBody,
    kind: "demand" | "resolution",
    text: MotionText,
    close: boolean,
  ): string {
    const sim = this.sim;
    const proposer = sim.rng.pick(body.members);
    const lang = sim.rng.pick(["en", "kk", "ru", "ur"] as const);
    const motion = sim.sign(proposer.key, body.replica, "motion.opened", {
      body: body.id,
      kind,
      title: text.title,
      text: text.text,
    }).id;
    const turnout = this.options.turnout ?? 0.7;
    if (text.amendment && sim.rng.chance(0.6)) {
      const amender = sim.rng.pick(body.members);
      const amendment = sim.sign(amender.key, body.replica, "motion.opened", {
        body: body.id,
        kind: "amendment",
        amends: motion,
        title: text.title,
        text: text.amendment,
      }).id;
      this.vote(body, amendment, turnout * 0.8, sim.rng.next());
      sim.sign(body.chair.key, body.replica, "vote.closed", {
        motion: amendment,
      });
    }
    for (let c = sim.rng.int(0, 3); c > 0; c--) {
      const who = sim.rng.pick(body.members);
      sim.sign(who.key, body.replica, "comment.posted", {
        motion,
        text: sim.rng.pick(COMMENTS[lang]),
        lang,
      });
    }
    this.vote(body, motion, turnout, kind === "demand" ? 0.85 : 0.6);
    if (close) {
      // Someone votes on a phone that has not seen the close: concurrent, so not counted.
      const offline = `${body.replica}/offline`;
      sim.sync(offline);
      sim.sign(body.chair.key, body.replica, "vote.closed", { motion });
      if (sim.rng.chance(0.3)) {
        const late = sim.rng.pick(body.members);
        sim.sign(late.key, offline, "ballot.cast", {
          motion,
          choice: { vote: "no" },
        });
      }
    }
    return motion;
  }

  /** Members cast yes/no/abstain ballots; some change their mind and vote twice. */
  vote(
    body: GeneratedBody,
    motion: string,
    turnout: number,
    support: number,
  ): void {
    const sim = this.sim;
    for (const m of sim.rng.sample(
      body.members,
      Math.round(body.members.length * turnout),
    )) {
      const r = sim.rng.next();
      const vote =
        r < support
          ? "yes"
          : r < support + (1 - support) * 0.8
            ? "no"
            : "abstain";
      const key =
        m.devices.length > 0 && sim.rng.chance(0.5) ? m.devices[0]! : m.key;
      sim.sign(key, body.replica, "ballot.cast", { motion, choice: { vote } });
      if (sim.rng.chance(0.03))
        sim.sign(m.key, body.replica, "ballot.cast", {
          motion,
          choice: { vote: "yes" },
        });
    }
  }
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

  // The federation and its councils, founded on the hub.
  b.coordinators = [0, 1, 2].map(() => sim.person(personName(sim), HUB));
  sim.sign(b.coordinators[0]!.key, HUB, "federation.created", {
    name: FEDERATION_NAME,
    founders: b.coordinators.map((c) => ({ key: c.id, name: c.name })),
  });
  const founder = b.coordinators[0]!;
  const national = b.createBody(founder, HUB, "council", NATIONAL_COUNCIL, {
    level: "national",
  });
  const towns: {
    name: Text4;
    districts: readonly string[];
    council: GeneratedBody;
    replica: string;
  }[] = [];
  for (const region of REGIONS.slice(0, regionCount)) {
    const regional = b.createBody(
      b.coordinators[1]!,
      HUB,
      "council",
      fill(REGIONAL, { region: region.name }),
      {
        level: "regional",
      },
    );
    sim.sign(founder.key, HUB, "body.linked", {
      child: regional.id,
      parent: national.id,
      seats: 3,
    });
    for (const town of region.towns.slice(0, townsPerRegion)) {
      const council = b.createBody(
        b.coordinators[2]!,
        HUB,
        "council",
        fill(MUNICIPAL, { town: town.name }),
        {
          level: "municipal",
        },
      );
      sim.sign(founder.key, HUB, "body.linked", {
        child: council.id,
        parent: regional.id,
        seats: 2,
      });
      towns.push({
        name: town.name,
        districts: town.districts,
        council,
        replica: town.name.en,
      });
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
      assemblies.push(
        b.createBody(creator, town.replica, "assembly", n.name, {
          setting: n.setting,
        }),
      );
    }
  }
  sim.syncAll();
  sim.sync(HUB);
  for (const a of assemblies) {
    const town = towns.find((t) => t.replica === a.replica)!;
    sim.sign(founder.key, HUB, "body.linked", {
      child: a.id,
      parent: town.council.id,
      seats: 1,
    });
  }

  // Members join, town by town, in rounds; a town's replica sees the others only when it syncs.
  const target = new Map(
    assemblies.map((a) => [a.id, sim.rng.int(minMembers, maxMembers)]),
  );
  for (;;) {
    let grew = false;
    for (const town of towns) {
      if (sim.rng.chance(0.4)) sim.sync(town.replica);
      for (const a of assemblies.filter((x) => x.replica === town.replica)) {
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

  // Some members use a second device.
  for (const a of assemblies)
    for (const m of sim.rng.sample(a.members.slice(1), 2)) {
      const device = sim.device(m);
      sim.sign(m.key, a.replica, "key.added", sim.keyAddedPayload(m, device));
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
      for (const a of assemblies.filter((x) => x.replica === town.replica)) {
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

  // Stories the demo shows: a strike committee, an informer redacted and removed,
  // a stolen phone revoked, a member who leaves, an assembly that admits by vote.
  const first = assemblies[0]!;
  const committee = b.createBody(
    first.chair,
    first.replica,
    "committee",
    fill(STRIKE_COMMITTEE, { body: first.name }),
    {
      accountableTo: first.id,
    },
  );
  for (const m of sim.rng.sample(first.members.slice(1), 4)) {
    const request = sim.sign(m.key, first.replica, "member.join-requested", {
      body: committee.id,
      name: m.name,
    }).id;
    sim.sign(first.chair.key, first.replica, "member.admission-endorsed", {
      request,
    });
    committee.members.push(m);
  }

  const second = assemblies[Math.min(1, assemblies.length - 1)]!;
  if (second.members.length >= 4) {
    const informer = second.members[second.members.length - 1]!;
    const openMotion = b.motion(second, "resolution", RESOLUTIONS[2]!, false);
    const leak = sim.sign(informer.key, second.replica, "comment.posted", {
      motion: openMotion,
      text: INFORMER_COMMENT,
      lang: "en",
    }).id;
    sim.sign(second.chair.key, second.replica, "event.redacted", {
      event: leak,
      body: second.id,
      reason: "private data of members",
    });
    const removal = sim.sign(
      second.chair.key,
      second.replica,
      "motion.opened",
      {
        body: second.id,
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
      sim.sign(m.key, second.replica, "ballot.cast", {
        motion: removal,
        choice: { vote: "yes" },
      });
    sim.sign(second.chair.key, second.replica, "vote.closed", {
      motion: removal,
    });
    second.members.pop();

    const victim = second.members[1]!;
    let phone = victim.devices[0];
    if (phone === undefined) {
      phone = sim.device(victim);
      sim.sign(
        victim.key,
        second.replica,
        "key.added",
        sim.keyAddedPayload(victim, phone),
      );
    }
    const phoneUse = sim.sign(phone, second.replica, "comment.posted", {
      motion: openMotion,
      text: "I will be at the square.",
      lang: "en",
    });
    // The phone is stolen: the thief's copy of the federation stops here.
    sim.sync("thief");
    sim.sign(victim.key, second.replica, "key.revoked", {
      key: toHex(phone.publicKey),
      lastValidSeq: phoneUse.envelope.seq,
    });
    // The thief keeps signing with the stolen phone, leaving the revocation out of view.
    sim.sign(phone, "thief", "ballot.cast", {
      motion: openMotion,
      choice: { vote: "no" },
    });
  }

  const third = assemblies[Math.min(2, assemblies.length - 1)]!;
  if (third.members.length >= 3) {
    const leaver = third.members[third.members.length - 1]!;
    sim.sign(leaver.key, third.replica, "member.left", { body: third.id });
    third.members.pop();
  }

  return {
    federation: sim.federation!,
    events: sim.events,
    people: sim.people,
    coordinators: b.coordinators,
    bodies: b.bodies,
  };
}

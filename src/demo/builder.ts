/** @module The demo's author: creates bodies, admits members, puts motions and votes, on a simulated replica. */
import { DEFAULT_RULES, type Rules } from "../core/index.js";
import type { CanonicalValue } from "../crypto/index.js";
import { type Person, Simulator } from "./simulator.js";
import {
  COMMENTS,
  type MotionText,
  NAME_POOL_WEIGHTS,
  NAME_POOLS,
  type Text4,
} from "./texts.js";

/** How big a generated federation is. */
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
  /** Delegates, mandates, demands and the strike call (default true). */
  readonly federation?: boolean;
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

/** The replica of the hub where councils meet. */
export const HUB = "hub";
/** 2 January 2026, 06:00 UTC: the demo's first morning. */
export const START = Date.UTC(2026, 0, 2, 6, 0, 0);

export function personName(sim: Simulator): string {
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

export function rules(overrides: Partial<Rules> = {}): CanonicalValue {
  return { ...DEFAULT_RULES, ...overrides } as unknown as CanonicalValue;
}

export class DemoBuilder {
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
        const late = sim.rng.pick(body.members.filter((m) => m !== body.chair));
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

/**
 * @module The demo's author: creates bodies and links them under councils with their cards
 * and attesters, admits members, puts motions and votes, closes them stating the count, and
 * has attesters carry each body's facts up — all on a simulated replica.
 */
import {
  type Claim,
  claimHash,
  closeResultFor,
  DEFAULT_RULES,
  demandClaim,
  forwardedInto,
  pairKey,
  pendingClaims,
  type Rules,
  type SignedEvent,
} from "../core/index.js";
import type { CanonicalValue } from "../crypto/index.js";
import type { LpSolver } from "../planning/index.js";
import { DEMO_SHAPES, type DemoShape } from "./demo-shape.js";
import { expectOk, type Person, Simulator } from "./simulator.js";
import {
  COMMENTS,
  type MotionText,
  NAME_POOL_WEIGHTS,
  NAME_POOLS,
  type Text4,
} from "./texts.js";

/** How big a generated federation is, and which extra shapes it takes. */
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
  /**
   * Extra shapes for property tests (none by default): a body with two parent councils, a
   * body moved to another council, concurrent recalls, a fork, a revocation across scopes.
   * `"all"` takes every one.
   */
  readonly shapes?: readonly DemoShape[] | "all";
  /**
   * The solver of the planning round (HiGHS from `highsSolver`, loaded by the caller: the
   * generator is synchronous). Without one the demo has no planning round; with one, and the
   * federation story, the first region plans and adopts a plan by vote.
   */
  readonly solver?: LpSolver;
}

/** The shapes an options object asks for. */
export function shapesOf(options: GenerateOptions): ReadonlySet<DemoShape> {
  return new Set(
    options.shapes === "all" ? DEMO_SHAPES : (options.shapes ?? []),
  );
}

/** A body of the generated federation and who runs it. */
export interface GeneratedBody {
  readonly id: string;
  readonly kind: "assembly" | "committee" | "council";
  readonly name: Text4;
  readonly setting: string | null;
  readonly level: string | null;
  readonly replica: string;
  readonly chair: Person;
  readonly members: Person[];
  /** Keys that carry the body's facts up to the councils above it (set when linked). */
  attesters: Person[];
  threshold: number;
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
  private readonly byKey = new Map<string, Person>();

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
    const id = this.sim.sign(creator.key, replica, null, "body.created", {
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
      setting: typeof extra.setting === "string" ? extra.setting : null,
      level: typeof extra.level === "string" ? extra.level : null,
      replica,
      chair: creator,
      // Coordinating is not voting: only an assembly's founder is a member from the start.
      members: kind === "assembly" ? [creator] : [],
      attesters: [],
      threshold: 1,
    };
    this.bodies.push(body);
    return body;
  }

  /**
   * Links `child` under `council` (signed by `by`, a coordinator, on the hub): its card, its
   * seats, and the attesters whose signatures carry its facts up (the chair unless told).
   */
  link(
    by: Person,
    council: GeneratedBody,
    child: GeneratedBody,
    seats: number,
    attesters: readonly Person[] = [child.chair],
    threshold = 1,
    replica = HUB,
  ): SignedEvent {
    child.attesters = [...attesters];
    child.threshold = threshold;
    return this.sim.expectValid(
      this.sim.sign(by.key, replica, council.id, "body.linked", {
        child: child.id,
        seats,
        card: {
          name: child.name,
          kind: child.kind,
          ...(child.setting ? { setting: child.setting } : {}),
          ...(child.level ? { level: child.level } : {}),
        },
        attesters: attesters.map((a) => a.id),
        threshold,
      }),
    );
  }

  /** A newcomer asks to join; an existing member endorses (admission needs one endorsement here). */
  admit(body: GeneratedBody, newcomer: Person, replica = body.replica): void {
    const request = this.sim.sign(
      newcomer.key,
      replica,
      body.id,
      "member.join-requested",
      { name: newcomer.name },
    ).id;
    const endorser = this.sim.rng.pick(body.members);
    this.sim.sign(endorser.key, replica, body.id, "member.admission-endorsed", {
      request,
    });
    body.members.push(newcomer);
  }

  /** Closes a motion, stating the result its count gives in the close's causal past. */
  close(
    by: Person,
    replica: string,
    body: GeneratedBody,
    motion: string,
  ): SignedEvent {
    return this.sim.sign(
      by.key,
      replica,
      body.id,
      "vote.closed",
      { motion },
      {
        payloadFor: (fold, draft) => ({
          motion,
          result: expectOk(
            closeResultFor(fold, motion, draft),
            "count",
          ) as unknown as CanonicalValue,
        }),
      },
    );
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
    const motion = sim.sign(
      proposer.key,
      body.replica,
      body.id,
      "motion.opened",
      { kind, title: text.title, text: text.text },
    ).id;
    const turnout = this.options.turnout ?? 0.7;
    if (text.amendment && sim.rng.chance(0.6)) {
      const amender = sim.rng.pick(body.members);
      const amendment = sim.sign(
        amender.key,
        body.replica,
        body.id,
        "motion.opened",
        {
          kind: "amendment",
          amends: motion,
          title: text.title,
          text: text.amendment,
        },
      ).id;
      this.vote(body, amendment, turnout * 0.8, sim.rng.next());
      this.close(body.chair, body.replica, body, amendment);
    }
    for (let c = sim.rng.int(0, 3); c > 0; c--) {
      const who = sim.rng.pick(body.members);
      sim.sign(who.key, body.replica, body.id, "comment.posted", {
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
      this.close(body.chair, body.replica, body, motion);
      if (sim.rng.chance(0.3)) {
        const late = sim.rng.pick(body.members.filter((m) => m !== body.chair));
        sim.sign(late.key, offline, body.id, "ballot.cast", {
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
      sim.sign(key, body.replica, body.id, "ballot.cast", {
        motion,
        choice: { vote },
      });
      if (sim.rng.chance(0.03))
        sim.sign(m.key, body.replica, body.id, "ballot.cast", {
          motion,
          choice: { vote: "yes" },
        });
    }
  }

  /**
   * An election of `seats` delegates from `body` to `council`. Ballots favour the candidates
   * in order, so the first `seats` candidates are elected; the close states who was, and
   * that is returned.
   */
  election(
    body: GeneratedBody,
    council: GeneratedBody,
    candidates: readonly Person[],
    seats: number,
    voters: readonly Person[],
    replica: string,
  ): Person[] {
    const sim = this.sim;
    const method =
      seats > 1
        ? "scottish-stv"
        : sim.rng.pick(["plurality", "irv", "approval"] as const);
    const motion = sim.sign(body.chair.key, replica, body.id, "motion.opened", {
      kind: "election",
      ...electionText(council),
      method,
      options: candidates.map((c) => ({ label: c.name, member: c.id })),
      seats,
      subject: { kind: "election", role: "delegate", council: council.id },
    }).id;
    const ranking = candidates.map((_, i) => [i]);
    // Fewer than a third dissent, so the first candidates win however small the body.
    const dissenters = new Set(
      sim.rng.sample(voters, Math.floor((voters.length - 1) / 3)),
    );
    for (const v of voters) {
      const dissent = dissenters.has(v) && candidates.length > seats;
      const choice: CanonicalValue =
        method === "plurality"
          ? { pick: dissent ? candidates.length - 1 : 0 }
          : method === "approval"
            ? { approve: dissent ? [candidates.length - 1] : [0] }
            : {
                ranking:
                  dissent && seats === 1
                    ? [[candidates.length - 1], [0]]
                    : ranking,
              };
      sim.sign(v.key, replica, body.id, "ballot.cast", { motion, choice });
    }
    sim.expectValid(this.close(body.chair, replica, body, motion));
    const result = sim.foldFor(body.id).state.motions.get(motion)?.result;
    return result?.kind === "election"
      ? result.election.elected.map((i) => candidates[i]!)
      : [];
  }

  /**
   * The parent body elects the committee's members (every candidate, ranked in order) and
   * its chair seats them in the committee: a committee's voting members are those its
   * parent elected, never by default whoever founded it.
   */
  committeeElection(
    parent: GeneratedBody,
    committee: GeneratedBody,
    candidates: readonly Person[],
    voters: readonly Person[],
    replica: string,
  ): void {
    const sim = this.sim;
    if (candidates.length === 0) return;
    const motion = sim.sign(
      parent.chair.key,
      replica,
      parent.id,
      "motion.opened",
      {
        kind: "election",
        ...committeeElectionText(committee),
        method: "scottish-stv",
        options: candidates.map((c) => ({ label: c.name, member: c.id })),
        seats: candidates.length,
        subject: {
          kind: "election",
          role: "committee",
          committee: committee.id,
        },
      },
    ).id;
    const ranking = candidates.map((_, i) => [i]);
    for (const v of voters)
      sim.sign(v.key, replica, parent.id, "ballot.cast", {
        motion,
        choice: { ranking },
      });
    const close = this.close(parent.chair, replica, parent, motion);
    sim.expectValid(close);
    sim.expectValid(
      sim.sign(parent.chair.key, replica, committee.id, "committee.seated", {
        close: close.id,
      }),
    );
    committee.members.push(...candidates);
  }

  /**
   * The body's attesters carry a demand (an adopted motion, or a council demand it holds) to
   * a council, into `into` when given; returns the council demand it opened or endorsed.
   */
  carryDemand(
    body: GeneratedBody,
    council: GeneratedBody,
    demand: string,
    into: string | undefined,
    replica: string,
  ): string {
    const sim = this.sim;
    const claim = expectOk(
      demandClaim(sim.foldFor(body.id), body.id, demand, into),
      "demand claim",
    );
    return this.carryClaim(body, council, claim, replica, () =>
      forwardedInto(sim.foldFor(body.id).state, council.id, claim.cites),
    );
  }

  /** The person holding a key, among the generated people. */
  personOf(key: string): Person | undefined {
    if (this.byKey.size !== this.sim.people.length)
      for (const p of this.sim.people) this.byKey.set(p.id, p);
    return this.byKey.get(key);
  }

  /**
   * The body's attesters sign, on `replica`, every claim its facts imply and the councils
   * above (or `council`) do not hold yet — each claim until it takes effect — as a client
   * computes them with `pendingClaims`. Returns the attestations signed.
   */
  attest(
    body: GeneratedBody,
    replica: string,
    council?: string,
  ): SignedEvent[] {
    const sim = this.sim;
    const out: SignedEvent[] = [];
    for (let guard = 0; guard < 10_000; guard++) {
      const fold = sim.foldFor(body.id);
      let signed = false;
      for (const p of pendingClaims(fold, body.id, council)) {
        const link = fold.state.links.get(pairKey(p.council, body.id));
        if (link === undefined) continue;
        const signers = link.attesters
          .filter(
            (k) =>
              !p.signers.includes(k) &&
              mayAttest(sim, p.council, body.id, k, p.claim),
          )
          .map((k) => this.personOf(k))
          .filter((x): x is Person => x !== undefined);
        for (const a of signers) {
          const e = sim.sign(a.key, replica, p.council, "attestation.made", {
            body: body.id,
            claim: p.claim as unknown as CanonicalValue,
          });
          out.push(sim.expectValid(e));
          signed = true;
          if (
            sim.foldFor(body.id).state.claims.get(pairKey(p.council, p.hash))
              ?.effectiveAt
          )
            break;
        }
        if (signed) break;
      }
      if (!signed) return out;
    }
    throw new Error("demo: attesting does not end");
  }

  /**
   * The body's attesters sign one claim on `council` until it takes effect; returns what
   * `result` then reads (the council demand a demand claim opened or endorsed).
   */
  carryClaim(
    body: GeneratedBody,
    council: GeneratedBody,
    claim: Claim,
    replica: string,
    result: () => string | null,
  ): string {
    const sim = this.sim;
    const hash = claimHash(body.id, claim);
    const link = sim
      .foldFor(body.id)
      .state.links.get(pairKey(council.id, body.id));
    for (const k of link?.attesters ?? []) {
      const a = this.personOf(k);
      if (a === undefined || !mayAttest(sim, council.id, body.id, k, claim))
        continue;
      sim.expectValid(
        sim.sign(a.key, replica, council.id, "attestation.made", {
          body: body.id,
          claim: claim as unknown as CanonicalValue,
        }),
      );
      if (
        sim.foldFor(body.id).state.claims.get(pairKey(council.id, hash))
          ?.effectiveAt
      )
        break;
    }
    const out = result();
    if (out === null) throw new Error("demo: the claim did not take effect");
    return out;
  }
}

function committeeElectionText(committee: GeneratedBody): {
  title: Text4;
  text: Text4;
} {
  return {
    title: {
      en: `Members of ${committee.name.en}`,
      kk: `${committee.name.kk}: мүшелер`,
      ru: `Члены: ${committee.name.ru}`,
      ur: `${committee.name.ur} کے ارکان`,
    },
    text: {
      en: "We elect who serves on the committee. Each of them can be recalled by this assembly at any time.",
      kk: "Комитетте кім қызмет ететінін сайлаймыз. Олардың әрқайсысын бұл жиналыс кез келген уақытта кері шақыра алады.",
      ru: "Выбираем, кто войдёт в комитет. Каждого из них это собрание может отозвать в любое время.",
      ur: "ہم چنتے ہیں کہ کمیٹی میں کون خدمت کرے گا۔ یہ اسمبلی ان میں سے کسی کو بھی کسی بھی وقت واپس بلا سکتی ہے۔",
    },
  };
}

function electionText(council: GeneratedBody): { title: Text4; text: Text4 } {
  return {
    title: {
      en: `Delegate to ${council.name.en}`,
      kk: `${council.name.kk}: делегат`,
      ru: `Делегат в ${council.name.ru}`,
      ur: `${council.name.ur} کے لیے مندوب`,
    },
    text: {
      en: "We elect who carries our mandate to the council. Recallable at any time.",
      kk: "Кеңеске мандатымызды кім апаратынын сайлаймыз. Кез келген уақытта кері шақыруға болады.",
      ru: "Выбираем, кто понесёт наш мандат в совет. Может быть отозван в любое время.",
      ur: "ہم چنتے ہیں کہ ہمارا مینڈیٹ کونسل تک کون لے جائے۔ کسی بھی وقت واپس بلایا جا سکتا ہے۔",
    },
  };
}

/**
 * Whether a key may still sign for a body on a council: not the subject of the claim (a
 * recall or vacancy), and not a delegate whose seat there was last recalled or vacated.
 */
function mayAttest(
  sim: Simulator,
  council: string,
  body: string,
  key: string,
  claim: { kind: string; member?: string },
): boolean {
  if (
    (claim.kind === "recall" || claim.kind === "vacancy") &&
    claim.member === key
  )
    return false;
  const facts = sim
    .foldFor(body)
    .state.seatFacts.get(pairKey(council, body))
    .filter((f) => f.members.includes(key));
  const last = facts[facts.length - 1];
  return (
    last === undefined || (last.kind !== "recalled" && last.kind !== "vacated")
  );
}

export type { DemoShape };

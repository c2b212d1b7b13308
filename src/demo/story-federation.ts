/**
 * @module The demo's federation story: every assembly elects its delegate to its town
 * council, town councils elect delegates to their regions and regions to the national
 * council — each election carried up by the body's attesters; assemblies bind their
 * delegates with mandates, one delegate votes against the mandate and is recalled and
 * replaced; demands rise by attestation from several assemblies to the national council;
 * the national council calls a general strike, which starts in one town, spreads to its
 * region, then to the next region, then to the big cities, its answers rolled up level by
 * level.
 */
import { type DemoBuilder, type GeneratedBody, HUB } from "./builder.js";
import type { Person } from "./simulator.js";
import { DEMANDS, type Text4 } from "./texts.js";

export interface DemoTown {
  readonly name: Text4;
  readonly districts: readonly string[];
  readonly council: GeneratedBody;
  readonly replica: string;
  readonly assemblies: GeneratedBody[];
}

export interface DemoRegion {
  readonly name: Text4;
  readonly council: GeneratedBody;
  readonly towns: DemoTown[];
}

export interface DemoWorld {
  readonly national: GeneratedBody;
  readonly regions: readonly DemoRegion[];
  readonly towns: readonly DemoTown[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const STRIKE_CALL = {
  title: {
    en: "General strike from Thursday",
    kk: "Бейсенбіден бастап жалпы ереуіл",
    ru: "Всеобщая забастовка с четверга",
    ur: "جمعرات سے عام ہڑتال",
  },
  text: {
    en: "Every workplace stops from Thursday at six in the morning until the gas price is restored and the detained are free. Neighbourhoods keep the kitchens and the clinics open.",
    kk: "Газ бағасы қалпына келіп, ұсталғандар босатылғанша әр жұмыс орны бейсенбі таңғы алтыдан бастап тоқтайды. Аудандар асханалар мен емханаларды ашық ұстайды.",
    ru: "Все предприятия останавливаются с шести утра четверга, пока цена на газ не будет восстановлена и задержанные не будут освобождены. Районы держат открытыми кухни и медпункты.",
    ur: "ہر کام کی جگہ جمعرات صبح چھ بجے سے بند رہے گی جب تک گیس کی قیمت بحال نہ ہو اور گرفتار لوگ رہا نہ ہوں۔ محلے باورچی خانے اور کلینک کھلے رکھیں گے۔",
  },
};

const JOIN_THE_STRIKE = {
  title: {
    en: "The town joins the general strike",
    kk: "Қала жалпы ереуілге қосылады",
    ru: "Город присоединяется ко всеобщей забастовке",
    ur: "شہر عام ہڑتال میں شامل ہوتا ہے",
  },
  text: {
    en: "This council asks every workplace in town to stop on the day the national council calls.",
    kk: "Бұл кеңес қаладағы әр жұмыс орнын ұлттық кеңес белгілеген күні тоқтауға шақырады.",
    ru: "Совет просит все предприятия города остановиться в день, назначенный национальным советом.",
    ur: "یہ کونسل شہر کی ہر کام کی جگہ سے کہتی ہے کہ قومی کونسل کے مقرر کردہ دن کام روک دے۔",
  },
};

const MANDATE_TEXT = {
  en: "Our delegate votes for joining the general strike and reports back to this assembly the same evening.",
  kk: "Біздің делегат жалпы ереуілге қосылуды жақтап дауыс береді және сол кеші жиналысқа есеп береді.",
  ru: "Наш делегат голосует за присоединение ко всеобщей забастовке и в тот же вечер отчитывается перед собранием.",
  ur: "ہمارا مندوب عام ہڑتال میں شامل ہونے کے حق میں ووٹ دے گا اور اسی شام اسمبلی کو رپورٹ کرے گا۔",
};

const RECALL_TEXT = {
  title: {
    en: "Recall our delegate",
    kk: "Делегатты кері шақыру",
    ru: "Отозвать нашего делегата",
    ur: "اپنے مندوب کو واپس بلائیں",
  },
  text: {
    en: "Our delegate voted against the strike although this assembly mandated a vote for it. The seat is vacant until we elect again.",
    kk: "Жиналыс ереуілді жақтауды тапсырса да, делегатымыз қарсы дауыс берді. Қайта сайлағанша орын бос.",
    ru: "Наш делегат проголосовал против забастовки, хотя собрание поручило голосовать за. Место свободно до новых выборов.",
    ur: "اسمبلی کے مینڈیٹ کے باوجود ہمارے مندوب نے ہڑتال کے خلاف ووٹ دیا۔ نئے انتخاب تک نشست خالی ہے۔",
  },
};

/** What the story made that later shapes build on. */
export interface StoryRecord {
  /** Per demand text: the council demand on each council it reached, by council id. */
  readonly demands: Map<string, string>[];
  /** Per demand text: the adopted demand motion of each assembly that took it up. */
  readonly adopted: Map<string, string>[];
  /** The general strike call, once adopted. */
  call: string | null;
  /** Who sits for each body on the council above it (by body id), as the story ends. */
  readonly delegates: ReadonlyMap<string, readonly Person[]>;
}

class FederationStory {
  /** Who sits for each body on the council above it. */
  readonly delegates = new Map<string, Person[]>();
  readonly record: StoryRecord = {
    demands: [],
    adopted: [],
    call: null,
    delegates: this.delegates,
  };

  constructor(
    readonly b: DemoBuilder,
    readonly world: DemoWorld,
  ) {}

  get sim() {
    return this.b.sim;
  }

  /**
   * Voters of a body: its members, or for a council the delegates sitting on it (its chair,
   * a coordinator, convenes it without a vote).
   */
  votersOf(body: GeneratedBody, below: readonly GeneratedBody[]): Person[] {
    if (body.kind !== "council") return body.members;
    return below.flatMap((c) => this.delegates.get(c.id) ?? []);
  }

  /** An election of delegates from `body` to `council`; remembers who was elected. */
  elect(
    body: GeneratedBody,
    council: GeneratedBody,
    candidates: Person[],
    seats: number,
    voters: Person[],
    replica: string,
  ): Person[] {
    const elected = this.b.election(
      body,
      council,
      candidates,
      seats,
      voters,
      replica,
    );
    this.delegates.set(body.id, elected);
    return elected;
  }

  /** Every level elects, and the body's attesters tell the council above who was elected. */
  electEveryLevel(): void {
    const { sim, world, b } = this;
    for (const town of world.towns) {
      sim.sync(town.replica);
      for (const a of town.assemblies) {
        const candidates = sim.rng.sample(a.members.slice(1), 2);
        if (candidates.length === 0) continue;
        this.elect(
          a,
          town.council,
          candidates,
          1,
          sim.rng.sample(a.members, Math.ceil(a.members.length * 0.6)),
          town.replica,
        );
        b.attest(a, town.replica);
      }
    }
    sim.syncAll();
    sim.sync(HUB);
    for (const region of world.regions) {
      for (const town of region.towns) {
        const voters = this.votersOf(town.council, town.assemblies);
        const candidates = town.assemblies
          .map((a) => this.delegates.get(a.id)?.[0])
          .filter((p): p is Person => !!p)
          .slice(0, 3);
        if (candidates.length > 0) {
          this.elect(
            town.council,
            region.council,
            candidates,
            Math.min(2, candidates.length),
            voters,
            HUB,
          );
          b.attest(town.council, HUB);
        }
      }
      const voters = this.votersOf(
        region.council,
        region.towns.map((t) => t.council),
      );
      const candidates = region.towns
        .flatMap((t) => this.delegates.get(t.council.id) ?? [])
        .slice(0, 4);
      if (candidates.length > 0) {
        this.elect(
          region.council,
          world.national,
          candidates,
          Math.min(3, candidates.length),
          voters,
          HUB,
        );
        b.attest(region.council, HUB);
      }
    }
    sim.syncAll();
  }

  /**
   * Each assembly binds its delegate to vote for the town's strike resolution and tells the
   * council; one delegate deviates, is recalled (the recall carried up) and replaced.
   */
  mandatesAndRecall(): void {
    const { sim, world, b } = this;
    sim.syncAll();
    let recalled = false;
    for (const town of world.towns) {
      sim.sync(HUB);
      const resolution = sim.sign(
        town.council.chair.key,
        HUB,
        town.council.id,
        "motion.opened",
        { kind: "resolution", ...JOIN_THE_STRIKE },
      ).id;
      sim.syncAll();
      for (const a of town.assemblies) {
        if (!this.delegates.get(a.id)?.length) continue;
        const mandate = sim.sign(
          a.chair.key,
          town.replica,
          a.id,
          "motion.opened",
          {
            kind: "mandate",
            title: {
              en: "Mandate for our delegate",
              kk: "Делегатқа мандат",
              ru: "Мандат нашему делегату",
              ur: "ہمارے مندوب کے لیے مینڈیٹ",
            },
            text: MANDATE_TEXT,
            subject: {
              kind: "mandate",
              council: town.council.id,
              positions: [{ motion: resolution, choice: { vote: "yes" } }],
            },
          },
        ).id;
        for (const m of sim.rng.sample(
          a.members,
          Math.ceil(a.members.length * 0.6),
        ))
          sim.sign(m.key, town.replica, a.id, "ballot.cast", {
            motion: mandate,
            choice: { vote: "yes" },
          });
        sim.expectValid(b.close(a.chair, town.replica, a, mandate));
        b.attest(a, town.replica);
      }
      sim.syncAll();
      // The deviant's delegate sits only on the town council, so the recall ends one seat.
      const higher = new Set(
        [...this.delegates.entries()]
          .filter(([id]) => !town.assemblies.some((a) => a.id === id))
          .flatMap(([, ps]) => ps),
      );
      const deviant = recalled
        ? null
        : (town.assemblies.find(
            (a, i) =>
              i > 0 &&
              this.delegates.get(a.id)?.[0] &&
              !higher.has(this.delegates.get(a.id)![0]!),
          ) ?? null);
      for (const a of town.assemblies) {
        const delegate = this.delegates.get(a.id)?.[0];
        if (!delegate) continue;
        sim.sign(delegate.key, HUB, town.council.id, "ballot.cast", {
          motion: resolution,
          choice: { vote: a === deviant ? "no" : "yes" },
        });
      }
      sim.expectValid(
        b.close(town.council.chair, HUB, town.council, resolution),
      );
      if (deviant) {
        recalled = true;
        sim.syncAll();
        const delegate = this.delegates.get(deviant.id)![0]!;
        const proposer =
          deviant.members.find((m) => m !== delegate && m !== deviant.chair) ??
          deviant.chair;
        const recall = sim.sign(
          proposer.key,
          town.replica,
          deviant.id,
          "motion.opened",
          {
            kind: "recall",
            ...RECALL_TEXT,
            subject: {
              kind: "recall",
              council: town.council.id,
              member: delegate.id,
            },
          },
        ).id;
        for (const m of deviant.members.filter((m) => m !== delegate))
          sim.sign(m.key, town.replica, deviant.id, "ballot.cast", {
            motion: recall,
            choice: { vote: "yes" },
          });
        sim.expectValid(b.close(deviant.chair, town.replica, deviant, recall));
        b.attest(deviant, town.replica);
        this.delegates.set(deviant.id, []);
        const successors = deviant.members
          .filter((m) => m !== delegate && m !== deviant.chair)
          .slice(0, 2);
        if (successors.length > 0) {
          this.elect(
            deviant,
            town.council,
            successors,
            1,
            deviant.members.filter((m) => m !== delegate),
            town.replica,
          );
          b.attest(deviant, town.replica);
        }
      }
    }
    sim.syncAll();
  }

  /**
   * Assemblies adopt demands; their attesters carry them to the town council (the first
   * opens it there, the others endorse it); each council's attesters carry them on, up to
   * the national council.
   */
  demandsRise(): void {
    const { sim, world, b } = this;
    const demands = [DEMANDS[0]!, DEMANDS[3]!];
    for (const [d, demand] of demands.entries()) {
      const onCouncil = new Map<string, string>();
      const adopted = new Map<string, string>();
      this.record.demands.push(onCouncil);
      this.record.adopted.push(adopted);
      const byRegion: [GeneratedBody, string][] = [];
      for (const region of world.regions) {
        const byTown: [GeneratedBody, string][] = [];
        for (const town of region.towns) {
          let townDemand: string | undefined;
          const takers = town.assemblies.filter(
            (_, i) => (i + d) % 2 === 0 || i === 0,
          );
          for (const a of takers) {
            const motion = sim.sign(
              a.chair.key,
              town.replica,
              a.id,
              "motion.opened",
              { kind: "demand", title: demand.title, text: demand.text },
            ).id;
            for (const m of sim.rng.sample(
              a.members,
              Math.ceil(a.members.length * 0.6),
            ))
              sim.sign(m.key, town.replica, a.id, "ballot.cast", {
                motion,
                choice: { vote: "yes" },
              });
            sim.expectValid(b.close(a.chair, town.replica, a, motion));
            adopted.set(a.id, motion);
            townDemand = this.carry(
              a,
              town.council,
              motion,
              townDemand,
              town.replica,
            );
          }
          sim.syncAll();
          if (townDemand) {
            onCouncil.set(town.council.id, townDemand);
            byTown.push([town.council, townDemand]);
          }
        }
        sim.sync(HUB);
        let regionDemand: string | undefined;
        for (const [council, td] of byTown)
          regionDemand = this.carry(
            council,
            region.council,
            td,
            regionDemand,
            HUB,
          );
        if (regionDemand) {
          onCouncil.set(region.council.id, regionDemand);
          byRegion.push([region.council, regionDemand]);
        }
      }
      let nationalDemand: string | undefined;
      for (const [council, rd] of byRegion)
        nationalDemand = this.carry(
          council,
          world.national,
          rd,
          nationalDemand,
          HUB,
        );
      if (nationalDemand) onCouncil.set(world.national.id, nationalDemand);
      sim.syncAll();
    }
  }

  carry(
    body: GeneratedBody,
    council: GeneratedBody,
    demand: string,
    into: string | undefined,
    replica: string,
  ): string {
    return this.b.carryDemand(body, council, demand, into, replica);
  }

  /** The national council calls the strike; it starts in the first town and spreads over four days. */
  strike(): void {
    const { sim, world, b } = this;
    sim.sync(HUB);
    const national = world.national;
    const call = sim.sign(
      national.chair.key,
      HUB,
      national.id,
      "motion.opened",
      {
        kind: "action",
        ...STRIKE_CALL,
        subject: {
          kind: "action",
          action: "strike",
          startsAt: Math.ceil(sim.clock / DAY) * DAY + 6 * HOUR,
          scope: "all",
        },
      },
    ).id;
    for (const v of this.votersOf(
      national,
      world.regions.map((r) => r.council),
    ))
      sim.sign(v.key, HUB, national.id, "ballot.cast", {
        motion: call,
        choice: { vote: "yes" },
      });
    sim.expectValid(b.close(national.chair, HUB, national, call));
    this.record.call = call;
    sim.syncAll();
    const startDay = Math.ceil(sim.clock / DAY) * DAY;
    const answer = (
      chair: Person,
      body: GeneratedBody,
      replica: string,
      answer: string,
      headcount: number,
    ) =>
      sim.sign(chair.key, replica, body.id, "action.answered", {
        call,
        answer,
        headcount,
      });
    // Day 0: the first town; day 1: its region; day 2: the next region; day 3: the big cities.
    const [first, ...rest] = world.towns;
    const firstRegion = world.regions[0]!;
    const waves: DemoTown[][] = [
      first ? [first] : [],
      rest.filter((t) => firstRegion.towns.includes(t)),
      rest.filter(
        (t) =>
          !firstRegion.towns.includes(t) && world.regions[1]?.towns.includes(t),
      ),
      rest.filter(
        (t) =>
          !firstRegion.towns.includes(t) &&
          !world.regions[1]?.towns.includes(t),
      ),
    ];
    for (const [day, towns] of waves.entries()) {
      sim.clock = Math.max(sim.clock, startDay + day * DAY + 7 * HOUR);
      const answered = new Set<DemoTown>();
      for (const town of towns) {
        answered.add(town);
        for (const a of town.assemblies) {
          const size = a.members.length;
          if (day > 0 && sim.rng.chance(0.15))
            answer(a.chair, a, town.replica, "will-not", 0);
          else {
            answer(
              a.chair,
              a,
              town.replica,
              "will-join",
              Math.round(size * 0.8),
            );
            sim.wait(600, 3600);
            answer(
              a.chair,
              a,
              town.replica,
              "started",
              Math.round(size * (0.7 + 0.3 * sim.rng.next())),
            );
          }
        }
      }
      // The others hear of it and say they will join.
      for (const town of waves[day + 1] ?? []) {
        answered.add(town);
        for (const a of town.assemblies.slice(0, 2))
          answer(a.chair, a, town.replica, "will-join", a.members.length);
      }
      // In the evening each assembly's attesters tell the town council how it answered.
      sim.wait(3600, 7200);
      for (const town of answered)
        for (const a of town.assemblies) b.attest(a, town.replica);
      sim.syncAll();
      // A council has no members of its own (its delegates count in their assemblies): its
      // answer says the strike is on, and reports no headcount.
      for (const town of towns)
        answer(town.council.chair, town.council, HUB, "started", 0);
      this.rollUp();
      sim.syncAll();
    }
    for (const region of world.regions)
      answer(region.council.chair, region.council, HUB, "started", 0);
    this.rollUp();
    sim.syncAll();
  }

  /** Town councils' attesters carry the answers they hold to the regions, regions to the nation. */
  rollUp(): void {
    const { b, world } = this;
    for (const town of world.towns) b.attest(town.council, HUB);
    for (const region of world.regions) b.attest(region.council, HUB);
  }
}

/** Tells the federation story on top of the assemblies the demo has built. */
export function tellFederationStory(
  b: DemoBuilder,
  world: DemoWorld,
): StoryRecord {
  const story = new FederationStory(b, world);
  story.electEveryLevel();
  story.mandatesAndRecall();
  story.demandsRise();
  story.strike();
  return story.record;
}

/**
 * Every linked body's attesters carry up what is still pending (a count after someone left,
 * a vacancy after a removal), bottom-up: assemblies, then towns, then regions.
 */
export function attestEverything(b: DemoBuilder, world: DemoWorld): void {
  const sim = b.sim;
  sim.syncAll();
  for (const town of world.towns)
    for (const a of town.assemblies) b.attest(a, town.replica);
  sim.syncAll();
  for (const town of world.towns) b.attest(town.council, HUB);
  for (const region of world.regions) b.attest(region.council, HUB);
  sim.syncAll();
}

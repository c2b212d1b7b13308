/** @module Bodies — assemblies, committees, councils — their rules, and links between them. */
import { z } from "zod";
import type { Threshold } from "../../voting/index.js";
import { type I18nText, i18nText } from "../text/i18n-text.js";

export const BODY_KINDS = ["assembly", "committee", "council"] as const;
export const ASSEMBLY_SETTINGS = [
  "workplace",
  "neighbourhood",
  "other",
] as const;
export const COUNCIL_LEVELS = [
  "municipal",
  "regional",
  "national",
  "sectoral",
] as const;
export type BodyKind = (typeof BODY_KINDS)[number];
export type AssemblySetting = (typeof ASSEMBLY_SETTINGS)[number];
export type CouncilLevel = (typeof COUNCIL_LEVELS)[number];

export const threshold = z.enum(["simple", "two-thirds", "absolute"]);

/** A body's rules: data in signed events, changed only by a rules motion. */
export const rulesSchema = z
  .object({
    admission: z.discriminatedUnion("method", [
      z
        .object({
          method: z.literal("endorsements"),
          endorsements: z.number().int().min(1).max(50),
        })
        .strict(),
      z.object({ method: z.literal("vote") }).strict(),
    ]),
    quorumPercent: z.number().int().min(0).max(100),
    majority: threshold,
    recallThreshold: threshold,
    redaction: z.enum(["chairs", "vote"]),
    public: z.boolean(),
    delegateWeight: z.enum(["one", "represented"]),
    /**
     * The share of voters (percent) whose demand convenes a meeting without a chair. Optional:
     * absent means DEFAULT_MEETING_DEMAND_PERCENT (meeting/model.ts), and rules without it
     * keep their encoding and every hash.
     */
    meetingDemandPercent: z.number().int().min(1).max(100).optional(),
  })
  .strict();

export type Rules = z.infer<typeof rulesSchema>;

/**
 * Rules a new assembly starts with unless its founder chooses others. `meetingDemandPercent`
 * is left out on purpose: its default applies, and new bodies' events encode as before.
 */
export const DEFAULT_RULES: Rules = {
  admission: { method: "endorsements", endorsements: 2 },
  quorumPercent: 20,
  majority: "simple" as Threshold,
  recallThreshold: "simple" as Threshold,
  redaction: "chairs",
  public: false,
  delegateWeight: "one",
};

export interface BodyRecord {
  readonly id: string;
  readonly kind: BodyKind;
  readonly setting: AssemblySetting | null;
  readonly level: CouncilLevel | null;
  readonly name: I18nText;
  /** For a committee: the body that elects it and to which it answers. */
  readonly accountableTo: string | null;
  readonly createdBy: string;
  readonly createdAt: number;
  readonly dissolved: boolean;
  readonly rules: Rules;
  /** Chairs in the fold's present (authority checks use the causal past instead). */
  readonly chairs: readonly string[];
}

/** The levels a body acts at: its council level, or its kind for assemblies and committees. */
export const BODY_LEVELS = [
  "assembly",
  "committee",
  ...COUNCIL_LEVELS,
] as const;
export type BodyLevel = (typeof BODY_LEVELS)[number];

/**
 * A body's card on a council: what the council may know of a body below it — a name (or a
 * pseudonym the body chose) and its kind — never its members.
 */
export const cardSchema = z
  .object({
    name: i18nText(200),
    kind: z.enum(BODY_KINDS),
    setting: z.enum(ASSEMBLY_SETTINGS).optional(),
    level: z.enum(COUNCIL_LEVELS).optional(),
  })
  .strict();
export type Card = z.infer<typeof cardSchema>;

/** A child body's seats on a parent council, with its card and attesters (in the council's scope). */
export interface LinkRecord {
  readonly council: string;
  readonly child: string;
  readonly seats: number;
  readonly card: Card;
  /** Keys whose signatures carry the child's facts up to the council. */
  readonly attesters: readonly string[];
  /** How many attesters must sign a claim. */
  readonly threshold: number;
  readonly linkedBy: string;
}

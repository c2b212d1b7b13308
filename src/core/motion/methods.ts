/** @module Which tally methods a motion may use, and the ballot shape each expects. */
import { z } from "zod";
import { ELECTION_METHODS, type MethodName } from "./method-names.js";
import type { MotionKind } from "./model.js";

export {
  ELECTION_METHOD_NAMES,
  ELECTION_METHODS,
  type ElectionMethodName,
  electionMethodsFor,
  type MethodName,
} from "./method-names.js";

/** True when a method name is one a motion may use. */
export function isMethodName(name: string): name is MethodName {
  return name === "yes-no-abstain" || Object.hasOwn(ELECTION_METHODS, name);
}

/** The method a motion of this kind uses when none is given. */
export function defaultMethod(kind: MotionKind): MethodName {
  return kind === "election"
    ? "plurality"
    : kind === "plan"
      ? "schulze"
      : "yes-no-abstain";
}

/** Kinds decided by electing among options (a plan motion: among its variants); the others yes/no/abstain. */
export function isElectionKind(kind: MotionKind): boolean {
  return kind === "election" || kind === "plan";
}

/**
 * A choice of any method, checked only for shape: a mandate names positions on a council's
 * motions, whose own method then checks them.
 */
export const positionChoice = z.union([
  z.object({ vote: z.enum(["yes", "no", "abstain"]) }).strict(),
  z.object({ pick: z.number().int().min(0).max(99) }).strict(),
  z
    .object({ approve: z.array(z.number().int().min(0).max(99)).max(100) })
    .strict(),
  z
    .object({
      ranking: z
        .array(z.array(z.number().int().min(0).max(99)).min(1).max(100))
        .max(100),
    })
    .strict(),
]);

const choiceSchemas = new Map<string, z.ZodType>();

/** The schema of a ballot's choice for a method with `optionCount` options (cached). */
export function choiceSchema(
  method: MethodName,
  optionCount: number,
): z.ZodType {
  const key = `${method} ${optionCount}`;
  let schema = choiceSchemas.get(key);
  if (schema === undefined) {
    schema = makeChoiceSchema(method, optionCount);
    choiceSchemas.set(key, schema);
  }
  return schema;
}

function makeChoiceSchema(method: MethodName, optionCount: number): z.ZodType {
  const option = z
    .number()
    .int()
    .min(0)
    .max(Math.max(0, optionCount - 1));
  if (method === "yes-no-abstain")
    return z.object({ vote: z.enum(["yes", "no", "abstain"]) }).strict();
  switch (ELECTION_METHODS[method]) {
    case "pick":
      return z.object({ pick: option }).strict();
    case "approve":
      return z
        .object({ approve: z.array(option).max(optionCount) })
        .strict()
        .refine(
          (c) => new Set(c.approve).size === c.approve.length,
          "duplicate",
        );
    case "ranking":
      return z
        .object({
          ranking: z
            .array(z.array(option).min(1).max(optionCount))
            .max(optionCount),
        })
        .strict()
        .refine((c) => {
          const all = c.ranking.flat();
          return new Set(all).size === all.length;
        }, "an option ranked twice");
  }
}

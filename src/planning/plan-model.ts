/**
 * @module What a plan is computed from (#15): products, the processes that make them (co-products
 * allowed), the needs declared for them in three tiers, and the limits a council sets. Read from
 * plain data (a model file is JSON) and checked here, so the linear programme is built only from
 * a model that means something: every name known, every number finite and not negative.
 */
import { fail, ok, type PlanningResult } from "./planning-error.js";

/** The tiers of needs, in the order they are met: basic needs first. */
export const TIERS = ["basic", "standard", "extra"] as const;
export type Tier = (typeof TIERS)[number];

/** A way of making products: one run of it makes `outputs` from `inputs` with `labour`. */
export interface PlanProcess {
  readonly name: string;
  /** Products made per run (several: co-products, e.g. a refinery's fuel and gas). */
  readonly outputs: Readonly<Record<string, number>>;
  /** Products used up per run. */
  readonly inputs: Readonly<Record<string, number>>;
  /** Hours of each skill per run. */
  readonly labour: Readonly<Record<string, number>>;
  /** The most runs in the period; absent: nothing limits it but its inputs and labour. */
  readonly capacity?: number;
}

/** A need declared by an assembly or a council: so much of a product, in a tier, for a region. */
export interface PlanNeed {
  readonly product: string;
  readonly quantity: number;
  readonly tier: Tier;
  readonly region: string;
}

/** The limits a council sets by motion. */
export interface PlanLimits {
  /** Hours of each skill available in the period. A skill named by no limit is not limited. */
  readonly labour: Readonly<Record<string, number>>;
  /** Products there are without making them (land, stocks, a gas field's yield). */
  readonly resources: Readonly<Record<string, number>>;
  /** The most of a product that may be imported; a product not named here is not imported. */
  readonly imports: Readonly<Record<string, number>>;
}

/** A plan's question: the whole model. */
export interface PlanModel {
  readonly products: readonly string[];
  readonly processes: readonly PlanProcess[];
  readonly needs: readonly PlanNeed[];
  readonly limits: PlanLimits;
  /**
   * The share of every need of a tier that must be met (a council's motion "basic needs in
   * full" is `{ "basic": 1 }`); a plan that cannot is PLAN_INFEASIBLE. Absent: 0.
   */
  readonly floors: Readonly<Partial<Record<Tier, number>>>;
}

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** A reader that stops at the first problem, naming where it is (`processes[2].labour.welder`). */
class ModelReader {
  problem: ReturnType<typeof fail<never>> | null = null;

  malformed(path: string): void {
    this.problem ??= fail("PLAN_MODEL_MALFORMED", { path });
  }

  number(v: Json, path: string, max = Number.POSITIVE_INFINITY): number {
    if (typeof v !== "number") {
      this.malformed(path);
      return 0;
    }
    if (!Number.isFinite(v) || v < 0 || v > max)
      this.problem ??= fail("PLAN_NUMBER_INVALID", {
        path,
        value: String(v),
      });
    return v;
  }

  text(v: Json, path: string): string {
    if (typeof v !== "string" || v.trim() === "") this.malformed(path);
    return typeof v === "string" ? v : "";
  }

  /** `{ name: number }` whose names are among `known` (when given). */
  amounts(
    v: Json,
    path: string,
    known: ReadonlySet<string> | null,
  ): Record<string, number> {
    if (v === undefined) return {};
    if (!isObject(v)) {
      this.malformed(path);
      return {};
    }
    const out: Record<string, number> = {};
    for (const [name, amount] of Object.entries(v)) {
      if (known !== null && !known.has(name))
        this.problem ??= fail("PLAN_NAME_UNKNOWN", {
          path: `${path}.${name}`,
          name,
        });
      out[name] = this.number(amount, `${path}.${name}`);
    }
    return out;
  }

  array(v: Json, path: string): readonly Json[] {
    if (!Array.isArray(v)) {
      this.malformed(path);
      return [];
    }
    return v;
  }

  unique(names: readonly string[], path: string): Set<string> {
    const seen = new Set<string>();
    names.forEach((name, i) => {
      if (seen.has(name))
        this.problem ??= fail("PLAN_NAME_REPEATED", {
          path: `${path}[${i}]`,
          name,
        });
      seen.add(name);
    });
    return seen;
  }
}

/**
 * Reads a plan model from parsed JSON, refusing the first thing that is wrong with a code:
 * PLAN_MODEL_MALFORMED (a field missing or of the wrong kind), PLAN_NUMBER_INVALID (negative,
 * not finite, a floor above 1), PLAN_NAME_UNKNOWN (a product no one declared),
 * PLAN_NAME_REPEATED (two products or processes of one name). Details name the `path`.
 * @example readPlanModel(JSON.parse(text)).value.needs
 */
export function readPlanModel(data: Json): PlanningResult<PlanModel> {
  const r = new ModelReader();
  if (!isObject(data)) return fail("PLAN_MODEL_MALFORMED", { path: "" });
  const products = r
    .array(data.products, "products")
    .map((p, i) => r.text(p, `products[${i}]`));
  const known = r.unique(products, "products");
  const processes = r
    .array(data.processes, "processes")
    .map((p, i): PlanProcess => {
      const at = `processes[${i}]`;
      if (!isObject(p)) {
        r.malformed(at);
        return { name: "", outputs: {}, inputs: {}, labour: {} };
      }
      const outputs = r.amounts(p.outputs, `${at}.outputs`, known);
      if (Object.keys(outputs).length === 0) r.malformed(`${at}.outputs`);
      return {
        name: r.text(p.name, `${at}.name`),
        outputs,
        inputs: r.amounts(p.inputs, `${at}.inputs`, known),
        labour: r.amounts(p.labour, `${at}.labour`, null),
        ...(p.capacity === undefined
          ? {}
          : { capacity: r.number(p.capacity, `${at}.capacity`) }),
      };
    });
  r.unique(
    processes.map((p) => p.name),
    "processes",
  );
  const needs = r.array(data.needs, "needs").map((n, i): PlanNeed => {
    const at = `needs[${i}]`;
    if (!isObject(n)) {
      r.malformed(at);
      return { product: "", quantity: 0, tier: "basic", region: "" };
    }
    const product = r.text(n.product, `${at}.product`);
    if (product !== "" && !known.has(product))
      r.problem ??= fail("PLAN_NAME_UNKNOWN", {
        path: `${at}.product`,
        name: product,
      });
    const quantity = r.number(n.quantity, `${at}.quantity`);
    // A need of nothing has no share to meet.
    if (quantity === 0)
      r.problem ??= fail("PLAN_NUMBER_INVALID", {
        path: `${at}.quantity`,
        value: "0",
      });
    if (!(TIERS as readonly Json[]).includes(n.tier)) r.malformed(`${at}.tier`);
    return {
      product,
      quantity,
      tier: n.tier as Tier,
      // A need for the whole federation names no region.
      region:
        n.region === undefined || n.region === ""
          ? ""
          : r.text(n.region, `${at}.region`),
    };
  });
  const limits = data.limits === undefined ? {} : data.limits;
  if (!isObject(limits)) r.malformed("limits");
  const l = isObject(limits) ? limits : {};
  const floorsIn = data.floors === undefined ? {} : data.floors;
  const floors: Partial<Record<Tier, number>> = {};
  if (!isObject(floorsIn)) r.malformed("floors");
  else
    for (const [tier, v] of Object.entries(floorsIn)) {
      if (!(TIERS as readonly string[]).includes(tier))
        r.malformed(`floors.${tier}`);
      floors[tier as Tier] = r.number(v, `floors.${tier}`, 1);
    }
  const model: PlanModel = {
    products,
    processes,
    needs,
    limits: {
      labour: r.amounts(l.labour, "limits.labour", null),
      resources: r.amounts(l.resources, "limits.resources", known),
      imports: r.amounts(l.imports, "limits.imports", known),
    },
    floors,
  };
  return r.problem ?? ok(model);
}

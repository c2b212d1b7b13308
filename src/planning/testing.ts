/**
 * @module Generated economies for tests and benchmarks only (never imported by src/): a seeded
 * random non-negative coefficient matrix whose spectral radius is known exactly, and plan models
 * built on one.
 */
import type { CarriedPlan } from "./carried-plan.js";
import type { CsrMatrix } from "./csr-matrix.js";
import { highsSolver } from "./highs-solver.js";
import { solveLeontief } from "./leontief-solve.js";
import {
  type PlanModel,
  type PlanNeed,
  type PlanProcess,
  readPlanModel,
} from "./plan-model.js";
import { type PlanVariantSpec, planVariants } from "./plan-variants.js";

/** A small seeded generator (mulberry32): the same seed gives the same economy everywhere. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What economy to make. */
export interface EconomyShape {
  readonly products: number;
  /** Inputs per product (distinct products, the product itself possibly among them). */
  readonly inputs: number;
  /** Every column of A sums to this, so it is exactly A's spectral radius (below 1: productive). */
  readonly spectralRadius: number;
  readonly seed: number;
  /**
   * Where inputs come from: anywhere (the default, every input a random product — the worst
   * case for a cache), or within `window` products of the product itself (a supply chain
   * clustered by sector, as product classifications number related products together).
   */
  readonly window?: number;
  /**
   * Store the coefficients as Float32 (8 bytes an entry with its column instead of 12). Each
   * column then sums to the spectral radius only to Float32's rounding (relative 6e-8 an entry),
   * and the spectral radius is the radius to that precision.
   */
  readonly float32?: boolean;
}

/**
 * A random economy: product j uses `inputs` distinct products chosen uniformly, in random
 * proportions scaled so that each column of A sums to `spectralRadius`. For a non-negative A
 * with equal column sums s, 1ᵀA = s·1ᵀ makes s an eigenvalue with a positive eigenvector, and
 * no eigenvalue exceeds the largest column sum: the spectral radius is s exactly.
 */
export function generateEconomy(shape: EconomyShape): CsrMatrix {
  const n = shape.products;
  const k = Math.min(shape.inputs, n);
  const random = seededRandom(shape.seed);
  const window = Math.max(shape.window ?? n, k);
  const rowOf = new Int32Array(n * k);
  const weight = new Float64Array(n * k);
  const chosen = new Int32Array(k);
  for (let j = 0; j < n; j++) {
    let sum = 0;
    for (let t = 0; t < k; t++) {
      let i: number;
      do
        i =
          window >= n
            ? Math.floor(random() * n)
            : (j - (window >> 1) + Math.floor(random() * window) + n) % n;
      while (chosen.subarray(0, t).includes(i));
      chosen[t] = i;
      const w = 0.05 + random();
      rowOf[j * k + t] = i;
      weight[j * k + t] = w;
      sum += w;
    }
    for (let t = 0; t < k; t++)
      weight[j * k + t] = (weight[j * k + t]! / sum) * shape.spectralRadius;
  }
  // Columns were drawn; CSR wants rows: count, then place (columns ascend within each row).
  const rowStart = new Int32Array(n + 1);
  for (const i of rowOf) rowStart[i + 1] = rowStart[i + 1]! + 1;
  for (let i = 0; i < n; i++) rowStart[i + 1] = rowStart[i + 1]! + rowStart[i]!;
  const next = rowStart.slice(0, n);
  const columns = new Int32Array(n * k);
  const values = shape.float32
    ? new Float32Array(n * k)
    : new Float64Array(n * k);
  for (let j = 0; j < n; j++)
    for (let t = 0; t < k; t++) {
      const i = rowOf[j * k + t]!;
      const at = next[i]!;
      next[i] = at + 1;
      columns[at] = j;
      values[at] = weight[j * k + t]!;
    }
  return { size: n, rowStart, columns, values };
}

/** Seeded non-negative final demand, uniform in [0, 1) per product. */
export function generateDemand(products: number, seed: number): Float64Array {
  const random = seededRandom(seed);
  const d = new Float64Array(products);
  for (let i = 0; i < products; i++) d[i] = random();
  return d;
}

/** What plan model to make. */
export interface PlanModelShape {
  readonly products: number;
  /** Inputs per process. */
  readonly inputs: number;
  readonly skills: number;
  readonly seed: number;
  /** Labour available as a share of the hours that meeting every need would take (about). */
  readonly tightness: number;
  /** Share of products with a need of each tier (three tiers share it). */
  readonly needShare?: number;
  /** Inputs from within this many products of each product (generateEconomy's `window`). */
  readonly window?: number;
}

/**
 * A random plan model: one process per product (a tenth of them with a co-product), inputs as
 * in generateEconomy (productive: each process uses 0.6 of a unit in all per unit it makes),
 * one or two skills per process, capacities on a third of the processes, needs on a share of
 * the products in the three tiers, a few resources and imports, and labour limits at
 * `tightness` of what the needs take through the whole supply chain (x = (I − A)⁻¹·d).
 * Always feasible: nothing made and nothing met keeps every constraint.
 */
export function generatePlanModel(shape: PlanModelShape): PlanModel {
  const n = shape.products;
  const random = seededRandom(shape.seed);
  const pick = (m: number) => Math.floor(random() * m);
  const a = generateEconomy({
    products: n,
    inputs: shape.inputs,
    spectralRadius: 0.6,
    seed: shape.seed + 1,
    ...(shape.window === undefined ? {} : { window: shape.window }),
  });
  const names = Array.from({ length: n }, (_, i) => `p${i}`);
  const skills = Array.from({ length: shape.skills }, (_, i) => `skill${i}`);
  const inputs: Record<string, number>[] = names.map(() => ({}));
  for (let i = 0; i < n; i++)
    for (let k = a.rowStart[i]!; k < a.rowStart[i + 1]!; k++)
      inputs[a.columns[k]!]![names[i]!] = a.values[k]!;
  const demand = new Float64Array(n);
  const tiers = ["basic", "standard", "extra"] as const;
  const needs: PlanNeed[] = [];
  const needShare = shape.needShare ?? 0.3;
  for (let i = 0; i < n; i++)
    if (random() < needShare) {
      const quantity = 1 + Math.round(random() * 90) / 10;
      demand[i] = quantity;
      needs.push({
        product: names[i]!,
        quantity,
        tier: tiers[pick(3)]!,
        region: `r${pick(4)}`,
      });
    }
  // Plain Gauss-Seidel, as when these models were first generated: the limits below come from
  // the gross output, and a model must not move by the last digits of another solver's answer
  // (the benchmarks' models and the large tests' would no longer be the ones measured).
  const solved = solveLeontief(a, demand, { relaxation: 1 });
  const gross = solved.ok ? solved.value.output : demand;
  const hoursNeeded = new Float64Array(shape.skills);
  const processes: PlanProcess[] = names.map((name, j) => {
    const labour: Record<string, number> = {};
    for (let t = 0; t < 1 + pick(2); t++) {
      const s = pick(shape.skills);
      const h = 0.1 + Math.round(random() * 90) / 100;
      labour[skills[s]!] = (labour[skills[s]!] ?? 0) + h;
      hoursNeeded[s] = hoursNeeded[s]! + h * gross[j]!;
    }
    const outputs: Record<string, number> = { [name]: 1 };
    if (random() < 0.1) {
      const other = names[pick(n)]!;
      if (other !== name && inputs[j]![other] === undefined)
        outputs[other] = 0.2;
    }
    return {
      name: `make-${name}`,
      outputs,
      inputs: inputs[j]!,
      labour,
      ...(random() < 0.33 ? { capacity: gross[j]! * (0.5 + random()) } : {}),
    };
  });
  const resources: Record<string, number> = {};
  const imports: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    if (random() < 0.05) resources[names[i]!] = gross[i]! * random();
    if (random() < 0.05) imports[names[i]!] = gross[i]! * random();
  }
  return {
    products: names,
    processes,
    needs,
    limits: {
      labour: Object.fromEntries(
        skills.map((s, i) => [s, hoursNeeded[i]! * shape.tightness]),
      ),
      resources,
      imports,
    },
    floors: {},
  };
}

/** A model's variants solved with HiGHS, as a plan motion carries them (label and carried plan). */
export async function solvedVariants(
  modelData: Parameters<typeof readPlanModel>[0],
  variants: readonly PlanVariantSpec[],
): Promise<{ label: string; plan: CarriedPlan }[]> {
  const model = readPlanModel(modelData);
  if (!model.ok) throw new Error(JSON.stringify(model.error));
  const solver = await highsSolver({ timeLimitSeconds: 60 });
  const solved = planVariants(model.value, variants, solver);
  solver.release();
  if (!solved.ok) throw new Error(JSON.stringify(solved.error));
  return solved.value.map((v) => ({ label: v.summary.label, plan: v.carried }));
}

/**
 * The north's transport as a council sees it from its bodies' attested totals (one aggregate
 * process per product and region, one run at full capacity): 60000 bus-km and 20000 tram-km,
 * needs of 30000 and 10000 — each run half — and 10000 drivers' hours.
 */
export const NORTH_TRANSPORT = {
  products: ["bus-km", "tram-km"],
  processes: [
    {
      name: "bus-km (north)",
      outputs: { "bus-km": 60000 },
      labour: { driver: 6000 },
      capacity: 1,
    },
    {
      name: "tram-km (north)",
      outputs: { "tram-km": 20000 },
      labour: { driver: 1000 },
      capacity: 1,
    },
  ],
  needs: [
    { product: "bus-km", quantity: 30000, tier: "basic", region: "north" },
    { product: "tram-km", quantity: 10000, tier: "basic", region: "north" },
  ],
  limits: { labour: { driver: 10000 } },
};

/** Two variants of {@link NORTH_TRANSPORT}: a short week of drivers' hours, and the full one. */
export const NORTH_TRANSPORT_WEEKS: readonly PlanVariantSpec[] = [
  { label: "short week", limits: { labour: { driver: 1750 } } },
  { label: "full week" },
];

/**
 * The one-bakery plan of the plan-vote tests, its variants solved: bread for a basic need of 10
 * in `regions[0]` and a standard one of 5 in `regions[1]`, 2 baker's hours a loaf, 20 loaves at
 * most, 30 baker's hours unless a variant says how many.
 */
export async function bakeryVariants(
  regions: readonly [string, string],
  variants: readonly { readonly label: string; readonly bakerHours?: number }[],
): Promise<{ label: string; plan: CarriedPlan }[]> {
  return solvedVariants(
    {
      products: ["bread"],
      processes: [
        {
          name: "bakery",
          outputs: { bread: 1 },
          labour: { baker: 2 },
          capacity: 20,
        },
      ],
      needs: [
        { product: "bread", quantity: 10, tier: "basic", region: regions[0] },
        { product: "bread", quantity: 5, tier: "standard", region: regions[1] },
      ],
      limits: { labour: { baker: 30 } },
    },
    variants.map((v) => ({
      label: v.label,
      ...(v.bakerHours === undefined
        ? {}
        : { limits: { labour: { baker: v.bakerHours } } }),
    })),
  );
}

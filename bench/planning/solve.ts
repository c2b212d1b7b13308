/**
 * An optimised plan at the scale of an economy (#15): a generated plan model (fixed seed;
 * src/planning/testing.ts generatePlanModel — one process per product, a tenth with a
 * co-product, `inputs` inputs each, 20 skills, capacities on a third, needs on 30 % of the
 * products in three tiers, labour at 60 % of what the needs take) solved tier by tier with
 * HiGHS. Reports the programme's size, the time of each stage and in all, and the peak memory
 * of the process (resident set, which holds HiGHS's WebAssembly memory). Run one size per
 * process, so that the peak is that size's own.
 *   node --import tsx bench/planning/solve.ts [--products 10000] [--inputs 5] [--method choose|simplex|ipm] [--presolve off|on] [--window 64] [--time-limit 600]
 */
import { loadavg } from "node:os";
import {
  checkPlan,
  highsSolver,
  type LinearProgramme,
  type LpSolution,
  planProgramme,
  solvePlan,
} from "../../src/planning/index.js";
import { generatePlanModel } from "../../src/planning/testing.js";

function flag(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1]! : fallback;
}

const products = Number(flag("products", "10000"));
const inputs = Number(flag("inputs", "5"));
const method = flag("method", "choose") as "choose" | "simplex" | "ipm";
const timeLimit = Number(flag("time-limit", "600"));
const presolve = flag("presolve", "off") as "on" | "off" | "choose";
// 0: inputs from anywhere (the default); else from within this many products (a supply chain
// clustered by sector: the basis inverse stays sparser).
const window = Number(flag("window", "0"));
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

console.log(
  `products ${products}, inputs ${inputs} from ${window > 0 ? `within ${window}` : "anywhere"}, method ${method}, presolve ${presolve}; load before: ${load()}`,
);
let t = performance.now();
const model = generatePlanModel({
  products,
  inputs,
  skills: 20,
  seed: 15,
  tightness: 0.6,
  ...(window > 0 ? { window } : {}),
});
const generated = performance.now() - t;
const { base } = planProgramme(model);
console.log(
  `model: ${model.processes.length} processes, ${model.needs.length} needs (generated in ${(generated / 1000).toFixed(2)} s); programme ${base.cost.length} columns × ${base.rowLower.length} rows, ${base.matrix.values.length} non-zeros`,
);

const solver = await highsSolver({
  timeLimitSeconds: timeLimit,
  method,
  presolve,
});
const stages: string[] = [];
// CPU time beside wall time: on a shared machine the wall time is mostly waiting for a core.
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const timed = (lp: LinearProgramme): LpSolution => {
  const s = performance.now();
  const c = cpuSeconds();
  const solution = solver(lp);
  stages.push(
    `${lp.sense} ${((performance.now() - s) / 1000).toFixed(2)} s (CPU ${(cpuSeconds() - c).toFixed(2)} s) ${solution.status} ${solution.objective.toPrecision(8)}`,
  );
  return solution;
};
t = performance.now();
const cpuStart = cpuSeconds();
const plan = solvePlan(model, timed, {
  holdFaces: flag("faces", "on") === "on",
});
const solveSeconds = (performance.now() - t) / 1000;
if (!plan.ok) {
  console.log(
    `no plan: ${plan.error.code} ${JSON.stringify(plan.error.details)}`,
  );
  console.log(`stages: ${stages.join("; ")}`);
  process.exit(1);
}
const violations = checkPlan(model, plan.value);
console.log(`stages: ${stages.join("; ")}`);
for (const v of violations.slice(0, 5))
  console.log(`broken: ${JSON.stringify(v)}`);
console.log(
  `tiers: ${plan.value.tiers.map((x) => `${x.tier} guarantee ${x.guarantee.toFixed(4)} mean ${x.meanShare.toFixed(4)}`).join(", ")}`,
);
console.log(
  `solved in ${solveSeconds.toFixed(2)} s, CPU ${(cpuSeconds() - cpuStart).toFixed(2)} s (${plan.value.stages} programmes); constraints broken: ${violations.length}; peak resident memory ${mib(process.resourceUsage().maxRSS * 1024)} MiB; load after: ${load()}`,
);

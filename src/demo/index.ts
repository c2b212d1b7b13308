/** @module The public surface of `src/demo`: the generated demo federation. */
export type { GeneratedBody } from "./builder.js";
export { DEMO_SHAPES, type DemoShape } from "./demo-shape.js";
export {
  type GeneratedFederation,
  type GenerateOptions,
  generateFederation,
} from "./generate.js";
export { SeededRandom } from "./random.js";
export type { ShapeRecord } from "./shapes.js";
export type { Person } from "./simulator.js";
export type { PlanRecord } from "./story-plan.js";

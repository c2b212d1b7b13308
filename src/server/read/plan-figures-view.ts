/**
 * @module A carried plan's figures for the pages (#15): planning's planFigures, read once per
 * variant this hub holds (the fold's records do not change; a variant object is the key), so a
 * plan motion's page and the plan view do not re-check a certificate at every read.
 */
import type { PlanFiguresView } from "../../api/index.js";
import type { PlanVariant } from "../../core/index.js";
import { planFigures } from "../../planning/index.js";

const read = new WeakMap<PlanVariant, PlanFiguresView | null>();

/** The variant's figures, or null when its carried plan does not read (the fold checked it). */
export function figuresOf(variant: PlanVariant): PlanFiguresView | null {
  if (read.has(variant)) return read.get(variant)!;
  const f = planFigures(variant.label, variant.plan);
  const out = f.ok ? (f.value as PlanFiguresView) : null;
  read.set(variant, out);
  return out;
}

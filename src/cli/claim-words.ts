/** @module A claim about a body, in words: what its attesters told (or would tell) a council. */
import type { Claim, FoldState } from "../core/index.js";
import { memberName } from "./names.js";
import { pickText } from "./render.js";
import { say } from "./words.js";

/** What a claim says, in a few words (null: a supersession of an earlier claim). */
export function describeClaim(
  state: FoldState,
  claim: Claim | null,
  body: string,
  lang: string,
): string {
  if (claim === null) return say(lang, "claim.supersede");
  switch (claim.kind) {
    case "seats":
      return say(lang, "claim.seats", {
        names: claim.elected.map((e) => e.name).join(", ") || "—",
      });
    case "recall":
    case "vacancy":
      return say(lang, `claim.${claim.kind}`, {
        name: memberName(state, claim.member, body),
      });
    case "mandate":
      return say(lang, "claim.mandate", { count: claim.positions.length });
    case "members":
      return say(lang, "claim.members", { count: claim.count });
    case "demand":
      return say(lang, "claim.demand", {
        // Empty once a redaction claim removed the words on the council.
        title:
          Object.keys(claim.title).length === 0
            ? say(lang, "motion.words-removed")
            : pickText(claim.title, lang),
      });
    case "answers": {
      const call =
        state.calls.get(claim.call)?.title ??
        state.motions.get(claim.call)?.title;
      return say(lang, "claim.answers", {
        title: call ? pickText(call, lang) : claim.call.slice(0, 10),
      });
    }
    case "referendum": {
      const title =
        state.referendums.get(claim.referendum)?.title ??
        state.motions.get(claim.referendum)?.title;
      const sum = [0, 0, 0];
      for (const e of claim.entries)
        for (let k = 0; k < sum.length; k++) sum[k]! += e.counts[k] ?? 0;
      return say(lang, "claim.referendum", {
        title: title ? pickText(title, lang) : claim.referendum.slice(0, 10),
        bodies: claim.entries.length,
        yes: sum[0]!,
        no: sum[1]!,
        abstain: sum[2]!,
      });
    }
    case "attesters":
      return say(lang, "claim.attesters", {
        count: claim.attesters.length,
        threshold: claim.threshold,
      });
    case "redaction":
      return say(lang, "claim.redaction", { count: claim.events.length });
    case "plan-totals":
      return say(lang, "claim.plan-totals", {
        period: claim.period,
        needs: claim.totals.needs.length,
        supply: claim.totals.supply.length,
      });
  }
}

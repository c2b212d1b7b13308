/** @module `kenges verify`: re-checks every hash, signature and chain and refolds from nothing. */

import { formatError } from "../../i18n/index.js";
import { verifyReplica } from "../../replica/index.js";
import type { Command } from "../command.js";
import { withSession } from "../session.js";

export const verifyCommand: Command = {
  name: "verify",
  summary:
    "re-check every event and the fold from scratch; non-zero exit on any integrity failure",
  usage: "kenges verify [--json]",
  async run(args, io) {
    return withSession(
      args,
      io,
      async (s) => {
        const report = await verifyReplica(
          s.replica.store,
          s.replica.pool ? { pool: s.replica.pool } : {},
        );
        const { problems, ...summary } = report;
        s.print(report.ok ? summary : report, () => {
          const lines = [
            report.ok ? "ok" : "INTEGRITY FAILURE",
            `${report.events} events, ${report.invalid} invalid, ${report.quarantined} in quarantine`,
            report.ok ? `state hash ${report.stateHash}` : "",
          ];
          for (const p of problems.slice(0, 20))
            lines.push(
              `${p.id ?? "store"}: ${p.code} — ${formatError("en", p.code, p.details)}`,
            );
          return lines.filter((l) => l !== "").join("\n");
        });
        return report.ok ? 0 : 1;
      },
      { pool: true },
    );
  },
};

/**
 * @module `kenges verify`: re-checks every hash, signature and chain and refolds from nothing.
 * It reads the store directly (never through a replica, which would refuse a damaged store).
 */
import { formatError, isLanguage } from "../../i18n/index.js";
import { SignaturePool, verifyReplica } from "../../replica/index.js";
import { type Command, stringFlag } from "../command.js";
import { dataDir, openStoreOnly } from "../data-dir.js";
import { dataKeyFor } from "../data-key.js";
import { DB_FLAG_USAGE, databaseOf } from "../database-url.js";
import { say } from "../words.js";

export const verifyCommand: Command = {
  name: "verify",
  usage: `kenges verify [--db URL] [--json]     (--json: with the hash of every scope's records)
${DB_FLAG_USAGE}; verifying a database needs no data directory`,
  async run(args, io) {
    const dir = dataDir(args, io);
    const store = await openStoreOnly(
      dir,
      () => dataKeyFor(dir, args, io, { create: false }),
      databaseOf(args, io),
    );
    const asked = stringFlag(args, "lang") ?? io.env.KENGES_LANG ?? "en";
    const lang = isLanguage(asked) ? asked : "en";
    const pool = new SignaturePool(2);
    try {
      const report = await verifyReplica(store, { pool });
      const { problems, ...summary } = report;
      if (args.flags.get("json") === true)
        io.stdout(`${JSON.stringify(report.ok ? summary : report, null, 2)}\n`);
      else {
        const scopes = Object.entries(report.scopes);
        const lines = [
          say(lang, report.ok ? "verify.ok" : "verify.failure"),
          say(lang, "verify.counts", {
            events: report.events,
            scopes: scopes.length,
            invalid: report.invalid,
            quarantined: report.quarantined,
          }),
        ];
        // Each scope's hash is in --json (and in kenges state); here only the whole.
        if (report.ok)
          lines.push(say(lang, "state.hash", { hash: report.stateHash }));
        if (report.payloadPending.length > 0)
          lines.push(
            say(lang, "verify.pending", {
              count: report.payloadPending.length,
              ids: report.payloadPending.slice(0, 20).join(" "),
            }),
          );
        for (const c of report.secretBallots) {
          const invalid = Object.entries(c.invalid)
            .map(([code, n]) => `${code} ×${n}`)
            .join(", ");
          lines.push(
            say(lang, "verify.secret", {
              motion: c.motion.slice(0, 12),
              roll: c.rollSize,
              requests: c.requests,
              issued: c.issued.join("/"),
              ballots: c.ballots,
              invalid: invalid === "" ? "0" : invalid,
            }),
          );
          if (c.doubleSpends.length > 0)
            lines.push(
              say(lang, "verify.secret-double-spends", {
                count: c.doubleSpends.length,
                ids: c.doubleSpends.map((id) => id.slice(0, 12)).join(" "),
              }),
            );
          if (c.overIssued) lines.push(say(lang, "verify.secret-over-issued"));
        }
        for (const p of problems.slice(0, 20))
          lines.push(
            `${p.id ?? say(lang, "verify.store")}: ${p.code} — ${formatError(lang, p.code, p.details)}`,
          );
        io.stdout(`${lines.join("\n")}\n`);
      }
      return report.ok ? 0 : 1;
    } finally {
      await pool.close();
      await store.close();
    }
  },
};

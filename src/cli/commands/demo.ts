/**
 * @module `kenges demo`: builds the demo federation into an empty data directory and keeps
 * every demo person's keys, so a user can act as any of them (`--as p12`, `--as Aigerim`).
 */
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { toHex } from "../../crypto/index.js";
import { generateFederation } from "../../demo/index.js";
import { highsSolver } from "../../planning/index.js";
import type { ParsedArgs } from "../args.js";
import { CliError } from "../cli-error.js";
import type { Command, CommandIo } from "../command.js";
import { dataDir, isEmptyDir } from "../data-dir.js";
import { refuseFilledDatabase } from "../database-store.js";
import {
  DB_FLAG_USAGE,
  databaseOf,
  type PostgresDatabase,
} from "../database-url.js";
import { DEMO_KEYS_FILE, writeDemoKeysFile } from "../demo-keys-file.js";
import { intFlag } from "../flags.js";
import type { DemoPerson } from "../keyring.js";
import { pickText } from "../render.js";
import { withSession } from "../session.js";
import { say } from "../words.js";

function* batchesOf<T>(
  items: readonly T[],
  size: number,
): Generator<readonly T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** The seed of the demo everyone gets unless they ask for another. */
export const DEFAULT_DEMO_SEED = 2026;

export const demoCommand: Command = {
  name: "demo",
  usage: `kenges demo [--seed N] [--db URL] [--json]
${DB_FLAG_USAGE}; the database must hold no events yet`,
  async run(args, io) {
    const dir = dataDir(args, io);
    if (!isEmptyDir(dir)) throw new CliError("STORE_NOT_EMPTY", { path: dir });
    const seed = intFlag(args, "seed", 0, 2 ** 32 - 1) ?? DEFAULT_DEMO_SEED;
    const db = databaseOf(args, io);
    if (db !== null) await refuseFilledDatabase(db);
    const made = !existsSync(dir);
    try {
      return await build(args, io, seed, db);
    } catch (e) {
      // A demo that failed half-way leaves nothing behind: the directory was empty before.
      if (made) rmSync(dir, { recursive: true, force: true });
      else
        for (const f of readdirSync(dir))
          rmSync(join(dir, f), { recursive: true, force: true });
      throw e;
    }
  },
};

async function build(
  args: ParsedArgs,
  io: CommandIo,
  seed: number,
  db: PostgresDatabase | null,
): Promise<number> {
  return withSession(
    args,
    io,
    async (s) => {
      // No time limit: HiGHS is deterministic without one, so the seed gives the same plan.
      const solver = await highsSolver();
      const generated = (() => {
        try {
          return generateFederation({ seed, solver });
        } finally {
          solver.release();
        }
      })();
      const report = await s.replica.ingestBatches(
        batchesOf(generated.events, 5000),
        "demo",
        undefined,
        { import: true },
      );
      if (report.rejected > 0 || report.quarantined > 0)
        throw new CliError("INTERNAL", {
          rejected: report.rejections.slice(0, 3),
        });
      const roles = new Map<string, string[]>();
      const addRole = (id: string, role: string) =>
        roles.set(id, [...(roles.get(id) ?? []), role]);
      for (const c of generated.coordinators) addRole(c.id, "coordinator");
      for (const b of generated.bodies) {
        addRole(b.chair.id, `chair: ${pickText(b.name, "en")}`);
        for (const m of b.members)
          if (m !== b.chair) addRole(m.id, `member: ${pickText(b.name, "en")}`);
        for (const a of b.attesters)
          addRole(a.id, `attester: ${pickText(b.name, "en")}`);
      }
      const people: DemoPerson[] = generated.people.map((p) => ({
        label: p.label,
        name: p.name,
        publicKey: p.id,
        secretKey: toHex(p.key.secretKey),
        devices: p.devices.map((d) => ({
          publicKey: toHex(d.publicKey),
          secretKey: toHex(d.secretKey),
        })),
        roles: roles.get(p.id) ?? [],
      }));
      writeDemoKeysFile(s.dir, s.dataKey, {
        warning: "DEMO ONLY: these secret keys are derived from a public seed.",
        seed,
        federation: generated.federation,
        people,
      });
      await s.replica.flush();
      const snapshot = s.replica.fold.state;
      const summary = {
        federation: generated.federation,
        seed,
        events: s.replica.fold.size,
        bodies: snapshot.bodies.size,
        people: generated.people.length,
        scopes: s.replica.fold.heldScopes().length,
        motions: snapshot.motions.size,
        stateHash: s.replica.stateHash(),
      };
      s.print(summary, () =>
        [
          say(s.lang, "demo.federation", { id: summary.federation, seed }),
          say(s.lang, "demo.counts", summary),
          say(s.lang, "state.hash", { hash: summary.stateHash }),
          say(s.lang, "demo.act-as", {
            file: DEMO_KEYS_FILE,
            commands: `kenges --as p0 state, kenges --as "${generated.bodies[3]?.chair.name ?? "p1"}" motion list`,
          }),
        ].join("\n"),
      );
      return 0;
    },
    { create: true, pool: true, demo: true, db },
  );
}

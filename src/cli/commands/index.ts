/**
 * @module Every `kenges` command, by name, with the line `kenges --help` shows — and its code
 * loaded only when it runs: `--help` and a command that needs little should not pay for the
 * server, sync and fold every other command brings.
 */
import type { Command } from "../command.js";

/** A command as the help lists it; `load` brings its code. */
export interface CommandEntry {
  readonly name: string;
  /** One line for `kenges --help`. */
  readonly summary: string;
  /** False for a command that never opens a data directory (nothing to unlock early, main.ts). */
  readonly opensData?: false;
  load(): Promise<Command>;
}

const commands: CommandEntry[] = [
  {
    name: "init",
    summary: "create a new federation, with the operator's key as its founder",
    load: async () => (await import("./init.js")).initCommand,
  },
  {
    name: "demo",
    summary:
      "build the demo federation (an oil and gas region) into an empty data directory",
    load: async () => (await import("./demo.js")).demoCommand,
  },
  {
    name: "data",
    summary:
      "change the data directory's passphrase; encrypt a directory an older Kenges left unencrypted",
    load: async () => (await import("./data.js")).dataCommand,
  },
  {
    name: "panic",
    summary:
      "destroy the data directory's key file at once: nothing here opens again, with any passphrase",
    opensData: false,
    load: async () => (await import("./panic.js")).panicCommand,
  },
  {
    name: "key",
    summary:
      "create, show, export and import keys; add a device, revoke a key, rotate a lost key",
    load: async () => (await import("./key.js")).keyCommand,
  },
  {
    name: "state",
    summary:
      "show the state of the federation held here, scope by scope (--json: everything, with the hashes)",
    load: async () => (await import("./state.js")).stateCommand,
  },
  {
    name: "log",
    summary:
      "list the events held here in fold order (newest last), with scope and validity",
    load: async () => (await import("./log.js")).logCommand,
  },
  {
    name: "verify",
    summary:
      "re-check every event and the fold from scratch, scope by scope; non-zero exit on any integrity failure",
    load: async () => (await import("./verify.js")).verifyCommand,
  },
  {
    name: "body",
    summary: "create, rename, link, dissolve, list and show bodies",
    load: async () => (await import("./body.js")).bodyCommand,
  },
  {
    name: "member",
    summary: "join a body, endorse a join request, leave, list members",
    load: async () => (await import("./member.js")).memberCommand,
  },
  {
    name: "meeting",
    summary:
      "convene a meeting; its agenda, check-in, speakers' list and close",
    load: async () => (await import("./meeting.js")).meetingCommand,
  },
  {
    name: "motion",
    summary: "open, amend, withdraw, list and show motions",
    load: async () => (await import("./motion.js")).motionCommand,
  },
  {
    name: "vote",
    summary: "cast a ballot on a motion",
    load: async () => (await import("./motion.js")).voteCommand,
  },
  {
    name: "registrar",
    summary:
      "offer to be a registrar of a secret motion, and answer members' token requests",
    load: async () => (await import("./registrar.js")).registrarCommand,
  },
  {
    name: "close",
    summary:
      "close the vote on a motion, stating the result its count gives (chairs)",
    load: async () => (await import("./motion.js")).closeCommand,
  },
  {
    name: "comment",
    summary: "comment on an open motion",
    load: async () => (await import("./motion.js")).commentCommand,
  },
  {
    name: "redact",
    summary:
      "drop a comment, a join request's name or a motion's words everywhere (chairs, where the rules allow; authors, their own)",
    load: async () => (await import("./motion.js")).redactCommand,
  },
  {
    name: "delegate",
    summary:
      "elect and recall a body's delegates to a council; show delegates per council and their records",
    load: async () => (await import("./federation.js")).delegateCommand,
  },
  {
    name: "committee",
    summary:
      "elect and recall the members of a committee accountable to a body; seat the decision in the committee",
    load: async () => (await import("./committee.js")).committeeCommand,
  },
  {
    name: "mandate",
    summary:
      "propose a mandate for a body's delegates on a council; show the mandate adopted and the one attested",
    load: async () => (await import("./federation.js")).mandateCommand,
  },
  {
    name: "demand",
    summary:
      "carry an adopted demand up to a council (an attester signs it); list a council's demands with their support",
    load: async () => (await import("./federation.js")).demandCommand,
  },
  {
    name: "call",
    summary:
      "issue a call to action from a council, answer it for a body, see how it spread",
    load: async () => (await import("./federation.js")).callCommand,
  },
  {
    name: "referendum",
    summary:
      "put a question to every body below a council, vote on it in a body, see the results summed by attestation",
    load: async () => (await import("./referendum.js")).referendumCommand,
  },
  {
    name: "attest",
    summary:
      "as an attester of a body, sign every fact of its log the councils above do not hold yet",
    load: async () => (await import("./attest.js")).attestCommand,
  },
  {
    name: "audit",
    summary:
      "check what a body's attesters told the councils above against the body's own log",
    load: async () => (await import("./audit.js")).auditCommand,
  },
  {
    name: "tally",
    summary: "Count a ballot file (.blt, .soi, .toi) and print the count sheet",
    opensData: false,
    load: async () => (await import("./tally.js")).tallyCommand,
  },
  {
    name: "plan",
    summary:
      "plan production: the input-output model of a table (coefficients, Leontief inverse, multipliers)",
    opensData: false,
    load: async () => (await import("./plan.js")).planCommand,
  },
  {
    name: "ballots",
    summary: "export the counted ballots of a decided election as a BLT file",
    load: async () => (await import("./recount.js")).ballotsCommand,
  },
  {
    name: "serve",
    summary: "run the hub: the HTTP API, the live feed and the web app",
    load: async () => (await import("./serve.js")).serveCommand,
  },
  {
    name: "sync",
    summary: "reconcile this replica with a hub, both directions, once",
    load: async () => (await import("./sync.js")).syncCommand,
  },
  {
    name: "peer",
    summary:
      "the hubs this replica syncs with continuously: add, remove, list, sync now",
    load: async () => (await import("./peer.js")).peerCommand,
  },
  {
    name: "export",
    summary:
      "write a bundle for the sneakernet: what a peer lacks, or everything",
    load: async () => (await import("./export.js")).exportCommand,
  },
  {
    name: "import",
    summary:
      "verify and fold a bundle file (creates the replica in an empty data directory)",
    load: async () => (await import("./import.js")).importCommand,
  },
  {
    name: "frontier",
    summary:
      "write this replica's frontiers to a file (for kenges export --since)",
    load: async () => (await import("./frontier.js")).frontierCommand,
  },
];

/** Commands by name, in the order `kenges --help` lists them. */
export const COMMANDS: ReadonlyMap<string, CommandEntry> = new Map(
  commands.map((c) => [c.name, c]),
);

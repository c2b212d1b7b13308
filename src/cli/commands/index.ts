/** @module Every `kenges` command, by name. */
import type { Command } from "../command.js";
import { attestCommand } from "./attest.js";
import { auditCommand } from "./audit.js";
import { bodyCommand } from "./body.js";
import { demoCommand } from "./demo.js";
import { exportCommand } from "./export.js";
import {
  callCommand,
  delegateCommand,
  demandCommand,
  mandateCommand,
} from "./federation.js";
import { frontierCommand } from "./frontier.js";
import { importCommand } from "./import.js";
import { initCommand } from "./init.js";
import { keyCommand } from "./key.js";
import { logCommand } from "./log.js";
import { memberCommand } from "./member.js";
import {
  closeCommand,
  commentCommand,
  motionCommand,
  redactCommand,
  voteCommand,
} from "./motion.js";
import { peerCommand } from "./peer.js";
import { ballotsCommand } from "./recount.js";
import { serveCommand } from "./serve.js";
import { stateCommand } from "./state.js";
import { syncCommand } from "./sync.js";
import { tallyCommand } from "./tally.js";
import { verifyCommand } from "./verify.js";

const commands: Command[] = [
  initCommand,
  demoCommand,
  keyCommand,
  stateCommand,
  logCommand,
  verifyCommand,
  bodyCommand,
  memberCommand,
  motionCommand,
  voteCommand,
  closeCommand,
  commentCommand,
  redactCommand,
  delegateCommand,
  mandateCommand,
  demandCommand,
  callCommand,
  attestCommand,
  auditCommand,
  tallyCommand,
  ballotsCommand,
  serveCommand,
  syncCommand,
  peerCommand,
  exportCommand,
  importCommand,
  frontierCommand,
];

/** Commands by name, in the order `kenges --help` lists them. */
export const COMMANDS: ReadonlyMap<string, Command> = new Map(
  commands.map((c) => [c.name, c]),
);

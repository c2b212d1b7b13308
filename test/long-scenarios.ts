/**
 * @module The long scenarios: whole journeys across several `kenges` processes that take
 * most of a minute each on two cores. `npm test` leaves them out to stay within its time;
 * `npm run test:scenarios` runs them, and CI runs both.
 */
export const LONG_SCENARIOS = [
  // The clustered 3,000-product plan (#15): 10–20 s of HiGHS.
  "src/planning/plan-solve.large.test.ts",
  "test/cli/guide.test.ts",
  "test/sync/three-hubs.test.ts",
  "test/server/attack-memory.test.ts",
  // Devices and the command line beside a running hub: two hubs and a dozen commands, and two
  // browser journeys (test/cli/one-writer.test.ts keeps one command through a hub in npm test).
  "test/cli/through-hub.test.ts",
  "test/e2e/second-device.test.ts",
  "test/e2e/restore-lost-device.test.ts",
  // A week of a member's offline copy: four unlocks, two hub restarts, a second hub.
  "test/e2e/offline-week.test.ts",
  // Whole journeys over the demo federation, each most of a minute on two cores with the
  // encrypted demo (npm test took 680 s with them, over its 10 minutes): the data directory
  // at rest (demo, serve, panic, bundles), the CLI's own tour, and four browser journeys.
  "test/cli/at-rest.test.ts",
  "test/cli/cli.test.ts",
  "test/cli/call-counts.test.ts",
  "test/e2e/seized-phone.test.ts",
  "test/e2e/call-dashboard-live.test.ts",
  "test/e2e/demand-rises.test.ts",
  "test/e2e/elect-recall-delegate.test.ts",
  // A chair endorses a member's new key from the body page (a demo hub and a browser).
  "test/e2e/endorse-new-key.test.ts",
  // A member deletes a comment of their own from the motion page.
  "test/e2e/delete-own-comment.test.ts",
  // Moved here to keep npm test within its ten minutes on two cores (it took 672 s with them):
  // sessions under attack against a served demo (and a frozen key's way back), a secret vote
  // through a running hub, and the home page's "waiting for you" in Chromium.
  "test/server/attack-sessions.test.ts",
  "test/cli/secret-vote-through-hub.test.ts",
  "test/e2e/waiting-for-you.test.ts",
  // A secret vote on two phones: registrars' keys made in the browser, tokens, one ballot
  // cast offline, the close, "your ballot was counted" (two Chromiums and a hub, ~2 minutes).
  "test/e2e/secret-vote.test.ts",
  // Registrars answering from the command line on the hub's laptop, a member voting on a phone.
  "test/e2e/cli-registrar-answers-phone.test.ts",
  // A meeting from the command line: five members, two dozen commands (about 45 s on two cores).
  "test/cli/meeting.test.ts",
  // The key unlocked once per visit: reloads, a second tab, lock, the idle time (a browser).
  "test/e2e/unlock-once.test.ts",
  // A timed motion: a chair puts it, a member votes before the deadline, and after it three
  // members' words close it (waits most of a minute for the closing time to come).
  "test/e2e/timed-motion.test.ts",
  // Moved here to keep npm test within its ten minutes on two cores (it took 673 s with them):
  // a newcomer joining by invite and vouched for, and the look-alike name warning.
  "test/e2e/join-assembly.test.ts",
  "test/e2e/join-lookalike-warning.test.ts",
  // Every main page in four languages with axe-core's audit on each (about a minute): moved
  // here when the audit joined it, to keep npm test within its ten minutes.
  "test/e2e/pages-in-four-languages.test.ts",
  // A meeting in the hall: three phones and a projector in one Chromium, the door's code
  // waited for until it changes (up to ten seconds), check-ins, speakers, a close (~1 minute).
  "test/e2e/meeting-in-the-hall.test.ts",
  // A chair removes a doxxing join request's name and a doxxing motion's words from their
  // phone; the words are then in no record of the phone's copy (a demo hub and a browser).
  "test/e2e/redact-doxxing.test.ts",
  // Moved here to keep npm test within its ten minutes on two cores (1,005 s at load 10 with
  // them): a vote cast offline in Chromium, an amendment voted in Chromium, and a secret vote
  // through a dozen CLI processes.
  "test/e2e/offline-vote.test.ts",
  "test/e2e/motion-amend-vote.test.ts",
  "test/cli/secret-vote.test.ts",
  // A vote in a meeting among those present at its opening, the speaker's countdown, and the
  // minutes opened and adopted by a vote (three phones and a projector, ~1 minute).
  "test/e2e/meeting-vote-and-minutes.test.ts",
  // A meeting on a --tls LAN hub at this machine's LAN address: check-in by the projector's
  // QR, the agenda and the meeting's chair by votes, speakers, an amendment, quorum lost and
  // regained, minutes adopted (three phones and a projector, a few minutes on two cores).
  "test/e2e/meeting-on-a-lan-hub.test.ts",
  // A meeting demanded by its members: a rules motion, four phones and a second one that
  // missed the news, the count on each after each signature, four languages (~1 minute).
  "test/e2e/meeting-demand.test.ts",
  // The minutes of a meeting of eight items printed to PDF in English and Urdu, and the
  // phone's "Print or save as PDF" (a hub, forty API calls a item, a Chromium; ~1 minute).
  "test/e2e/minutes-print.test.ts",
  // The whole demo into PostgreSQL and served from it beside a hub on the SQLite demo
  // (minutes on two busy cores); test/cli/serve-postgres.test.ts keeps a small federation
  // and the error codes in npm test.
  "test/cli/serve-postgres-demo.test.ts",
  // Failover (#16): pg_auto_failover's monitor and two nodes on loopback, a write storm
  // through two hubs, the primary killed; the monitor's own timeouts make it ~3 minutes.
  "test/server/postgres-failover.test.ts",
  // A workplace chair declares a need and a process on the plan page (#15), in Russian and
  // Urdu; another workplace's chair is refused (a demo hub and two Chromiums).
  "test/e2e/plan-declare.test.ts",
  // A member ranks a plan motion's variants side by side and votes; the adopted plan shows as
  // charts on the plan page, in English and Urdu (#15).
  "test/e2e/plan-vote.test.ts",
];

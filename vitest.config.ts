import { defineConfig } from "vitest/config";
import { LONG_SCENARIOS } from "./test/long-scenarios.js";
import SummaryReporter from "./test/summary-reporter.js";

/** `npm test`: everything but the long scenarios; `npm run test:scenarios` (KENGES_SCENARIOS=1) runs those. */
const scenarios = process.env.KENGES_SCENARIOS === "1";

export default defineConfig({
  test: {
    include: scenarios
      ? LONG_SCENARIOS
      : ["src/**/*.test.ts", "test/**/*.test.ts", "bench/**/*.test.ts"],
    exclude: scenarios ? [] : [...LONG_SCENARIOS, "**/node_modules/**"],
    reporters: [new SummaryReporter()],
    setupFiles: ["./test/setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Vitest runs cores − 1 files at once by default: one on these two-core machines, where
    // most files spend much of their time waiting on a hub, a CLI or a browser they started
    // (`npm test` used 517 s of CPU in 888 s). Two at once, each robust at half speed (the
    // whole suite passed so at load 9–11). The long scenarios keep one at a time: each is a
    // journey of several processes already.
    maxWorkers: scenarios ? 1 : 2,
    // Every data directory is encrypted (src/at-rest): the CLIs and hubs the tests run, in
    // their process or spawned, get its passphrase from here. scrypt at 2^14 instead of 2^17
    // keeps hundreds of directories from costing minutes; a key file made so says its cost.
    env: {
      KENGES_DATA_PASSPHRASE: "test data passphrase",
      KENGES_DATA_SCRYPT_N: "16384",
      KENGES_BUNDLE_PASSPHRASE: "test bundle passphrase",
    },
  },
});

/** @module Prints one machine-readable line after the default output: `N passed, N failed, N skipped`. */
import type { TestModule } from "vitest/node";
import { DefaultReporter } from "vitest/node";

export default class SummaryReporter extends DefaultReporter {
  override onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    ...rest: Parameters<DefaultReporter["onTestRunEnd"]> extends [
      unknown,
      ...infer R,
    ]
      ? R
      : never
  ) {
    const result = super.onTestRunEnd(testModules, ...rest);
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      let failedHere = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed++;
        else if (state === "failed") failedHere++;
        else skipped++;
      }
      // A file that failed outside its tests (it did not load, a beforeAll threw) counts as
      // one failure, so the line never says "0 failed" for a red run.
      if (module.state() === "failed" && failedHere === 0) failedHere = 1;
      failed += failedHere;
    }
    process.stdout.write(
      `\n${passed} passed, ${failed} failed, ${skipped} skipped\n`,
    );
    return result;
  }
}

/**
 * `kenges serve` refuses a flag it does not know — a misspelt limit would otherwise leave the
 * hub uncapped while the operator believes it capped — and a limit out of range, each with a
 * stable code and exit status 2, before it opens anything.
 */
import { describe, expect, it } from "vitest";
import type { CommandIo } from "../../src/cli/command.js";
import { runCli } from "../../src/cli/main.js";

async function kenges(args: string[]) {
  let stderr = "";
  const io: CommandIo = {
    stdout: () => {},
    stderr: (t) => {
      stderr += t;
    },
    env: {},
    cwd: "/nonexistent-kenges-dir",
    readPassphrase: async () => "",
  };
  return { code: await runCli(args, io), stderr };
}

describe("kenges serve's flags", () => {
  it("refuses a misspelt limit with FLAG_UNKNOWN", async () => {
    const r = await kenges(["serve", "--sync-socket", "10"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^kenges: FLAG_UNKNOWN: .*--sync-socket\b/);
  });

  it.each([
    ["--sync-sockets", "0"],
    ["--sync-sockets-per-address", "many"],
    ["--sync-buffered-bytes", "1000"],
    ["--live-sockets-per-address", "-1"],
    ["--address-burst", "0"],
  ])("refuses %s %s with FLAG_INVALID", async (flag, value) => {
    const r = await kenges(["serve", flag, value]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^kenges: FLAG_INVALID: /);
  });
});

import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createDataKeyFile, dataSubkey } from "../../at-rest/index.js";
import { generateFederation } from "../../demo/index.js";
import { Replica } from "../../replica/index.js";
import { openSqliteStore } from "../../store/index.js";
import { parseArgs } from "../args.js";
import { CliError } from "../cli-error.js";
import type { CommandIo } from "../command.js";
import { STORE_FILE } from "../data-dir.js";
import { dataDirStoreCipher } from "../data-key.js";
import { tallyCommand } from "./tally.js";

const food = `5 3
4 1 0
2 2 1 0
8 3 4 0
4 3 5 0
1 4 0
1 5 0
0
"Oranges"
"Pears"
"Chocolate"
"Strawberries"
"Sweets"
"Food election"
`;

const dir = mkdtempSync(join(tmpdir(), "kenges-tally-"));
writeFileSync(join(dir, "food.blt"), food);
writeFileSync(
  join(dir, "food.soi"),
  "# NUMBER ALTERNATIVES: 2\n# ALTERNATIVE NAME 1: A\n# ALTERNATIVE NAME 2: B\n3: 1\n2: 2,1\n",
);
writeFileSync(join(dir, "broken.blt"), "2 1\n1 1 3 0\n0\n");
writeFileSync(join(dir, "food.txt"), food);

async function run(line: string): Promise<{ code: number; out: string }> {
  let out = "";
  const io: CommandIo = {
    stdout: (text) => {
      out += text;
    },
    stderr: () => {},
    // The data directory's passphrase, from vitest.config.ts (the directory is encrypted).
    env: {
      KENGES_DATA_PASSPHRASE: process.env.KENGES_DATA_PASSPHRASE,
      KENGES_DATA_SCRYPT_N: process.env.KENGES_DATA_SCRYPT_N,
    },
    cwd: dir,
    readPassphrase: async () => "",
  };
  const code = await tallyCommand.run(
    parseArgs(line.split(" ").filter(Boolean)),
    io,
  );
  return { code, out };
}

async function failure(line: string): Promise<CliError> {
  try {
    await run(line);
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error(`no failure: ${line}`);
}

describe("kenges tally", () => {
  it("prints the count sheet of a BLT file, with seats from its header", async () => {
    const { code, out } = await run("food.blt --method scottish-stv");
    expect(code).toBe(0);
    expect(out).toContain("Seats: 3");
    expect(out).toContain("Elected: Chocolate, Oranges, Strawberries");
  });

  it("prints the count sheet in the language of --lang", async () => {
    const { out } = await run("food.blt --method scottish-stv --lang kk");
    expect(out).toContain("Орын: 3");
    expect(out).toContain("Сайланды: Chocolate, Oranges, Strawberries");
    expect(out).not.toContain("Seats");
  });

  it("prints JSON with method, seats, elected names in order and rounds", async () => {
    const { out } = await run("food.blt --method scottish-stv --json");
    const json = JSON.parse(out);
    expect(json.method).toBe("scottish-stv");
    expect(json.seats).toBe(3);
    expect(json.elected).toEqual(["Chocolate", "Oranges", "Strawberries"]);
    expect(json.rounds[0].tallies).toEqual({
      Oranges: 4,
      Pears: 2,
      Chocolate: 12,
      Strawberries: 1,
      Sweets: 1,
    });
  });

  it("lets --seats override the header, and reads PrefLib files by extension", async () => {
    expect(
      JSON.parse(
        (await run("food.blt --method plurality --seats 1 --json")).out,
      ).elected,
    ).toEqual(["Chocolate"]);
    expect(
      JSON.parse((await run("food.soi --method irv --seats 1 --json")).out)
        .elected,
    ).toEqual(["A"]);
  });

  const almond = resolve(
    dirname(fileURLToPath(import.meta.url)),
    "../../../test/data/elections/edinburgh2017-w01-almond.blt",
  );
  it.skipIf(!existsSync(almond))(
    "counts a real election file given by an absolute path",
    async () => {
      const file = almond;
      const { out } = await run(`${file} --method scottish-stv --json`);
      expect(
        JSON.parse(out)
          .elected.map((n: string) => n.replace(/\s+/g, " "))
          .sort(),
      ).toEqual([
        "Graham HUTCHISON",
        "Kevin LANG",
        "Louise YOUNG",
        "Norrie WORK",
      ]);
    },
  );

  it("fails with a stable code and details for every expected problem", async () => {
    const codes = await Promise.all(
      [
        "--method irv",
        "food.blt",
        "food.blt --method borda",
        "food.blt --method yes-no-abstain",
        "food.soi --method irv",
        "food.blt --method irv",
        "food.blt --method plurality --seats two",
        "food.txt --method irv --seats 1",
        "missing.blt --method irv --seats 1",
        "broken.blt --method irv",
      ].map(async (line) => (await failure(line)).code),
    );
    expect(codes).toEqual([
      "TALLY_FILE_REQUIRED",
      "TALLY_METHOD_REQUIRED",
      "TALLY_UNKNOWN_METHOD",
      "TALLY_NOT_AN_ELECTION_METHOD",
      "SEATS_REQUIRED",
      "TALLY_SEATS_NOT_SUPPORTED",
      "TALLY_BAD_SEATS",
      "TALLY_UNKNOWN_FORMAT",
      "TALLY_FILE_UNREADABLE",
      "BLT_UNKNOWN_CANDIDATE",
    ]);
    expect((await failure("broken.blt --method irv")).details).toEqual({
      file: "broken.blt",
      line: 2,
      candidate: 3,
    });
  });
});

describe("kenges tally --motion", () => {
  it("recounts a decided election of a format-2 log and finds what its close stated", async () => {
    const g = generateFederation({
      seed: 4,
      regions: 1,
      townsPerRegion: 1,
      workplacesPerTown: 2,
      members: [5, 7],
      motions: [1, 1],
    });
    const data = join(dir, "federation");
    mkdirSync(data);
    // Encrypted as `kenges init` makes a directory, so the CLI opens it.
    const key = await createDataKeyFile(
      data,
      process.env.KENGES_DATA_PASSPHRASE!,
      {
        scryptN: 2 ** 14,
      },
    );
    const replica = await Replica.open(
      await openSqliteStore(join(data, STORE_FILE), {
        key: dataSubkey(key, "sqlite"),
        cipher: dataDirStoreCipher(data),
      }),
    );
    expect((await replica.ingest(g.events)).rejected).toBe(0);
    const election = [...replica.fold.state.motions.values()].find(
      (m) =>
        m.kind === "election" &&
        m.status === "decided" &&
        m.method === "scottish-stv",
    )!;
    await replica.close();
    const { code, out } = await run(
      `--data ${data} --motion ${election.id} --json`,
    );
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({
      motion: election.id,
      method: "scottish-stv",
      matches: true,
    });
  });
});

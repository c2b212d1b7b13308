#!/usr/bin/env node
// Runs before `npm test`: makes sure what the tests need from outside npm is here —
// Debian's chromium and Noto fonts (browser tests) and a PostgreSQL server on 127.0.0.1:5432
// (store contract suite), and pg_auto_failover for PostgreSQL 15 (the failover scenario, a
// monitor and two nodes of its own in temporary folders). Installs and starts them when
// missing and we may (root, apt-get).
import { execSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { connect } from "node:net";

const say = (m) => console.log(`[system-deps] ${m}`);
const isRoot = process.getuid?.() === 0;
const has = (cmd) => spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;

function run(cmd) {
  say(cmd);
  execSync(cmd, { stdio: "inherit" });
}

const wanted = [];
if (!existsSync("/usr/bin/chromium")) wanted.push("chromium");
if (!existsSync("/usr/share/fonts/truetype/noto/NotoNastaliqUrdu-Regular.ttf"))
  wanted.push("fonts-noto-core");
if (!has("pg_ctlcluster") && !has("postgres")) wanted.push("postgresql");
// pg_autoctl and the pgautofailover extension, built for PostgreSQL 15 (Debian 12's).
if (!existsSync("/usr/bin/pg_autoctl"))
  wanted.push("postgresql-15-auto-failover");
if (wanted.length) {
  if (!isRoot || !has("apt-get")) {
    say(`missing ${wanted.join(", ")}: install them with apt-get (needs root)`);
  } else {
    // Another apt-get (a second test run starting at the same moment, the machine's own
    // updates) may hold dpkg's lock: wait for it rather than fail the tests.
    const wait = "-o DPkg::Lock::Timeout=600";
    run(`apt-get ${wait} update -qq`);
    run(
      `DEBIAN_FRONTEND=noninteractive apt-get ${wait} install -y -qq ${wanted.join(" ")}`,
    );
  }
}

function portOpen(port) {
  return new Promise((resolve) => {
    const s = connect({ host: "127.0.0.1", port }, () => {
      s.end();
      resolve(true);
    });
    s.on("error", () => resolve(false));
  });
}

if (!process.env.KENGES_TEST_PG_URL && !(await portOpen(5432))) {
  if (isRoot && has("pg_ctlcluster")) {
    const version = execSync("ls /etc/postgresql")
      .toString()
      .trim()
      .split("\n")[0];
    run(`pg_ctlcluster --skip-systemctl-redirect ${version} main start`);
    for (let i = 0; i < 50 && !(await portOpen(5432)); i++)
      await new Promise((r) => setTimeout(r, 200));
  }
  if (!(await portOpen(5432)))
    say("PostgreSQL is not reachable on 127.0.0.1:5432");
}

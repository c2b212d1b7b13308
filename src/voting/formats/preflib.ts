/**
 * @module PrefLib ordinal files (preflib.org, the 2022 format): `.soi` (strict orders, incomplete) and
 * `.toi` (orders with ties, incomplete). Metadata lines start with `#` (`# ALTERNATIVE NAME 3: Ann`,
 * `# NUMBER ALTERNATIVES: 9`, `# NUMBER VOTERS: 6900`, `# TITLE: ...`); each data line is
 * `count: c1,c2,{c3,c4},...` with 1-based candidates best first and braces grouping equal ranks
 * (`.toi` only). The number of seats is not in the file.
 */
import { BallotProfileBuilder, MAX_CANDIDATES } from "../ballot-profile.js";
import { fail, ok, type VotingResult } from "../voting-error.js";
import type { BallotFile } from "./ballot-file.js";

const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const ZERO = 48;
const NINE = 57;
const HASH = 35;
const COLON = 58;
const COMMA = 44;
const OPEN = 123;
const CLOSE = 125;

/** Which PrefLib ordinal kind a file is, from its extension. */
export type PreflibKind = "soi" | "toi";

/**
 * Reads a PrefLib `.soi` or `.toi` file. Fails with a code naming the line: PREFLIB_BAD_HEADER,
 * PREFLIB_MISSING_NAMES, PREFLIB_BAD_LINE, PREFLIB_BAD_COUNT, PREFLIB_UNKNOWN_CANDIDATE,
 * PREFLIB_DUPLICATE_CANDIDATE, PREFLIB_TIES_NOT_ALLOWED (braces in a `.soi` file) or
 * PREFLIB_VOTER_COUNT_MISMATCH (the data does not add up to `# NUMBER VOTERS`).
 */
export function readPreflib(
  bytes: Uint8Array,
  kind: PreflibKind,
): VotingResult<BallotFile> {
  const decoder = new TextDecoder("utf-8");
  const n = bytes.length;
  let i = 0;
  let line = 1;
  if (n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    i = 3;

  // Metadata first: the names must be known before the ballots are grouped.
  const names = new Map<number, string>();
  let declared: number | undefined;
  let voters: number | undefined;
  let title: string | undefined;
  let dataStart = -1;
  let dataLine = 0;
  while (i < n) {
    let end = i;
    while (end < n && bytes[end] !== LF) end++;
    if (bytes[i] === HASH) {
      const text = decoder
        .decode(bytes.subarray(i + 1, end))
        .replace(/\r$/, "");
      const colon = text.indexOf(":");
      if (colon >= 0) {
        const key = text.slice(0, colon).trim().toUpperCase();
        const value = text.slice(colon + 1).trim();
        const alternative = /^ALTERNATIVE NAME (\d+)$/.exec(key);
        if (alternative !== null) {
          const index = Number(alternative[1]);
          if (index < 1 || index > MAX_CANDIDATES || names.has(index))
            return fail("PREFLIB_BAD_HEADER", { line });
          names.set(index, value);
        } else if (key === "NUMBER ALTERNATIVES" || key === "NUMBER VOTERS") {
          if (!/^\d+$/.test(value)) return fail("PREFLIB_BAD_HEADER", { line });
          if (key === "NUMBER ALTERNATIVES") declared = Number(value);
          else voters = Number(value);
        } else if (key === "TITLE" && value !== "") title = value;
      }
    } else if (dataStart < 0 && !isBlankLine(bytes, i, end)) {
      dataStart = i;
      dataLine = line;
    }
    i = end + 1;
    line++;
  }
  let candidates = declared ?? 0;
  if (declared === undefined)
    for (const k of names.keys()) candidates = Math.max(candidates, k);
  if (candidates < 1 || candidates > MAX_CANDIDATES)
    return fail("PREFLIB_MISSING_NAMES", { line: 1, missing: 1 });
  for (let c = 1; c <= candidates; c++)
    if (!names.has(c))
      return fail("PREFLIB_MISSING_NAMES", { line: 1, missing: c });
  for (const k of names.keys())
    if (k > candidates) return fail("PREFLIB_BAD_HEADER", { line: 1 });

  // Data lines, parsed from bytes.
  const builder = new BallotProfileBuilder(candidates);
  const prefs = new Uint16Array(candidates);
  const ties = new Uint8Array(candidates);
  const stamp = new Uint32Array(candidates + 1);
  let total = 0;
  let ballotNo = 0;
  i = dataStart < 0 ? n : dataStart;
  line = dataLine;
  while (i < n) {
    let end = i;
    while (end < n && bytes[end] !== LF) end++;
    const at = line;
    const next = end + 1;
    line++;
    let p = i;
    i = next;
    while (p < end && isSpace(bytes[p]!)) p++;
    if (p === end || bytes[p] === HASH) continue;
    // count:
    if (!isDigit(bytes[p]!)) return fail("PREFLIB_BAD_COUNT", { line: at });
    let count = 0;
    while (p < end && isDigit(bytes[p]!))
      count = count * 10 + bytes[p++]! - ZERO;
    while (p < end && isSpace(bytes[p]!)) p++;
    if (p >= end || bytes[p] !== COLON)
      return fail("PREFLIB_BAD_COUNT", { line: at });
    p++;
    ballotNo++;
    let length = 0;
    let hasTie = false;
    let inGroup = false;
    let groupStart = 0;
    let expectItem = true;
    for (;;) {
      while (p < end && isSpace(bytes[p]!)) p++;
      if (p >= end) break;
      const b = bytes[p]!;
      if (expectItem && b === OPEN) {
        if (kind === "soi")
          return fail("PREFLIB_TIES_NOT_ALLOWED", { line: at });
        if (inGroup) return fail("PREFLIB_BAD_LINE", { line: at });
        inGroup = true;
        groupStart = length;
        p++;
        continue;
      }
      if (!expectItem) {
        if (b === COMMA) {
          expectItem = true;
          p++;
          continue;
        }
        if (b === CLOSE && inGroup) {
          if (length === groupStart)
            return fail("PREFLIB_BAD_LINE", { line: at });
          inGroup = false;
          p++;
          continue;
        }
        return fail("PREFLIB_BAD_LINE", { line: at });
      }
      if (!isDigit(b)) return fail("PREFLIB_BAD_LINE", { line: at });
      let c = 0;
      while (p < end && isDigit(bytes[p]!)) c = c * 10 + bytes[p++]! - ZERO;
      if (c < 1 || c > candidates)
        return fail("PREFLIB_UNKNOWN_CANDIDATE", { line: at, candidate: c });
      if (stamp[c] === ballotNo)
        return fail("PREFLIB_DUPLICATE_CANDIDATE", { line: at, candidate: c });
      stamp[c] = ballotNo;
      prefs[length] = c - 1;
      ties[length] = inGroup && length > groupStart ? 1 : 0;
      if (ties[length] === 1) hasTie = true;
      length++;
      expectItem = false;
    }
    if (inGroup || (expectItem && length > 0))
      return fail("PREFLIB_BAD_LINE", { line: at });
    total += count;
    builder.add(prefs, length, count, hasTie ? ties : null);
  }
  if (voters !== undefined && voters !== total)
    return fail("PREFLIB_VOTER_COUNT_MISMATCH", {
      line: 1,
      expected: voters,
      found: total,
    });
  return ok({
    names: Array.from({ length: candidates }, (_, c) => names.get(c + 1)!),
    ...(title === undefined ? {} : { title }),
    withdrawn: [],
    profile: builder.build(),
  });
}

function isDigit(b: number): boolean {
  return b >= ZERO && b <= NINE;
}

function isSpace(b: number): boolean {
  return b === SPACE || b === TAB || b === CR;
}

function isBlankLine(bytes: Uint8Array, start: number, end: number): boolean {
  for (let p = start; p < end; p++) if (!isSpace(bytes[p]!)) return false;
  return true;
}

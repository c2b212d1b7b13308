/**
 * @module The BLT ballot format (ERS, OpenSTV, droop, eSTV): read straight from bytes into a grouped
 * profile, and written back. Layout: a line `candidates seats`; optional withdrawn lines of negative
 * numbers (`-2 -5`); one line per ballot, `weight c1 c2 ... 0` with 1-based candidates best first
 * (`c1=c2` ranks two equal); a line `0`; one quoted name per line; a quoted title.
 */
import {
  type BallotProfile,
  BallotProfileBuilder,
  hashFinish as finishHash,
  MAX_CANDIDATES,
  type PackedStage,
  HASH_SEED as SEED,
  hashStep as stepHash,
} from "../ballot-profile.js";
import { fail, ok, type VotingResult } from "../voting-error.js";
import { type BallotFile, normalizeCandidateName } from "./ballot-file.js";

const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const ZERO = 48;
const NINE = 57;
const MINUS = 45;
const EQUALS = 61;
const QUOTE = 34;
const DOT = 46;

// Local bindings of the builder's hash: a call through an imported binding can cost a lookup per
// call when the module is loaded through a transform (tsx), ten million ballots times their length.
const HASH_SEED = SEED;
const hashStep = stepHash;
const hashFinish = finishHash;

const isBlank = (b: number) => b === SPACE || b === TAB || b === CR;
const isDigit = (b: number) => b >= ZERO && b <= NINE;

/** A position in the bytes and its 1-based line, for the parts of the file that are not the ballots. */
class Cursor {
  constructor(
    readonly bytes: Uint8Array,
    public at: number,
    public line: number,
  ) {}

  /** Skips blank lines; false at the end of the input. */
  toContent(): boolean {
    const { bytes } = this;
    for (;;) {
      while (this.at < bytes.length && isBlank(bytes[this.at]!)) this.at++;
      if (this.at >= bytes.length) return false;
      if (bytes[this.at] !== LF) return true;
      this.at++;
      this.line++;
    }
  }

  /** Skips spaces and tabs within the line. */
  skipSpaces(): void {
    const { bytes } = this;
    while (
      this.at < bytes.length &&
      (bytes[this.at] === SPACE || bytes[this.at] === TAB)
    )
      this.at++;
  }

  /** An unsigned integer here, or -1. */
  readUint(): number {
    const { bytes } = this;
    if (this.at >= bytes.length || !isDigit(bytes[this.at]!)) return -1;
    let v = 0;
    while (this.at < bytes.length && isDigit(bytes[this.at]!))
      v = v * 10 + bytes[this.at++]! - ZERO;
    return v;
  }

  /** True if only blanks remain on the line; then moves past its end. */
  lineEnds(): boolean {
    const { bytes } = this;
    while (this.at < bytes.length && isBlank(bytes[this.at]!)) this.at++;
    if (this.at >= bytes.length) return true;
    if (bytes[this.at] !== LF) return false;
    this.at++;
    this.line++;
    return true;
  }

  /** A line holding one quoted string: its text, or why there is none. */
  quoted(
    decode: (bytes: Uint8Array) => string,
  ): { text: string; line: number } | "missing" | "bad" {
    if (!this.toContent()) return "missing";
    const { bytes } = this;
    const start = this.at;
    let end = start;
    while (end < bytes.length && bytes[end] !== LF) end++;
    let close = end - 1;
    while (close > start && isBlank(bytes[close]!)) close--;
    if (bytes[start] !== QUOTE || close <= start || bytes[close] !== QUOTE)
      return "bad";
    const text = decode(bytes.subarray(start + 1, close));
    const line = this.line;
    this.at = end < bytes.length ? end + 1 : end;
    this.line++;
    return { text, line };
  }
}

/**
 * Reads a BLT file held whole in memory (see {@link BltReader} to read one in pieces). Fails with a
 * code naming the line: BLT_EMPTY, BLT_BAD_HEADER, BLT_BAD_WITHDRAWN, BLT_BAD_WEIGHT,
 * BLT_NEGATIVE_WEIGHT, BLT_BAD_BALLOT_LINE, BLT_UNKNOWN_CANDIDATE, BLT_DUPLICATE_CANDIDATE,
 * BLT_MISSING_END, BLT_MISSING_NAMES, BLT_BAD_NAME, BLT_DUPLICATE_NAME or BLT_TRAILING_CONTENT.
 */
export function readBlt(bytes: Uint8Array): VotingResult<BallotFile> {
  const reader = new BltReader();
  const pushed = reader.push(bytes);
  if (!pushed.ok) return pushed;
  return reader.finish();
}

/** Where the reader is in the file: each part follows the one before. */
type BltPart =
  | "header"
  | "withdrawn"
  | "ballots"
  | "names"
  | "title"
  | "trailing";

/**
 * Reads a BLT file pushed in pieces of any size, straight into the grouped profile: memory grows
 * with the distinct ballots, never with the file. Every part of the format is confined to its line
 * (a ballot, the header, a name), so each piece is read up to its last line end at once, in place,
 * and only the unfinished line after it is kept for the next piece. Waiting for a whole line is
 * what makes the result, the errors and their line numbers the same however the file is cut.
 */
export class BltReader {
  private part: BltPart = "header";
  private line = 1;
  private started = false;
  private failure: VotingResult<never> | null = null;
  /** The unfinished last line of the pieces so far. */
  private carry = new Uint8Array(256);
  private carryLength = 0;
  private candidates = 0;
  private seats = 0;
  private readonly withdrawn: number[] = [];
  private ballots: BallotLines | null = null;
  private readonly names: string[] = [];
  private readonly seenNames = new Set<string>();
  /** Where the search for the next name began (a missing name is reported there). */
  private nameSearchLine = 0;
  private title: string | undefined;
  private readonly decoder = new TextDecoder("utf-8");
  private readonly decode = (text: Uint8Array) => this.decoder.decode(text);

  /** Reads the next piece; the reader keeps nothing of it but an unfinished last line. */
  push(chunk: Uint8Array): VotingResult<void> {
    if (this.failure !== null) return this.failure;
    let from = 0;
    if (this.carryLength > 0) {
      // The line begun in earlier pieces ends in this one (or goes on past it).
      const firstLf = chunk.indexOf(LF);
      if (firstLf < 0) {
        this.keep(chunk);
        return OK;
      }
      this.keep(chunk.subarray(0, firstLf + 1));
      const line = this.carry.subarray(0, this.carryLength);
      this.carryLength = 0;
      this.failure = this.read(line, false);
      if (this.failure !== null) return this.failure;
      from = firstLf + 1;
    }
    const lastLf = chunk.lastIndexOf(LF);
    if (lastLf >= from) {
      this.failure = this.read(chunk.subarray(from, lastLf + 1), false);
      if (this.failure !== null) return this.failure;
      from = lastLf + 1;
    }
    this.keep(chunk.subarray(from));
    return OK;
  }

  /** Reads what is left after the last piece and returns the file. */
  finish(): VotingResult<BallotFile> {
    if (this.failure !== null) return this.failure;
    this.failure = this.read(this.carry.subarray(0, this.carryLength), true);
    this.carryLength = 0;
    if (this.failure !== null) return this.failure;
    return ok({
      names: this.names,
      ...(this.title === undefined ? {} : { title: this.title }),
      seats: this.seats,
      withdrawn: this.withdrawn.sort((a, b) => a - b),
      profile: this.ballots!.builder.build(),
    });
  }

  /** Appends bytes to the unfinished line. */
  private keep(bytes: Uint8Array): void {
    const need = this.carryLength + bytes.length;
    if (need > this.carry.length) {
      let size = this.carry.length * 2;
      while (size < need) size *= 2;
      const carry = new Uint8Array(size);
      carry.set(this.carry.subarray(0, this.carryLength));
      this.carry = carry;
    }
    this.carry.set(bytes, this.carryLength);
    this.carryLength = need;
  }

  /**
   * Reads whole lines (the last piece: whatever is left) as far as they go; a part that runs to
   * the end of the bytes waits for more, unless these are the last.
   */
  private read(bytes: Uint8Array, last: boolean): VotingResult<never> | null {
    let at = 0;
    if (!this.started) {
      this.started = true;
      const bom =
        bytes.length >= 3 &&
        bytes[0] === 0xef &&
        bytes[1] === 0xbb &&
        bytes[2] === 0xbf;
      if (bom) at = 3;
    }
    const cursor = new Cursor(bytes, at, this.line);
    for (;;) {
      switch (this.part) {
        case "header": {
          // Candidates and seats.
          if (!cursor.toContent()) {
            if (last) return fail("BLT_EMPTY", { line: cursor.line });
            this.line = cursor.line;
            return null;
          }
          const headerLine = cursor.line;
          const candidates = cursor.readUint();
          cursor.skipSpaces();
          const seats = cursor.readUint();
          if (
            candidates < 1 ||
            candidates > MAX_CANDIDATES ||
            seats < 1 ||
            !cursor.lineEnds()
          )
            return fail("BLT_BAD_HEADER", { line: headerLine });
          this.candidates = candidates;
          this.seats = seats;
          this.ballots = newBallotLines(candidates);
          this.part = "withdrawn";
          break;
        }
        case "withdrawn": {
          // Withdrawn candidates: lines of negative numbers.
          if (!cursor.toContent()) {
            if (!last) {
              this.line = cursor.line;
              return null;
            }
            this.part = "ballots";
            break;
          }
          if (bytes[cursor.at] !== MINUS) {
            this.part = "ballots";
            break;
          }
          const { candidates, withdrawn } = this;
          const line = cursor.line;
          for (let count = 0; ; count++) {
            cursor.skipSpaces();
            const b = bytes[cursor.at];
            if (b === undefined || b === LF || b === CR) break;
            // "-2 1 3 0": one negative number and then preferences is a ballot with a negative weight.
            if (b !== MINUS && count === 1 && b >= ZERO && b <= NINE)
              return fail("BLT_NEGATIVE_WEIGHT", { line });
            if (b !== MINUS)
              return fail("BLT_BAD_WITHDRAWN", { line, candidates });
            cursor.at++;
            const c = cursor.readUint();
            if (c < 1 || c > candidates)
              return fail("BLT_BAD_WITHDRAWN", { line, candidates });
            if (!withdrawn.includes(c - 1)) withdrawn.push(c - 1);
          }
          cursor.lineEnds();
          break;
        }
        case "ballots": {
          const read = readBallotLines(
            bytes,
            cursor.at,
            cursor.line,
            this.ballots!,
            last,
          );
          if (!read.ok) return read;
          cursor.at = read.value.at;
          cursor.line = read.value.line;
          if (!read.value.ended) {
            this.line = cursor.line;
            return null;
          }
          this.nameSearchLine = cursor.line;
          this.part = "names";
          break;
        }
        case "names": {
          // Names, then the title: one quoted string per line.
          const { names, candidates } = this;
          while (names.length < candidates) {
            const name = cursor.quoted(this.decode);
            if (name === "missing") {
              if (last)
                return fail("BLT_MISSING_NAMES", {
                  line: this.nameSearchLine,
                  expected: candidates,
                  found: names.length,
                });
              this.line = cursor.line;
              return null;
            }
            if (name === "bad")
              return fail("BLT_BAD_NAME", { line: cursor.line });
            const key = normalizeCandidateName(name.text);
            if (this.seenNames.has(key))
              return fail("BLT_DUPLICATE_NAME", {
                line: name.line,
                name: name.text,
              });
            this.seenNames.add(key);
            names.push(name.text);
            this.nameSearchLine = cursor.line;
          }
          this.part = "title";
          break;
        }
        case "title": {
          const title = cursor.quoted(this.decode);
          if (title === "bad")
            return fail("BLT_BAD_NAME", { line: cursor.line });
          if (title === "missing") {
            // The title is optional: at the end of the file there is none.
            this.line = cursor.line;
            return null;
          }
          this.title = title.text;
          this.part = "trailing";
          break;
        }
        case "trailing": {
          if (cursor.toContent())
            return fail("BLT_TRAILING_CONTENT", { line: cursor.line });
          this.line = cursor.line;
          return null;
        }
      }
    }
  }
}

const OK: VotingResult<void> = ok(undefined);

/** The state of the ballot lines carried from one piece to the next. */
interface BallotLines {
  readonly candidates: number;
  readonly builder: BallotProfileBuilder;
  readonly prefs: Uint16Array;
  readonly ties: Uint8Array;
  /** stamp[c] === ballotNo: candidate c is already on the ballot being read. */
  readonly stamp: Uint32Array;
  ballotNo: number;
}

function newBallotLines(candidates: number): BallotLines {
  return {
    candidates,
    builder: new BallotProfileBuilder(candidates),
    prefs: new Uint16Array(candidates),
    ties: new Uint8Array(candidates),
    stamp: new Uint32Array(candidates + 1),
    ballotNo: 0,
  };
}

/**
 * The ballot lines, up to and including the lone `0` that ends them: the hot loop for large files,
 * kept free of closures so that the position lives in a register. Each ballot is hashed as it is
 * read. Lines of the plain form `w c1 c2 ... 0` (single spaces, integer weight) take a fast path;
 * anything else (tabs, `=`, decimals, stray characters, errors) takes the general one. Reaching the
 * end of `bytes` (whole lines unless `last`) before the `0` is not an error until the last piece:
 * `ended` is then false and the lines go on in the next piece.
 */
function readBallotLines(
  bytes: Uint8Array,
  start: number,
  firstLine: number,
  state: BallotLines,
  last: boolean,
): VotingResult<{ at: number; line: number; ended: boolean }> {
  const n = bytes.length;
  const { candidates, builder, prefs, ties, stamp } = state;
  let ballotNo = state.ballotNo;
  if (ballotNo > 0x7fffffff) {
    // Long before the ballot numbers wrap around, the marks start again.
    stamp.fill(0);
    ballotNo = 0;
  }
  // Past the last line end, reads must check the length; before it, a line end always comes first.
  let lastLf = n - 1;
  while (lastLf >= 0 && bytes[lastLf] !== LF) lastLf--;
  let i = start;
  let line = firstLine;
  for (;;) {
    // Fast path: a plain line wholly before the last line end.
    if (i < lastLf && builder.packed) {
      // Up to the last line end, or to a line that is not plain: the general path reads it.
      const stage = builder.packedStage();
      for (;;) {
        if (stage.count === stage.keys.length) builder.flushPacked();
        i = readPackedLines(bytes, i, lastLf, candidates, stage);
        stage.count = packedStaged;
        line += plainLinesRead;
        if (stage.count < stage.keys.length) break;
      }
    } else if (i < lastLf) {
      const lineStart = i;
      let b = bytes[i]!;
      if (b > ZERO && b <= NINE) {
        let weight = b - ZERO;
        b = bytes[++i]!;
        while (b >= ZERO && b <= NINE) {
          weight = weight * 10 + b - ZERO;
          b = bytes[++i]!;
        }
        ballotNo++;
        let length = 0;
        let h = HASH_SEED;
        let plain = true;
        for (;;) {
          if (b !== SPACE) {
            plain = false;
            break;
          }
          b = bytes[++i]!;
          if (b < ZERO || b > NINE) {
            plain = false;
            break;
          }
          let c = b - ZERO;
          b = bytes[++i]!;
          while (b >= ZERO && b <= NINE) {
            c = c * 10 + b - ZERO;
            b = bytes[++i]!;
          }
          if (c === 0) break;
          if (c > candidates || stamp[c] === ballotNo) {
            plain = false;
            break;
          }
          stamp[c] = ballotNo;
          prefs[length++] = c - 1;
          h = hashStep(h, (c - 1) << 1);
        }
        if (plain && b === LF) {
          builder.addHashed(prefs, length, weight, null, hashFinish(h, length));
          i++;
          line++;
          continue;
        }
        // Not plain: read the line again on the general path (its marks are undone by a new number).
        ballotNo++;
      }
      i = lineStart;
    }
    // General path: blank lines, the end marker, decimals, ties, and every error.
    let b = 0;
    for (;;) {
      if (i >= n) {
        if (last) return fail("BLT_MISSING_END", { line });
        state.ballotNo = ballotNo;
        return ok({ at: i, line, ended: false });
      }
      b = bytes[i]!;
      if (b === SPACE || b === TAB || b === CR) i++;
      else if (b === LF) {
        i++;
        line++;
      } else break;
    }
    const at = line;
    if (b === MINUS) return fail("BLT_NEGATIVE_WEIGHT", { line: at });
    if (b < ZERO || b > NINE) return fail("BLT_BAD_WEIGHT", { line: at });
    const weightStart = i;
    let weight = 0;
    while (i < n) {
      b = bytes[i]!;
      if (b < ZERO || b > NINE) break;
      weight = weight * 10 + b - ZERO;
      i++;
    }
    if (i < n && bytes[i] === DOT) {
      // Decimal weights are rare: let the number parser round them correctly.
      i++;
      while (i < n && isDigit(bytes[i]!)) i++;
      weight = Number(String.fromCharCode(...bytes.subarray(weightStart, i)));
    }
    b = i < n ? bytes[i]! : LF;
    if (b !== SPACE && b !== TAB && b !== CR && b !== LF)
      return fail("BLT_BAD_WEIGHT", { line: at });
    ballotNo++;
    let length = 0;
    let hasTie = 0;
    let tieNext = 0;
    let terminated = false;
    let h = HASH_SEED;
    for (;;) {
      while (i < n && (bytes[i] === SPACE || bytes[i] === TAB)) i++;
      b = i < n ? bytes[i]! : LF;
      if (b === LF || b === CR) break;
      if (b < ZERO || b > NINE)
        return fail("BLT_BAD_BALLOT_LINE", { line: at });
      let c = 0;
      while (i < n) {
        b = bytes[i]!;
        if (b < ZERO || b > NINE) break;
        c = c * 10 + b - ZERO;
        i++;
      }
      if (c === 0) {
        // The terminating 0 (`w 0` alone is an empty ballot); `a=0` is malformed.
        if (tieNext === 1) return fail("BLT_BAD_BALLOT_LINE", { line: at });
        terminated = true;
        break;
      }
      if (c > candidates)
        return fail("BLT_UNKNOWN_CANDIDATE", { line: at, candidate: c });
      if (stamp[c] === ballotNo)
        return fail("BLT_DUPLICATE_CANDIDATE", { line: at, candidate: c });
      stamp[c] = ballotNo;
      prefs[length] = c - 1;
      ties[length] = tieNext;
      h = hashStep(h, ((c - 1) << 1) | tieNext);
      length++;
      tieNext = 0;
      b = i < n ? bytes[i]! : LF;
      if (b === EQUALS) {
        i++;
        tieNext = 1;
        hasTie = 1;
      } else if (b !== SPACE && b !== TAB && b !== CR && b !== LF)
        return fail("BLT_BAD_BALLOT_LINE", { line: at });
    }
    if (!terminated) {
      // A lone `0` ends the ballots.
      if (weight === 0 && length === 0) {
        while (i < n && bytes[i] !== LF) i++;
        if (i < n) {
          i++;
          line++;
        }
        state.ballotNo = ballotNo;
        return ok({ at: i, line, ended: true });
      }
      return fail("BLT_BAD_BALLOT_LINE", { line: at });
    }
    // Only blanks may follow the terminating 0.
    while (i < n && (bytes[i] === SPACE || bytes[i] === TAB || bytes[i] === CR))
      i++;
    if (i < n) {
      if (bytes[i] !== LF) return fail("BLT_BAD_BALLOT_LINE", { line: at });
      i++;
      line++;
    }
    builder.addHashed(
      prefs,
      length,
      weight,
      hasTie === 1 ? ties : null,
      hashFinish(h, length),
    );
  }
}

// The last readPackedLines' other results: how many lines it read, and how many ballots the
// stage holds now. Module variables rather than an object's fields, whose first store after the
// loop sent the optimised loop back to the interpreter at each of its calls (67 in a 20 MB file).
let plainLinesRead = 0;
let packedStaged = 0;

/**
 * The fast path while the builder packs (at most 13 candidates, no equal preference yet): plain
 * lines `w c1 c2 ... 0` wholly before `lastLf`, each staged as its key, weight and hash (see
 * {@link BallotProfileBuilder.packedStage}). Repeats are marked in one integer and no preference is
 * stored. Returns where it stopped — at `lastLf`, at the start of the first line that is not plain,
 * or with the stage full — and leaves the number of lines read in {@link plainLinesRead}, of
 * ballots staged in {@link packedStaged} (the caller sets the stage's count). Small,
 * free of the general path, and calling nothing, so that it is optimised early and stays so: a
 * file of 20 MB is read mostly before the whole reader would be, and each first call of a rare
 * path (a flush) sent the optimised loop back to the interpreter.
 */
function readPackedLines(
  bytes: Uint8Array,
  start: number,
  lastLf: number,
  candidates: number,
  stage: PackedStage,
): number {
  const { keys, weights, hashes } = stage;
  const room = keys.length;
  let k = stage.count;
  let i = start;
  let lines = 0;
  while (i < lastLf && k < room) {
    const lineStart = i;
    let b = bytes[i]!;
    if (b <= ZERO || b > NINE) break;
    let weight = b - ZERO;
    b = bytes[++i]!;
    while (b >= ZERO && b <= NINE) {
      weight = weight * 10 + b - ZERO;
      b = bytes[++i]!;
    }
    let length = 0;
    let h = HASH_SEED;
    // The packed key (see packRanking) in two integers of nibbles, preferences 1–7 and 8–13:
    // integer arithmetic, which unoptimised code does not box as it does each double.
    let high = 0;
    let low = 0;
    let seen = 0;
    let plain = true;
    for (;;) {
      if (b !== SPACE) {
        plain = false;
        break;
      }
      b = bytes[++i]!;
      if (b < ZERO || b > NINE) {
        plain = false;
        break;
      }
      let c = b - ZERO;
      b = bytes[++i]!;
      while (b >= ZERO && b <= NINE) {
        c = c * 10 + b - ZERO;
        b = bytes[++i]!;
      }
      if (c === 0) break;
      // c ≤ candidates ≤ 13 before the shift.
      if (c > candidates || (seen & (1 << c)) !== 0) {
        plain = false;
        break;
      }
      seen |= 1 << c;
      if (length < 7) high = (high << 4) | c;
      else low = (low << 4) | c;
      length++;
      h = hashStep(h, (c - 1) << 1);
    }
    if (!plain || b !== LF) {
      i = lineStart;
      break;
    }
    // Missing preferences are 0 nibbles: high holds 7, low 6 (below 2^28 and 2^24).
    keys[k] =
      length <= 7
        ? (high << (4 * (7 - length))) * 0x1000000
        : high * 0x1000000 + (low << (4 * (13 - length)));
    weights[k] = weight;
    hashes[k] = hashFinish(h, length);
    k++;
    i++;
    lines++;
  }
  packedStaged = k;
  plainLinesRead = lines;
  return i;
}

/** What a BLT file needs: the seats (header) besides the ballots and names. */
export interface BltContent {
  readonly names: readonly string[];
  readonly seats: number;
  readonly title?: string;
  readonly withdrawn?: readonly number[];
  readonly profile: BallotProfile;
}

/**
 * Writes a BLT file in pieces to `write` (so ten million ballots never make one huge string), one
 * line per distinct ballot with its total weight. Names and the title may not contain line breaks
 * (BLT_UNWRITABLE_NAME).
 */
export function writeBltTo(
  content: BltContent,
  write: (chunk: string) => void,
): VotingResult<void> {
  const { profile, names } = content;
  if (names.length !== profile.candidates)
    return fail("BLT_MISSING_NAMES", {
      line: 0,
      expected: profile.candidates,
      found: names.length,
    });
  for (let c = 0; c < names.length; c++)
    if (/[\r\n]/.test(names[c]!))
      return fail("BLT_UNWRITABLE_NAME", { candidate: c });
  if (content.title !== undefined && /[\r\n]/.test(content.title))
    return fail("BLT_UNWRITABLE_NAME", { candidate: -1 });
  const parts: string[] = [`${profile.candidates} ${content.seats}\n`];
  const withdrawn = content.withdrawn ?? [];
  if (withdrawn.length > 0)
    parts.push(`${withdrawn.map((c) => `-${c + 1}`).join(" ")}\n`);
  let size = 0;
  const { offsets, prefs, tied, weights } = profile;
  for (let b = 0; b < profile.ballots; b++) {
    let text = formatWeight(weights[b]!);
    for (let p = offsets[b]!; p < offsets[b + 1]!; p++)
      text +=
        (p > offsets[b]! && tied !== null && tied[p] === 1 ? "=" : " ") +
        (prefs[p]! + 1);
    text += " 0\n";
    parts.push(text);
    size += text.length;
    if (size > 1 << 16) {
      write(parts.join(""));
      parts.length = 0;
      size = 0;
    }
  }
  parts.push("0\n");
  for (const name of names) parts.push(`"${name}"\n`);
  parts.push(`"${content.title ?? ""}"\n`);
  write(parts.join(""));
  return ok(undefined);
}

/** Writes a BLT file as one string (see {@link writeBltTo} for large profiles). */
export function writeBlt(content: BltContent): VotingResult<string> {
  const chunks: string[] = [];
  const written = writeBltTo(content, (chunk) => chunks.push(chunk));
  if (!written.ok) return written;
  return ok(chunks.join(""));
}

/** A weight in plain decimal notation (never exponent form, which BLT readers do not accept). */
function formatWeight(w: number): string {
  const plain = String(w);
  if (!plain.includes("e")) return plain;
  return w.toFixed(20).replace(/\.?0+$/, "");
}

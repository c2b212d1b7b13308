/**
 * @module Secret ballots are committed in shuffled batches: each ballot the write gate passed
 * is held in memory until `size` ballots wait or `delayMs` passed since the first, then the
 * batch is shuffled with a cryptographic RNG and committed in one transaction. So the store's
 * positions, the order sync serves and the live feed's order say nothing of which ballot
 * arrived first within a batch — an operator who saw `token.requested` posts arrive one by one
 * cannot line them up with the ballots. A poster is answered only once its ballot is
 * committed: a crash loses nothing the client thinks is stored (its outbox sends it again).
 */
import { randomInt } from "node:crypto";
import type { SignedEvent } from "../../core/index.js";
import { toHex } from "../../crypto/index.js";
import type { EventOutcome, GroupCommitter } from "../group-commit.js";

/** The quarantine source of secret ballots: the same for all of them, naming no client. */
export const SECRET_BALLOT_SOURCE = "secret-ballot";

interface HeldBallot {
  readonly event: SignedEvent;
  resolve(outcome: EventOutcome): void;
  reject(error: unknown): void;
}

/** A Fisher–Yates shuffle driven by node:crypto's uniform `randomInt`. */
export function shuffleSecurely<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export class SecretBallotBatch {
  private held: HeldBallot[] = [];
  /** One-time key → its ballot waiting here: a second ballot of one is refused at the gate. */
  private readonly waitingKeys = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;
  /** Batches committed and the largest, for tests and benchmarks. */
  readonly stats = { batches: 0, largest: 0 };

  constructor(
    private readonly committer: GroupCommitter,
    private readonly options: {
      /** Ballots that make a batch. */
      readonly size: number;
      /** Longest a ballot waits for the batch to fill, in ms. */
      readonly delayMs: number;
    },
  ) {}

  /** True when another ballot than `id` by the one-time key `key` waits in the batch. */
  isOtherWaiting(key: string, id: string): boolean {
    const waiting = this.waitingKeys.get(key);
    return waiting !== undefined && waiting !== id;
  }

  /** Ballots waiting now. */
  get waiting(): number {
    return this.held.length;
  }

  /** Holds ballots the gate passed; resolves with their outcomes once their batch is committed. */
  hold(events: readonly SignedEvent[]): Promise<EventOutcome[]> {
    const outcomes = events.map(
      (event) =>
        new Promise<EventOutcome>((resolve, reject) => {
          this.held.push({ event, resolve, reject });
          this.waitingKeys.set(toHex(event.envelope.author), event.id);
        }),
    );
    if (this.held.length >= this.options.size) this.commitNow();
    else
      this.timer ??= setTimeout(() => this.commitNow(), this.options.delayMs);
    return Promise.all(outcomes);
  }

  /** Commits what waits, whatever its size (the timer, a full batch, or the hub closing). */
  commitNow(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const batch = shuffleSecurely(this.held);
    this.held = [];
    if (batch.length === 0) return Promise.resolve();
    this.stats.batches++;
    this.stats.largest = Math.max(this.stats.largest, batch.length);
    const events = batch.map((b) => b.event);
    const done = this.committer
      .submit(
        events,
        events.map(() => SECRET_BALLOT_SOURCE),
      )
      .then(
        (outcomes) => {
          batch.forEach((b, i) => {
            b.resolve(outcomes[i]!);
          });
        },
        (error: unknown) => {
          for (const b of batch) b.reject(error);
        },
      )
      .finally(() => {
        for (const e of events)
          this.waitingKeys.delete(toHex(e.envelope.author));
      });
    return done;
  }
}

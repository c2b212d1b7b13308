/**
 * @module Group commit: events posted concurrently by many clients are ingested together,
 * in one store transaction (one fsync with SQLite's synchronous=FULL) and one fold step,
 * and each post is answered with the outcome of its own events once they are committed.
 * Posts arriving while a commit runs wait for the next one, so batches grow with the load.
 */
import type { KengesError, SignedEvent } from "../core/index.js";
import type { IngestReport, Replica } from "../replica/index.js";
import { HubError } from "./hub-error.js";

/** Why an event was refused: a code of docs/errors.md (the fold's, the replica's or the hub's). */
export interface Refusal {
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** What became of one posted event. */
export interface EventOutcome {
  readonly id: string;
  /** added: stored and folded now; duplicate: held before; quarantined: waits for parents; rejected: refused, nothing stored. */
  readonly outcome: "added" | "duplicate" | "quarantined" | "rejected";
  /** For an added or duplicate event the fold keeps as invalid: why (docs/events.md §6). */
  readonly invalid: KengesError | null;
  /** For a rejected event: why. */
  readonly rejection: Refusal | null;
}

interface Waiting {
  readonly events: readonly SignedEvent[];
  /** The quarantine source of each event (the write gate names it). */
  readonly sources: readonly string[];
  resolve(outcomes: EventOutcome[]): void;
  reject(error: unknown): void;
}

export class GroupCommitter {
  private queue: Waiting[] = [];
  private queued = 0;
  private running = false;
  private scheduled = false;
  /** Work waiting for the commit in flight to finish (see {@link exclusive}). */
  private waiters: (() => void)[] = [];
  /** Asynchronous work run between commits, in the commit loop (see {@link between}). */
  private steps: (() => Promise<void>)[] = [];
  /** Commits made and events they carried, for the benchmark's report. */
  readonly stats = { commits: 0, events: 0, largest: 0 };

  constructor(
    private readonly replica: Replica,
    private readonly options: {
      /** Most events waiting before posts are refused with HUB_BUSY. */
      readonly maxQueued: number;
      /** How long a commit waits for more posts, in ms (0: only those of the same turn). */
      readonly delayMs?: number;
      /** Called after each commit with the ids it added (released ones included). */
      readonly onCommitted: (
        added: readonly string[],
        report: IngestReport,
      ) => void;
    },
  ) {}

  /**
   * Queues events the write gate passed (their signatures verified); resolves once they are
   * committed (or refused) with one outcome per event, in the order given. `sources` names
   * each event's quarantine source (default "post").
   */
  submit(
    events: readonly SignedEvent[],
    sources?: readonly string[],
  ): Promise<EventOutcome[]> {
    if (this.queued + events.length > this.options.maxQueued)
      return Promise.reject(new HubError("HUB_BUSY", {}));
    this.queued += events.length;
    return new Promise((resolve, reject) => {
      this.queue.push({
        events,
        sources: sources ?? events.map(() => "post"),
        resolve,
        reject,
      });
      this.schedule();
    });
  }

  /**
   * Runs `fn` between commits: never while an ingest has events staged in the fold but not
   * yet stored (a draft placed in the fold then — a close being counted — would collide
   * with them). Runs at once when no commit is in flight.
   */
  exclusive<T>(fn: () => T): Promise<T> {
    if (!this.running) return new Promise((resolve) => resolve(fn()));
    return new Promise((resolve, reject) => {
      this.waiters.push(() => {
        try {
          resolve(fn());
        } catch (error) {
          reject(error);
        }
      });
    });
  }

  /**
   * Runs asynchronous `fn` in the commit loop, between two commits: no ingest starts while it
   * runs (folding what another process stored, read back from the store, must not meet an
   * ingest's events staged but not yet stored). Resolves with what `fn` resolves with.
   */
  between<T>(fn: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.steps.push(() => fn().then(resolve, reject));
      this.schedule(true);
    });
  }

  private drainWaiters(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private schedule(now = false): void {
    if (this.running || this.scheduled) return;
    this.scheduled = true;
    const start = () => {
      this.scheduled = false;
      void this.run();
    };
    // After the I/O callbacks of this turn every post parsed in it joins the batch; under load
    // a short wait gathers more (one fold catch-up and one fsync for all of them).
    const delay = this.options.delayMs ?? 0;
    if (delay > 0 && this.stats.commits > 0 && !now) setTimeout(start, delay);
    else setImmediate(start);
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length > 0 || this.steps.length > 0) {
        const steps = this.steps;
        this.steps = [];
        for (const step of steps) await step();
        if (this.queue.length === 0) continue;
        const batch = this.queue;
        this.queue = [];
        this.queued = 0;
        await this.commit(batch);
        // Synchronously, before the next commit starts.
        this.drainWaiters();
      }
    } finally {
      this.running = false;
      this.drainWaiters();
    }
  }

  private async commit(batch: readonly Waiting[]): Promise<void> {
    const fold = this.replica.fold;
    const all = batch.flatMap((w) => w.events);
    const sourceOf = new Map<string, string>();
    for (const w of batch)
      w.events.forEach((e, i) => {
        if (!sourceOf.has(e.id)) sourceOf.set(e.id, w.sources[i] ?? "post");
      });
    const before = all.map((e) => fold.has(e.id));
    const sizeBefore = fold.size;
    let report: IngestReport;
    try {
      report = await this.replica.ingest(
        all,
        (id) => sourceOf.get(id) ?? "post",
        all.map(() => true),
      );
    } catch (e) {
      for (const w of batch) w.reject(e);
      return;
    }
    this.stats.commits++;
    this.stats.events += all.length;
    this.stats.largest = Math.max(this.stats.largest, all.length);
    const rejected = new Map<string, KengesError>();
    for (const r of report.rejections)
      if (r.id !== null)
        rejected.set(r.id, {
          code: r.code as KengesError["code"],
          details: r.details,
        });
    let k = 0;
    for (const w of batch) {
      const outcomes: EventOutcome[] = [];
      for (const e of w.events) {
        const held = before[k++]!;
        const rejection = rejected.get(e.id) ?? null;
        const outcome: EventOutcome["outcome"] = held
          ? "duplicate"
          : rejection
            ? "rejected"
            : fold.has(e.id)
              ? "added"
              : "quarantined";
        outcomes.push({
          id: e.id,
          outcome,
          invalid:
            outcome === "added" || outcome === "duplicate"
              ? fold.invalidReason(e.id)
              : null,
          rejection: outcome === "rejected" ? rejection : null,
        });
      }
      w.resolve(outcomes);
    }
    if (fold.size > sizeBefore)
      this.options.onCommitted(fold.index.ids.slice(sizeBefore), report);
  }
}

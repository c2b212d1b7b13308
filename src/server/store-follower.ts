/**
 * @module Several hub processes over one database: each follows the store's appends (the
 * store's watch: LISTEN/NOTIFY on PostgreSQL) and folds what the others stored, between its
 * own commits, so its reads and its live feed show every process's writes. Reports coalesce:
 * while a catch-up runs, any number of reports make one more; a report of a position already
 * seen (this process's own append, announced back) makes none. A null report — the watch
 * reconnected after a lost connection — always reads everything after the last position seen.
 */
import type { Replica } from "../replica/index.js";
import type { AppendWatch } from "../store/index.js";
import type { GroupCommitter } from "./group-commit.js";

export interface StoreFollowerHooks {
  /** Called after each catch-up that folded events, with the fold's size before it. */
  readonly folded: (sizeBefore: number) => void;
  /** A catch-up failed (the database away): the next report tries again. */
  readonly failed?: (error: unknown) => void;
}

export class StoreFollower {
  private watch: AppendWatch | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private closed = false;
  /** Catch-ups run and events they folded (for tests and the benchmark). */
  readonly stats = { catchUps: 0, folded: 0 };

  private constructor(
    private readonly replica: Replica,
    private readonly committer: GroupCommitter,
    private readonly hooks: StoreFollowerHooks,
  ) {}

  /** Follows the replica's store when it can be written by other processes; null when it cannot. */
  static async start(
    replica: Replica,
    committer: GroupCommitter,
    hooks: StoreFollowerHooks,
  ): Promise<StoreFollower | null> {
    const store = replica.store;
    if (store.watchAppends === undefined) return null;
    const follower = new StoreFollower(replica, committer, hooks);
    follower.watch = await store.watchAppends((position) =>
      follower.reported(position),
    );
    return follower;
  }

  private reported(position: number | null): void {
    if (this.closed) return;
    if (position !== null && position <= this.replica.seenPosition) return;
    this.request();
  }

  /** Catches up now (or once more after the catch-up under way); resolves when done. */
  request(): Promise<void> {
    if (this.running !== null) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      if (this.closed) return;
      try {
        await this.committer.between(async () => {
          const before = this.replica.fold.size;
          const folded = await this.replica.catchUp();
          this.stats.catchUps++;
          this.stats.folded += folded.length;
          if (this.replica.fold.size > before) this.hooks.folded(before);
        });
      } catch (error) {
        this.hooks.failed?.(error);
      }
    } while (this.again);
  }

  /** Stops following; waits for a catch-up under way. */
  async close(): Promise<void> {
    this.closed = true;
    await this.watch?.close();
    this.watch = null;
    await this.running;
  }
}

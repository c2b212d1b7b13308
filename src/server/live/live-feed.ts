/**
 * @module The live feed: every open page holds a WebSocket; after each commit the hub tells
 * each socket which of the bodies and calls it may see have changed, and the page fetches
 * what it shows again. The feed carries ids only — what changed, never the change — so it
 * cannot leak anything a viewer may not read. Messages are coalesced to one per turn.
 */
import type { Viewer } from "../read/viewer.js";

/** What a page hears. */
export type LiveMessage =
  | {
      readonly type: "hello";
      readonly events: number;
      readonly member: string | null;
    }
  | {
      readonly type: "changed";
      /** Events the hub holds now. */
      readonly events: number;
      /** Bodies with news, among those the viewer may see. */
      readonly bodies: readonly string[];
      /** Calls to action with new answers, among those the viewer may see. */
      readonly calls: readonly string[];
      /** True when something about the viewer's own member changed (a join request endorsed). */
      readonly me: boolean;
    };

/** One open socket, as the feed needs it. */
export interface LiveClient {
  /** The proven key of the socket, or null for an outsider's. */
  key: string | null;
  send(message: LiveMessage): void;
}

export class LiveFeed {
  private readonly clients = new Set<LiveClient>();
  private readonly pendingBodies = new Set<string>();
  private readonly pendingCalls = new Map<string, string>();
  private readonly pendingMembers = new Set<string>();
  private scheduled = false;

  constructor(
    private readonly options: {
      readonly maxClients: number;
      /** What a key (or an outsider, for null) may read now. */
      readonly viewerOf: (key: string | null) => Viewer;
      /** True when the viewer may see the body (at least its public projection). */
      readonly canSee: (viewer: Viewer, body: string) => boolean;
      readonly events: () => number;
    },
  ) {}

  get size(): number {
    return this.clients.size;
  }

  /** Adds a socket; false when the feed is full. */
  add(client: LiveClient): boolean {
    if (this.clients.size >= this.options.maxClients) return false;
    this.clients.add(client);
    return true;
  }

  remove(client: LiveClient): void {
    this.clients.delete(client);
  }

  /**
   * Notes what changed; the message goes out once per turn. A call is announced to viewers
   * who may see its council.
   */
  changed(
    bodies: Iterable<string>,
    calls: ReadonlyMap<string, string>,
    members: Iterable<string> = [],
  ): void {
    for (const b of bodies) this.pendingBodies.add(b);
    for (const m of members) this.pendingMembers.add(m);
    for (const [call, council] of calls) this.pendingCalls.set(call, council);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.broadcast());
  }

  private broadcast(): void {
    this.scheduled = false;
    const bodies = [...this.pendingBodies];
    const calls = [...this.pendingCalls];
    const members = new Set(this.pendingMembers);
    this.pendingBodies.clear();
    this.pendingCalls.clear();
    this.pendingMembers.clear();
    const events = this.options.events();
    for (const c of this.clients) {
      const viewer = this.options.viewerOf(c.key);
      const visible = bodies.filter((b) => this.options.canSee(viewer, b));
      const callIds = calls
        .filter(([, council]) => this.options.canSee(viewer, council))
        .map(([call]) => call);
      const me = viewer.member !== null && members.has(viewer.member);
      if (visible.length === 0 && callIds.length === 0 && !me) continue;
      c.send({ type: "changed", events, bodies: visible, calls: callIds, me });
    }
  }
}

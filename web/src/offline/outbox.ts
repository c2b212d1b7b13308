/**
 * @module The outbox: events signed on this device, sealed, in signing order, until the hub
 * took them. Signing happens inside one database transaction that reads the key's chain
 * head kept here and writes the new events with the new head — so two tabs, a reload or a
 * crash between signing and sending never give two events one sequence number (a fork
 * freezes the key). The chain continues from the highest of: the head kept here, the head
 * the hub last told (`/api/heads`), and the replica's.
 */
import {
  encodeWireEvent,
  planMerges,
  type SignedEvent,
  signEvent,
} from "../../../src/core/index.js";
import {
  type CanonicalValue,
  type KeyPair,
  toHex,
} from "../../../src/crypto/index.js";
import { committed, done } from "./db.js";
import type { OutboxNotice, PendingAction } from "./status.js";
import type { Vault } from "./vault.js";

/** A point on the key's chain. */
export interface ChainHead {
  readonly seq: number;
  readonly id: string;
}

/** What a new event follows: from `/api/heads`, kept for signing offline. */
export interface Basis {
  readonly federation: string;
  readonly heads: readonly string[];
  readonly chain: ChainHead | null;
  /** When the hub said so (ms). */
  readonly at: number;
}

/** One event of an action. */
export interface OutboxEvent {
  readonly id: string;
  readonly wire: Uint8Array;
  readonly seq: number;
  readonly prev: string | null;
}

/** One action waiting to be sent: its event, after the merges it needed, parents first. */
export interface OutboxItem {
  /** Its record's key in the `outbox` store (signing order). */
  readonly key: number;
  /** The action's event (the last of `events`). */
  readonly id: string;
  readonly events: readonly OutboxEvent[];
  readonly type: string;
  readonly payload: CanonicalValue;
  readonly time: number;
}

/** What to sign. */
export interface SignRequest {
  readonly type: string;
  readonly payload: CanonicalValue;
  readonly time: number;
  /** A member's key merges heads; a key that is no member yet only names deps (its request). */
  readonly member: boolean;
  /** An event the new one must follow (the motion voted on, the body asked to join). */
  readonly anchor?: string;
}

const MAX_NOTICES = 20;

function asChain(v: CanonicalValue | null | undefined): ChainHead | null {
  const c = v as { seq?: unknown; id?: unknown } | null | undefined;
  return c && typeof c.seq === "number" && typeof c.id === "string"
    ? { seq: c.seq, id: c.id }
    : null;
}

function asBasis(v: CanonicalValue | null): Basis | null {
  const b = v as {
    federation?: unknown;
    heads?: unknown;
    chain?: CanonicalValue;
    at?: unknown;
  } | null;
  if (!b || typeof b.federation !== "string" || !Array.isArray(b.heads))
    return null;
  return {
    federation: b.federation,
    heads: b.heads.filter((h): h is string => typeof h === "string"),
    chain: asChain(b.chain),
    at: typeof b.at === "number" ? b.at : 0,
  };
}

function chainValue(c: ChainHead | null): CanonicalValue {
  return c === null ? null : { seq: c.seq, id: c.id };
}

function basisValue(b: Basis): CanonicalValue {
  return {
    federation: b.federation,
    heads: [...b.heads],
    chain: chainValue(b.chain),
    at: b.at,
  };
}

/** The later of two chain heads (by sequence number). */
export function laterHead(
  a: ChainHead | null,
  b: ChainHead | null,
): ChainHead | null {
  if (a === null) return b;
  if (b === null) return a;
  return b.seq > a.seq ? b : a;
}

/** Signs `request` after `chain`, on top of `heads`: merges first when a member has more than 16. */
export function signAfter(
  key: KeyPair,
  federation: string,
  heads: readonly string[],
  chain: ChainHead | null,
  request: SignRequest,
): SignedEvent[] {
  let seq = (chain?.seq ?? 0) + 1;
  let prev = chain?.id ?? null;
  const signed: SignedEvent[] = [];
  let deps: string[];
  if (request.member) {
    const plan = planMerges(
      request.anchor ? [...heads, request.anchor] : heads,
      prev,
    );
    for (const m of plan.merges) {
      const merge = signEvent(key, {
        federation,
        seq,
        prev,
        deps: m,
        time: request.time,
        type: "heads.merged",
        payload: {},
      });
      signed.push(merge);
      prev = merge.id;
      seq++;
    }
    deps = plan.deps;
  } else {
    const others = heads.filter((h) => h !== prev && h !== request.anchor);
    deps = [...(request.anchor ? [request.anchor] : []), ...others].slice(
      0,
      16,
    );
  }
  signed.push(
    signEvent(key, {
      federation,
      seq,
      prev,
      deps,
      time: request.time,
      type: request.type,
      payload: request.payload,
    }),
  );
  return signed;
}

export class Outbox {
  constructor(
    private readonly db: IDBDatabase,
    private readonly vault: Vault,
  ) {}

  /** The basis kept from the hub's last answer, or null. */
  async basis(): Promise<Basis | null> {
    const v = await done(
      this.db.transaction("meta").objectStore("meta").get("basis"),
    );
    return asBasis(this.vault.open("meta:basis", v));
  }

  /** Keeps a fresh basis from the hub. */
  async saveBasis(b: Basis): Promise<void> {
    const tx = this.db.transaction("meta", "readwrite");
    tx.objectStore("meta").put(
      this.vault.seal("meta:basis", basisValue(b)),
      "basis",
    );
    await committed(tx);
  }

  /** The key's chain head as this device knows it (signed here), or null. */
  async chain(): Promise<ChainHead | null> {
    const v = await done(
      this.db.transaction("meta").objectStore("meta").get("chain"),
    );
    return asChain(this.vault.open("meta:chain", v));
  }

  /**
   * Signs and keeps an action, atomically with the chain head. `fresh` is the hub's basis
   * when it answered just now (else the kept one is used); `floor` is the replica's head of
   * this key. Returns the kept action; null when there is no basis at all (this device was
   * never in touch with the hub).
   */
  async sign(
    key: KeyPair,
    fresh: Basis | null,
    floor: ChainHead | null,
    request: SignRequest,
  ): Promise<OutboxItem | null> {
    const tx = this.db.transaction(["meta", "outbox"], "readwrite");
    const meta = tx.objectStore("meta");
    const [chainBox, basisBox] = await Promise.all([
      done(meta.get("chain")),
      done(meta.get("basis")),
    ]);
    // From here to the end everything is synchronous: the transaction stays open.
    const kept = asBasis(this.vault.open("meta:basis", basisBox));
    const basis = fresh ?? kept;
    if (basis === null) {
      tx.abort();
      await committed(tx).catch(() => {});
      return null;
    }
    const chain = laterHead(
      laterHead(asChain(this.vault.open("meta:chain", chainBox)), basis.chain),
      floor,
    );
    const signed = signAfter(
      key,
      basis.federation,
      basis.heads,
      chain,
      request,
    );
    const events: OutboxEvent[] = signed.map((e) => ({
      id: e.id,
      wire: encodeWireEvent(e),
      seq: e.envelope.seq,
      prev: e.envelope.prev ? toHex(e.envelope.prev) : null,
    }));
    const last = events.at(-1)!;
    const item: Omit<OutboxItem, "key"> = {
      id: last.id,
      events,
      type: request.type,
      payload: request.payload,
      time: request.time,
    };
    const added = done(
      tx.objectStore("outbox").add(
        this.vault.seal("outbox", {
          id: item.id,
          events: events.map((e) => ({ ...e })),
          type: item.type,
          payload: item.payload,
          time: item.time,
        }),
      ),
    );
    const head = { seq: last.seq, id: last.id };
    meta.put(this.vault.seal("meta:chain", chainValue(head)), "chain");
    // The new event covers every head it was signed on: offline, the next one follows it.
    meta.put(
      this.vault.seal(
        "meta:basis",
        basisValue({ ...basis, heads: [], chain: head }),
      ),
      "basis",
    );
    await committed(tx);
    return { ...item, key: (await added) as number };
  }

  /** Everything waiting, in signing order (records that do not open are skipped). */
  async list(): Promise<OutboxItem[]> {
    const out: OutboxItem[] = [];
    await new Promise<void>((resolve, reject) => {
      const cursor = this.db
        .transaction("outbox")
        .objectStore("outbox")
        .openCursor();
      cursor.onsuccess = () => {
        const c = cursor.result;
        if (!c) return resolve();
        const v = this.vault.open("outbox", c.value) as {
          id?: unknown;
          events?: unknown;
          type?: unknown;
          payload?: CanonicalValue;
          time?: unknown;
        } | null;
        const events = Array.isArray(v?.events)
          ? (v.events as Partial<OutboxEvent>[]).filter(
              (e): e is OutboxEvent =>
                typeof e.id === "string" &&
                e.wire instanceof Uint8Array &&
                typeof e.seq === "number",
            )
          : [];
        if (
          v &&
          typeof v.id === "string" &&
          typeof v.type === "string" &&
          events.length > 0
        )
          out.push({
            key: c.key as number,
            id: v.id,
            events: events.map((e) => ({
              id: e.id,
              wire: e.wire,
              seq: e.seq,
              prev: typeof e.prev === "string" ? e.prev : null,
            })),
            type: v.type,
            payload: v.payload ?? null,
            time: typeof v.time === "number" ? v.time : 0,
          });
        c.continue();
      };
      cursor.onerror = () => reject(cursor.error);
    });
    return out;
  }

  /** Removes what the hub took. */
  async remove(keys: readonly number[]): Promise<void> {
    if (keys.length === 0) return;
    const tx = this.db.transaction("outbox", "readwrite");
    for (const k of keys) tx.objectStore("outbox").delete(k);
    await committed(tx);
  }

  /**
   * Drops an event the hub refused outright (never stored anywhere) and everything signed
   * after it (their chain runs through it); the chain head goes back to before it, so the
   * next action reuses its sequence number — safe, as no replica holds the refused event.
   */
  async dropFrom(
    items: readonly OutboxItem[],
    first: OutboxItem,
  ): Promise<OutboxItem[]> {
    const dropped = items.filter((it) => it.key >= first.key);
    const start = first.events[0]!;
    const back: ChainHead | null =
      start.seq > 1 && start.prev !== null
        ? { seq: start.seq - 1, id: start.prev }
        : null;
    const tx = this.db.transaction(["meta", "outbox"], "readwrite");
    for (const it of dropped) tx.objectStore("outbox").delete(it.key);
    const meta = tx.objectStore("meta");
    meta.put(this.vault.seal("meta:chain", chainValue(back)), "chain");
    const basisBox = await done(meta.get("basis"));
    const basis = asBasis(this.vault.open("meta:basis", basisBox));
    if (basis?.chain && basis.chain.seq >= start.seq)
      meta.put(
        this.vault.seal("meta:basis", basisValue({ ...basis, chain: back })),
        "basis",
      );
    await committed(tx);
    return dropped;
  }

  /** The hub's last words on sent actions (refused, or kept as invalid). */
  async notices(): Promise<OutboxNotice[]> {
    const v = await done(
      this.db.transaction("meta").objectStore("meta").get("notices"),
    );
    const list = this.vault.open("meta:notices", v);
    return Array.isArray(list) ? (list as unknown as OutboxNotice[]) : [];
  }

  /** Keeps notices (newest first, at most 20). */
  async saveNotices(list: readonly OutboxNotice[]): Promise<void> {
    const tx = this.db.transaction("meta", "readwrite");
    tx.objectStore("meta").put(
      this.vault.seal(
        "meta:notices",
        list.slice(0, MAX_NOTICES).map((n) => ({ ...n })),
      ),
      "notices",
    );
    await committed(tx);
  }
}

/** The outbox as the page shows it. */
export function pendingOf(items: readonly OutboxItem[]): PendingAction[] {
  return items.map((it) => ({
    id: it.id,
    type: it.type,
    payload: it.payload,
    time: it.time,
  }));
}

/**
 * @module The outbox: events signed on this device, sealed, in signing order, until the hub
 * took them. Every action is signed in its scope (event format 2): on the scope's chain of
 * this key (`seq`/`prev` per scope) and with a `kseq` above every kseq this key ever signed.
 * Signing happens inside one database transaction that reads the chain heads and the highest
 * kseq kept here and writes the new events with the new ones — so two tabs, a reload or a
 * crash between signing and sending never give two events one sequence number in a scope (a
 * fork freezes the key there) or reuse a kseq. A chain continues from the highest of: the
 * head kept here, the head the hub last told (`/api/heads?scope=`), and the offline copy's.
 *
 * Actions signed by an older version of the app in event format 1 (no scope) are kept apart
 * (`legacy`): never sent — no replica reads them — but offered for signing again.
 */
import {
  decodeWireEvent,
  encodeWireEvent,
  type SignedEvent,
} from "../../../src/core/index.js";
import {
  type CanonicalValue,
  decodeCanonical,
  type KeyPair,
  toHex,
} from "../../../src/crypto/index.js";
import { committed, done } from "./db.js";
import {
  type ChainHead,
  type SignRequest,
  signInScope,
} from "./sign-in-scope.js";
import type { OutboxNotice, PendingAction } from "./status.js";
import type { Vault } from "./vault.js";

/** What a new event of a scope follows: from `/api/heads?scope=`, kept for signing offline. */
export interface Basis {
  readonly federation: string;
  readonly scope: string;
  /** "read": any event of the scope; "join": a join request only (the scope is not read). */
  readonly access: "read" | "join";
  readonly deps: readonly string[];
  readonly chain: ChainHead | null;
  /** The key's highest kseq the hub holds (0 when it holds none). */
  readonly kseq: number;
  /** When the hub said so (ms). */
  readonly at: number;
}

/** What the offline copy says a new event of the scope follows (see replica.ts). */
export interface LocalSource {
  readonly federation: string;
  readonly deps: readonly string[];
  readonly scopeHeads: readonly string[];
  readonly chain: ChainHead | null;
  readonly kseq: number;
}

/** One event of an action. */
export interface OutboxEvent {
  readonly id: string;
  readonly wire: Uint8Array;
  readonly seq: number;
  readonly kseq: number;
  readonly prev: string | null;
}

/** One action waiting to be sent: its event, after the merges it needed, parents first. */
export interface OutboxItem {
  /** Its record's key in the `outbox` store (signing order). */
  readonly key: number;
  /** The action's event (the last of `events`). */
  readonly id: string;
  /** The scope it was signed in; null for an action signed in format 1. */
  readonly scope: string | null;
  readonly events: readonly OutboxEvent[];
  readonly type: string;
  readonly payload: CanonicalValue;
  readonly time: number;
  /** Signed in event format 1, never sent: it cannot be sent, only signed again. */
  readonly legacy: boolean;
}

const MAX_NOTICES = 20;

function asChain(v: CanonicalValue | null | undefined): ChainHead | null {
  const c = v as { seq?: unknown; id?: unknown } | null | undefined;
  return c && typeof c.seq === "number" && typeof c.id === "string"
    ? { seq: c.seq, id: c.id }
    : null;
}

function asStrings(v: unknown): string[] {
  return Array.isArray(v)
    ? v.filter((h): h is string => typeof h === "string")
    : [];
}

function asBasis(v: CanonicalValue | null): Basis | null {
  const b = v as Record<string, CanonicalValue> | null;
  if (
    !b ||
    typeof b.federation !== "string" ||
    typeof b.scope !== "string" ||
    !Array.isArray(b.deps)
  )
    return null;
  return {
    federation: b.federation,
    scope: b.scope,
    access: b.access === "join" ? "join" : "read",
    deps: asStrings(b.deps),
    chain: asChain(b.chain),
    kseq: typeof b.kseq === "number" ? b.kseq : 0,
    at: typeof b.at === "number" ? b.at : 0,
  };
}

function chainValue(c: ChainHead | null): CanonicalValue {
  return c === null ? null : { seq: c.seq, id: c.id };
}

function basisValue(b: Basis): CanonicalValue {
  return {
    federation: b.federation,
    scope: b.scope,
    access: b.access,
    deps: [...b.deps],
    chain: chainValue(b.chain),
    kseq: b.kseq,
    at: b.at,
  };
}

type Chains = Record<string, ChainHead>;

function asChains(v: CanonicalValue | null): Chains {
  const out: Chains = {};
  if (v && typeof v === "object" && !Array.isArray(v))
    for (const [scope, c] of Object.entries(v)) {
      const head = asChain(c as CanonicalValue);
      if (head) out[scope] = head;
    }
  return out;
}

function chainsValue(c: Chains): CanonicalValue {
  return Object.fromEntries(
    Object.entries(c).map(([s, h]) => [s, chainValue(h)]),
  );
}

/** The later of two chain heads (by sequence number). */
export function laterHead(
  a: ChainHead | null | undefined,
  b: ChainHead | null | undefined,
): ChainHead | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return b.seq > a.seq ? b : a;
}

/** The meta record name of a scope's basis. */
const basisName = (scope: string) => `basis:${scope}`;

export class Outbox {
  constructor(
    private readonly db: IDBDatabase,
    private readonly vault: Vault,
  ) {}

  private async meta(name: string): Promise<CanonicalValue | null> {
    const v = await done(
      this.db.transaction("meta").objectStore("meta").get(name),
    );
    return this.vault.open(`meta:${name}`, v);
  }

  private put(store: IDBObjectStore, name: string, value: CanonicalValue) {
    store.put(this.vault.seal(`meta:${name}`, value), name);
  }

  /** The basis kept from the hub's last answer for a scope, or null. */
  async basis(scope: string): Promise<Basis | null> {
    return asBasis(await this.meta(basisName(scope)));
  }

  /** Keeps a fresh basis from the hub. */
  async saveBasis(b: Basis): Promise<void> {
    const tx = this.db.transaction("meta", "readwrite");
    this.put(tx.objectStore("meta"), basisName(b.scope), basisValue(b));
    await committed(tx);
  }

  /** The highest kseq signed on this device (0 for none). */
  async kseq(): Promise<number> {
    const v = await this.meta("kseq");
    return typeof v === "number" ? v : 0;
  }

  /**
   * Marks every kseq up to `floor` as signed on this device (never lowering what is kept):
   * the next action is signed above it. Returns the highest kseq now kept.
   */
  async reserveKseq(floor: number): Promise<number> {
    const tx = this.db.transaction("meta", "readwrite");
    const meta = tx.objectStore("meta");
    const box = await done(meta.get("kseq"));
    const kept = this.vault.open("meta:kseq", box);
    const top = Math.max(typeof kept === "number" ? kept : 0, floor);
    this.put(meta, "kseq", top);
    await committed(tx);
    return top;
  }

  /**
   * Signs and keeps an action, atomically with the scope's chain head and the key's kseq.
   * `fresh` is the hub's basis for the scope when it answered just now (else the kept one,
   * or the offline copy's, is used); `local` is what the offline copy holds of the scope.
   * Returns the kept action; null when there is no basis at all (this device never learnt
   * what the scope's events name).
   */
  async sign(
    key: KeyPair,
    fresh: Basis | null,
    local: LocalSource | null,
    request: SignRequest,
  ): Promise<OutboxItem | null> {
    const scope = request.scope;
    const tx = this.db.transaction(["meta", "outbox"], "readwrite");
    const meta = tx.objectStore("meta");
    const [kseqBox, chainsBox, basisBox] = await Promise.all([
      done(meta.get("kseq")),
      done(meta.get("chains")),
      done(meta.get(basisName(scope))),
    ]);
    // From here to the end everything is synchronous: the transaction stays open.
    const keptKseq = this.vault.open("meta:kseq", kseqBox);
    const chains = asChains(this.vault.open("meta:chains", chainsBox));
    const kept = asBasis(this.vault.open(`meta:${basisName(scope)}`, basisBox));
    const basis = fresh ?? kept;
    const deps = fresh?.deps ?? local?.deps ?? kept?.deps ?? null;
    const federation =
      fresh?.federation ?? local?.federation ?? kept?.federation ?? null;
    if (deps === null || federation === null) {
      tx.abort();
      await committed(tx).catch(() => {});
      return null;
    }
    const chain = laterHead(
      laterHead(chains[scope], basis?.chain),
      local?.chain,
    );
    const kseq = Math.max(
      typeof keptKseq === "number" ? keptKseq : 0,
      basis?.kseq ?? 0,
      local?.kseq ?? 0,
    );
    let signed: SignedEvent[];
    try {
      signed = signInScope(key, federation, request, {
        deps,
        scopeHeads: local?.scopeHeads ?? [],
        chain,
        kseq,
      });
    } catch (e) {
      tx.abort();
      await committed(tx).catch(() => {});
      throw e;
    }
    const events: OutboxEvent[] = signed.map((e) => ({
      id: e.id,
      wire: encodeWireEvent(e),
      seq: e.envelope.seq,
      kseq: e.envelope.kseq,
      prev: e.envelope.prev ? toHex(e.envelope.prev) : null,
    }));
    const last = events.at(-1)!;
    const payload =
      typeof request.payload === "function"
        ? payloadValue(signed.at(-1)!.payloadBytes)
        : request.payload;
    const item: Omit<OutboxItem, "key"> = {
      id: last.id,
      scope,
      events,
      type: request.type,
      payload,
      time: request.time,
      legacy: false,
    };
    const added = done(
      tx.objectStore("outbox").add(
        this.vault.seal("outbox", {
          v: 2,
          id: item.id,
          scope,
          events: events.map((e) => ({ ...e })),
          type: item.type,
          payload: item.payload,
          time: item.time,
        }),
      ),
    );
    const head = { seq: last.seq, id: last.id };
    this.put(meta, "chains", chainsValue({ ...chains, [scope]: head }));
    this.put(meta, "kseq", last.kseq);
    // The new event covers every head it was signed on: offline, the next one follows it.
    this.put(
      meta,
      basisName(scope),
      basisValue({
        federation,
        scope,
        access: basis?.access ?? "read",
        deps: [],
        chain: head,
        kseq: last.kseq,
        at: basis?.at ?? 0,
      }),
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
        const item = itemOf(
          c.key as number,
          this.vault.open("outbox", c.value),
        );
        if (item) out.push(item);
        c.continue();
      };
      cursor.onerror = () => reject(cursor.error);
    });
    return out;
  }

  /** Removes what the hub took (or what the member chose to discard). */
  async remove(keys: readonly number[]): Promise<void> {
    if (keys.length === 0) return;
    const tx = this.db.transaction("outbox", "readwrite");
    for (const k of keys) tx.objectStore("outbox").delete(k);
    await committed(tx);
  }

  /**
   * Drops an event the hub refused outright (never stored anywhere) and everything signed
   * after it in its scope (their chain runs through it); the scope's chain head goes back to
   * before it, so the next action there reuses its sequence number — safe, as no replica
   * holds the refused event. The kseq is never given back.
   */
  async dropFrom(
    items: readonly OutboxItem[],
    first: OutboxItem,
  ): Promise<OutboxItem[]> {
    const scope = first.scope;
    const dropped = items.filter(
      (it) => it.key >= first.key && it.scope === scope,
    );
    const start = first.events[0]!;
    const back: ChainHead | null =
      start.seq > 1 && start.prev !== null
        ? { seq: start.seq - 1, id: start.prev }
        : null;
    const tx = this.db.transaction(["meta", "outbox"], "readwrite");
    for (const it of dropped) tx.objectStore("outbox").delete(it.key);
    if (scope !== null) {
      const meta = tx.objectStore("meta");
      const [chainsBox, basisBox] = await Promise.all([
        done(meta.get("chains")),
        done(meta.get(basisName(scope))),
      ]);
      const chains = asChains(this.vault.open("meta:chains", chainsBox));
      if (back === null) delete chains[scope];
      else chains[scope] = back;
      this.put(meta, "chains", chainsValue(chains));
      const basis = asBasis(
        this.vault.open(`meta:${basisName(scope)}`, basisBox),
      );
      if (basis?.chain && basis.chain.seq >= start.seq)
        this.put(meta, basisName(scope), basisValue({ ...basis, chain: back }));
    }
    await committed(tx);
    return dropped;
  }

  /** The hub's last words on sent actions (refused, or kept as invalid). */
  async notices(): Promise<OutboxNotice[]> {
    const list = await this.meta("notices");
    return Array.isArray(list) ? (list as unknown as OutboxNotice[]) : [];
  }

  /** Keeps notices (newest first, at most 20). */
  async saveNotices(list: readonly OutboxNotice[]): Promise<void> {
    const tx = this.db.transaction("meta", "readwrite");
    this.put(
      tx.objectStore("meta"),
      "notices",
      list.slice(0, MAX_NOTICES).map((n) => ({ ...n })),
    );
    await committed(tx);
  }

  /** The join requests this key sent (to show their progress while it reads nothing of the body). */
  async joins(): Promise<JoinSent[]> {
    const list = await this.meta("joins");
    return Array.isArray(list)
      ? (list as unknown as JoinSent[]).filter(
          (j) => typeof j?.body === "string" && typeof j.id === "string",
        )
      : [];
  }

  /** Keeps a join request sent (the newest per body). */
  async saveJoin(j: JoinSent): Promise<JoinSent[]> {
    const list = [j, ...(await this.joins()).filter((x) => x.body !== j.body)];
    const tx = this.db.transaction("meta", "readwrite");
    this.put(
      tx.objectStore("meta"),
      "joins",
      list.slice(0, 50).map((x) => ({ ...x })),
    );
    await committed(tx);
    return list;
  }
}

/** A join request this key signed. */
export interface JoinSent {
  readonly id: string;
  readonly body: string;
  readonly name: string;
  readonly time: number;
}

function payloadValue(bytes: Uint8Array | null): CanonicalValue {
  const d = bytes === null ? null : decodeCanonical(bytes);
  return d?.ok ? d.value : null;
}

/** An outbox record as kept (null when it does not open or is not a record). */
function itemOf(key: number, v: CanonicalValue | null): OutboxItem | null {
  const r = v as {
    v?: unknown;
    id?: unknown;
    scope?: unknown;
    events?: unknown;
    type?: unknown;
    payload?: CanonicalValue;
    time?: unknown;
  } | null;
  if (!r || typeof r.id !== "string" || typeof r.type !== "string") return null;
  const events = Array.isArray(r.events)
    ? (r.events as Partial<OutboxEvent>[]).filter(
        (e): e is OutboxEvent =>
          typeof e.id === "string" &&
          e.wire instanceof Uint8Array &&
          typeof e.seq === "number",
      )
    : [];
  if (events.length === 0) return null;
  const scope = typeof r.scope === "string" ? r.scope : null;
  // Format 1 has no scope: its envelope no longer decodes (ENVELOPE_VERSION_UNSUPPORTED).
  const legacy =
    r.v !== 2 || scope === null || !decodeWireEvent(events[0]!.wire).ok;
  return {
    key,
    id: r.id,
    scope,
    events: events.map((e) => ({
      id: e.id,
      wire: e.wire,
      seq: e.seq,
      kseq: typeof e.kseq === "number" ? e.kseq : 0,
      prev: typeof e.prev === "string" ? e.prev : null,
    })),
    type: r.type,
    payload: r.payload ?? null,
    time: typeof r.time === "number" ? r.time : 0,
    legacy,
  };
}

/** The outbox as the page shows it (actions it can still send). */
export function pendingOf(items: readonly OutboxItem[]): PendingAction[] {
  return items
    .filter((it) => !it.legacy)
    .map((it) => ({
      id: it.id,
      scope: it.scope,
      type: it.type,
      payload: it.payload,
      time: it.time,
    }));
}

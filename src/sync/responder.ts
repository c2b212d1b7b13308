/**
 * @module The side that answers (a hub): stateless between messages, so any message can go
 * to any of a hub's processes. Each message is checked (size, encoding, federation, the
 * signer's proof), counted against the sender's budget, and answered from the view of the
 * scopes the sender may read — core's `readableScopes`, the one access rule; a scope outside
 * it is answered exactly like a scope this hub does not hold. A sender that breaks a budget
 * or sends malformed messages is cut off for a while; the answer is then an `error` message.
 */
import { type Hosted, isServedWithheld, type Reader } from "../core/index.js";
import { messageSigner } from "./auth.js";
import { DEFAULT_BUDGET, PeerLedger, type SyncBudget } from "./budget.js";
import { decodeLimitsOf } from "./decode-limits.js";
import { isEqualFingerprint } from "./fingerprint.js";
import { type FrontierEntry, frontierDigest } from "./frontier.js";
import { ANY_FEDERATION } from "./initiator.js";
import {
  decodeMessage,
  encodeMessage,
  type HelloMessage,
  type RoundMessage,
  type ScopePart,
} from "./protocol.js";
import { DEFAULT_RECONCILE, type ReconcileOptions } from "./reconcile.js";
import {
  answerRound,
  emptyRound,
  ingestFromPeer,
  type RoundBody,
  type StepContext,
} from "./round-step.js";
import { SyncFailure, syncFail } from "./sync-error.js";
import { emptySyncReport, type SyncReport } from "./sync-report.js";
import type { SyncStore } from "./sync-store.js";

/** Who sent a message, as the transport knows it. */
export interface PeerAddress {
  /** The remote address (an IP, "memory", a file name). */
  readonly address: string;
}

/** Who a responder is talking to, once the message's proof is checked. */
export interface PeerIdentity {
  /** The key that signed the message, or null. */
  readonly key: string | null;
  readonly address: string;
}

/** The reader a peer is by default: its signing key, or an outsider. */
export function defaultReader(peer: PeerIdentity): Reader {
  return peer.key === null
    ? { kind: "outsider" }
    : { kind: "key", key: peer.key };
}

/** How a hub answers. */
export interface ResponderOptions {
  readonly budget?: SyncBudget;
  readonly reconcile?: ReconcileOptions;
  readonly now?: () => number;
  /**
   * Who a peer is as a reader (`defaultReader`: its key, or an outsider). A hub makes the
   * keys of its operator and peered hubs `{ kind: "peer", hosts }`.
   */
  readonly readerOf?: (peer: PeerIdentity) => Reader;
  /**
   * The scopes this side serves at all and takes events of (default: every one it holds;
   * with a list, pushed events of other scopes are dropped unread).
   */
  readonly hosted?: () => Hosted;
  /** Called with each message's ingest counts (for logs and the live feed). */
  readonly onIngest?: (peer: PeerIdentity, report: SyncReport) => void;
}

/** What a transport sends back: the answer's bytes, an HTTP-like status and the error code. */
export interface ResponderAnswer {
  readonly body: Uint8Array;
  readonly status: number;
  readonly code: string | null;
}

/** One table from sync error code to HTTP status (the hub's transport uses it). */
export const SYNC_HTTP_STATUS: Readonly<Record<string, number>> = {
  SYNC_MESSAGE_MALFORMED: 400,
  SYNC_RANGES_INVALID: 400,
  SYNC_VERSION_UNSUPPORTED: 400,
  SYNC_MESSAGE_TOO_LARGE: 413,
  SYNC_AUTH_INVALID: 401,
  SYNC_BUDGET_EXCEEDED: 429,
  SYNC_PEER_CUT_OFF: 429,
  SYNC_SOCKETS_FULL: 503,
  FEDERATION_MISMATCH: 409,
  STORE_EMPTY: 503,
  INTERNAL: 500,
};

/** Codes for which the sender is cut off: it broke a budget or sent what no honest peer sends. */
const CUT_OFF_FOR = new Set([
  "SYNC_BUDGET_EXCEEDED",
  "SYNC_MESSAGE_MALFORMED",
  "SYNC_MESSAGE_TOO_LARGE",
  "SYNC_RANGES_INVALID",
  "SYNC_AUTH_INVALID",
]);

/** Answers sync messages for one replica. */
export class SyncResponder {
  readonly ledger: PeerLedger;
  private readonly budget: SyncBudget;

  constructor(
    readonly source: SyncStore,
    private readonly options: ResponderOptions = {},
  ) {
    this.budget = options.budget ?? DEFAULT_BUDGET;
    this.ledger = new PeerLedger(this.budget);
  }

  /** The peer id budgets are kept under: the signing key, else the address. */
  static peerId(peer: PeerIdentity): string {
    return peer.key !== null ? `key:${peer.key}` : `addr:${peer.address}`;
  }

  /** Answers one message. Messages are handled one at a time (the replica is not re-entrant). */
  handle(bytes: Uint8Array, from: PeerAddress): Promise<ResponderAnswer> {
    return this.source.exclusive(() => this.answer(bytes, from));
  }

  private async answer(
    bytes: Uint8Array,
    from: PeerAddress,
  ): Promise<ResponderAnswer> {
    const now = (this.options.now ?? Date.now)();
    let peerId = `addr:${from.address}`;
    try {
      if (bytes.length > this.budget.maxMessageBytes)
        syncFail("SYNC_MESSAGE_TOO_LARGE", {
          size: bytes.length,
          limit: this.budget.maxMessageBytes,
        });
      const message = decodeMessage(bytes, decodeLimitsOf(this.budget));
      if (message.type === "error") return this.reply(emptyRound(), null);
      const signer = messageSigner(message, now, this.budget.authSkewMs);
      if (signer === "invalid") syncFail("SYNC_AUTH_INVALID", {});
      // Budgets are kept per key for signed messages, per address otherwise: a cut-off
      // address does not shut out the keys that sign from behind it.
      const peer: PeerIdentity = { key: signer, address: from.address };
      peerId = SyncResponder.peerId(peer);
      const meter = this.ledger.enter(peerId, now);
      meter.charge("rounds", 1);
      meter.charge("bytesIn", bytes.length);
      const federation = this.source.federation;
      if (federation === null) syncFail("SYNC_PEER_ERROR", { reason: "empty" });
      const asked = message.federation;
      if (
        asked !== federation &&
        !(
          message.type === "hello" &&
          asked === ANY_FEDERATION &&
          message.scopes.length === 0
        )
      )
        syncFail("FEDERATION_MISMATCH", { expected: federation, got: asked });
      const reader = (this.options.readerOf ?? defaultReader)(peer);
      const hosted = this.options.hosted?.() ?? "all";
      // Revoked and frozen keys' events go to trusted peers only (core's `withheldEvents`).
      const view = this.source.view(
        this.source.readableScopes(reader, hosted),
        {
          withhold: !isServedWithheld(reader),
        },
      );
      const report = emptySyncReport();
      const ctx: StepContext = {
        source: this.source,
        view,
        ...(hosted === "all"
          ? {}
          : { accepts: (s: string) => s === federation || hosted.has(s) }),
        budget: this.budget,
        meter,
        peer: peerId,
        origin: peer,
        report,
        reconcile: this.options.reconcile ?? DEFAULT_RECONCILE,
        wantTries: new Map(),
      };
      let body: RoundBody;
      if (message.type === "hello") body = await this.answerHello(ctx, message);
      else {
        await ingestFromPeer(ctx, message.events);
        body = await answerRound(ctx, message);
      }
      if (report.added + report.rejected + report.quarantined > 0)
        this.options.onIngest?.(peer, report);
      return this.reply(body, null, federation);
    } catch (e) {
      if (!(e instanceof SyncFailure)) throw e;
      if (CUT_OFF_FOR.has(e.error.code))
        this.ledger.cutOff(peerId, now, e.error.code);
      return this.reply(null, e);
    }
  }

  /**
   * A hello: scopes the peer listed that are equal here are done; for the others the
   * opening ranges are answered, and this side's frontier of the scope goes along when the
   * digests differ (while the frontiers fit the limit together). Scopes the peer may read
   * but did not list, when it asked for all, are sent whole.
   */
  private async answerHello(
    ctx: StepContext,
    hello: HelloMessage,
  ): Promise<RoundBody> {
    const view = ctx.view;
    const parts: ScopePart[] = [];
    const frontiers = new Map<string, readonly FrontierEntry[]>();
    let frontierRoom = this.budget.frontierSendLimit;
    for (const s of hello.scopes) {
      const items = view.scope(s.scope);
      const index = items.index;
      if (
        s.count === index.size &&
        isEqualFingerprint(s.fingerprint, index.fingerprint(0, index.size))
      )
        continue;
      parts.push({
        scope: s.scope,
        ranges: s.ranges,
        after: [],
        frontier: null,
      });
      const frontier = items.frontier();
      if (
        frontier.length <= frontierRoom &&
        !isEqualFingerprint(s.frontierDigest, frontierDigest(frontier))
      ) {
        frontiers.set(s.scope, frontier);
        frontierRoom -= frontier.length;
      }
    }
    const listed = new Set(hello.scopes.map((s) => s.scope));
    const pushWhole = hello.all
      ? view.scopes().filter((s) => !listed.has(s))
      : [];
    if (parts.length === 0 && pushWhole.length === 0) return emptyRound();
    return answerRound(
      ctx,
      { ...emptyRound(), scopes: parts },
      { isOpening: true, pushWhole, frontiers },
    );
  }

  private reply(
    body: RoundBody | null,
    failure: SyncFailure | null,
    federation?: string,
  ): ResponderAnswer {
    if (failure !== null) {
      const details: Record<string, string | number | boolean> = {};
      for (const [k, v] of Object.entries(failure.error.details))
        if (
          typeof v === "string" ||
          typeof v === "number" ||
          typeof v === "boolean"
        )
          details[k] = v;
      return {
        body: encodeMessage({
          type: "error",
          code: failure.error.code,
          details,
        }),
        status: SYNC_HTTP_STATUS[failure.error.code] ?? 400,
        code: failure.error.code,
      };
    }
    const round: RoundMessage = {
      type: "round",
      federation: federation ?? this.source.federation ?? ANY_FEDERATION,
      ...(body ?? emptyRound()),
      auth: null,
    };
    return { body: encodeMessage(round), status: 200, code: null };
  }
}

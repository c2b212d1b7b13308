/**
 * @module The hub's one write gate: whether an event that arrives — posted (`POST
 * /api/events`), pushed by sync over HTTP or WebSocket, or carried by a peer — may go on to
 * the group committer, and under which quarantine source it waits if its parents are
 * missing. Every path asks `admit` and nothing else, so the same event gets the same answer
 * whichever road it took (docs/threat-model.md, "One write gate").
 */
import {
  checkEvent,
  EVENT_HANDLERS,
  type FoldEngine,
  SCOPE_FOUNDING_TYPES,
  type SignedEvent,
} from "../../core/index.js";
import { toHex } from "../../crypto/index.js";
import type { HubConfig } from "../config.js";
import type { Refusal } from "../group-commit.js";
import { RateLimiter } from "../rate-limiter.js";
import type { Viewer } from "../read/viewer.js";
import {
  judgeSecretBallot,
  SECRET_BALLOT_TYPE,
} from "./secret-ballot-admission.js";
import { SECRET_BALLOT_SOURCE } from "./secret-ballot-batch.js";

/**
 * Types a key may post into a scope it does not read: asking to join, or to continue after
 * a lost key. Such an event may depend only on the scope's founding event, the federation
 * scope and events the key may read (its own among them).
 */
const OUTSIDER_TYPES = new Set([
  "member.join-requested",
  "key.rotation-requested",
]);

/** Where an event came from, as the gate judges it. */
export interface WriteOrigin {
  /** The client's address (the per-address budgets). */
  readonly address: string;
  /**
   * A trusted peer (the operator's key, a key given to `kenges peer trust`, a peer the hub
   * itself called): exempt from what only outsiders are limited by, never from validity.
   */
  readonly peer: string | null;
}

/** The gate's answer for one event. */
export type GateVerdict =
  | { readonly ok: true; readonly source: string }
  | { readonly ok: false; readonly error: Refusal };

/** What the gate needs of the hub: the fold, the federation and who a key is as a viewer. */
export interface GateHost {
  readonly fold: FoldEngine;
  readonly federation: string | null;
  viewer(key: string): Viewer;
  /** True when another secret ballot than `id` by the one-time key `key` waits in a batch. */
  isSecretBallotWaiting(key: string, id: string): boolean;
}

/** The verdict of an event of a post refused whole for another event's sake. */
export const HELD_BACK: GateVerdict = Object.freeze({
  ok: false,
  error: Object.freeze({ code: "WRITE_NOT_ALLOWED", details: {} }),
});

function refuse(code: string, details: Record<string, unknown>): GateVerdict {
  return { ok: false, error: { code, details } };
}

/** The keys whose events the fold cuts off (revoked keys; forked or rotated chains). */
interface CutKeys {
  readonly revoked: ReadonlySet<string>;
  /** `${scope} ${key}` of chains cut in a scope. */
  readonly chains: ReadonlySet<string>;
}

export class WriteGate {
  /** Each member key's events. */
  private readonly keyLimiter: RateLimiter;
  /** Events of keys that act for no member here (or are cut off), per client address. */
  private readonly strangerLimiter: RateLimiter;
  /**
   * The same, shared by every such key and address together: a new key (or address) per
   * message starts no new budget of its own beyond its address's, and all of them together
   * cannot pass this one.
   */
  private readonly strangersLimiter: RateLimiter;
  /** Refused events (bad bytes, signature, scope), per client address. */
  private readonly refusedLimiter: RateLimiter;
  private cut: { at: string; keys: CutKeys } | null = null;

  constructor(
    private readonly host: GateHost,
    limits: HubConfig["limits"],
  ) {
    this.keyLimiter = new RateLimiter(
      limits.keyEventsPerSecond,
      limits.keyBurst,
    );
    this.strangerLimiter = new RateLimiter(
      limits.joinsPerMinute / 60,
      limits.joinBurst,
    );
    this.strangersLimiter = new RateLimiter(
      limits.strangersPerMinute / 60,
      limits.strangersBurst,
    );
    this.refusedLimiter = new RateLimiter(
      limits.refusedPerMinute / 60,
      limits.refusedBurst,
    );
  }

  /** Refuses a client whose refused-events budget is spent (RATE_LIMITED), before any work. */
  checkClient(address: string): Refusal | null {
    if (this.refusedLimiter.has(address)) return null;
    return {
      code: "RATE_LIMITED",
      details: { retryAfter: this.refusedLimiter.retryAfter(address) },
    };
  }

  /** Counts bytes that did not even decode against the client. */
  chargeRefused(address: string): void {
    this.refusedLimiter.charge(address);
  }

  /**
   * Judges events in order (parents first, as they arrive): validity for everyone; for all
   * but trusted peers, the write rule and the rate limits. One verdict per event; a refused
   * event spends nothing of the per-key budgets.
   */
  admit(
    events: readonly SignedEvent[],
    origin: WriteOrigin,
    options: { readonly whole?: boolean } = {},
  ): GateVerdict[] {
    const judged = this.judge(events, origin);
    // A post is refused whole: it spends no budget unless every event may go in.
    if (options.whole && judged.some((v) => v !== null && !v.ok))
      return judged.map((v) => v ?? HELD_BACK);
    return judged.map((v, i) => v ?? this.spend(events[i]!, origin));
  }

  /**
   * Validity for everyone; for all but trusted peers the write rule. Null for an event that
   * may go in once it has spent its budget.
   */
  private judge(
    events: readonly SignedEvent[],
    origin: WriteOrigin,
  ): (GateVerdict | null)[] {
    const fold = this.host.fold;
    const federation = this.host.federation;
    const founded = new Set<string>();
    /** One-time keys of the secret ballots passed in this call. */
    const castNow = new Set<string>();
    const verdicts: (GateVerdict | null)[] = [];
    for (const e of events) {
      const refusedClient =
        origin.peer === null ? this.checkClient(origin.address) : null;
      if (refusedClient) {
        verdicts.push({ ok: false, error: refusedClient });
        continue;
      }
      const checked = checkEvent(e, EVENT_HANDLERS, {
        federation,
        payloadPending: true,
      });
      if (!checked.ok) {
        if (origin.peer === null) this.refusedLimiter.charge(origin.address);
        verdicts.push({ ok: false, error: checked.error });
        continue;
      }
      if (origin.peer !== null) {
        verdicts.push({ ok: true, source: `peer:${origin.peer}` });
        continue;
      }
      const isSecretBallot = e.envelope.type === SECRET_BALLOT_TYPE;
      // An event held already is stored nothing new (at most its payload): no budget spent.
      if (fold.has(e.id)) {
        verdicts.push({
          ok: true,
          source: isSecretBallot
            ? SECRET_BALLOT_SOURCE
            : `outsider:${origin.address}`,
        });
        continue;
      }
      if (isSecretBallot) {
        // Its key acts for nobody and reads nothing: it goes in on its tokens alone. Valid
        // ballots are bounded by the tokens registrars issued, so they spend no budget;
        // refused ones spend the address's, as every refusal does.
        const refused = judgeSecretBallot(
          fold,
          e,
          (key) =>
            castNow.has(key) || this.host.isSecretBallotWaiting(key, e.id),
        );
        if (refused !== null) {
          this.refusedLimiter.charge(origin.address);
          verdicts.push({ ok: false, error: refused });
        } else {
          castNow.add(toHex(e.envelope.author));
          verdicts.push({ ok: true, source: SECRET_BALLOT_SOURCE });
        }
        continue;
      }
      const viewer = this.host.viewer(toHex(e.envelope.author));
      if (!mayPost(fold, e, viewer, founded)) {
        verdicts.push(
          refuse("WRITE_NOT_ALLOWED", { id: e.id, type: e.envelope.type }),
        );
        continue;
      }
      if (SCOPE_FOUNDING_TYPES.has(e.envelope.type)) founded.add(e.id);
      verdicts.push(null);
    }
    return verdicts;
  }

  /** Spends the author's budget (a member's key, or the strangers'); names the quarantine source. */
  private spend(e: SignedEvent, origin: WriteOrigin): GateVerdict {
    const author = toHex(e.envelope.author);
    const viewer = this.host.viewer(author);
    const belongs = viewer.takesPart.size > 0 || viewer.coordinator;
    const limited =
      belongs && !this.isCutOff(e, author)
        ? this.spendMember(author)
        : this.spendStranger(origin.address);
    if (limited !== null) return limited;
    return {
      ok: true,
      source: belongs ? `member:${author}` : `outsider:${origin.address}`,
    };
  }

  private spendMember(author: string): GateVerdict | null {
    if (this.keyLimiter.take(author)) return null;
    return refuse("RATE_LIMITED", {
      retryAfter: this.keyLimiter.retryAfter(author),
    });
  }

  /** A stranger's event spends its address's budget and the budget all strangers share. */
  private spendStranger(address: string): GateVerdict | null {
    if (!this.strangerLimiter.has(address))
      return refuse("RATE_LIMITED", {
        retryAfter: this.strangerLimiter.retryAfter(address),
      });
    if (!this.strangersLimiter.take("all"))
      return refuse("RATE_LIMITED", {
        retryAfter: this.strangersLimiter.retryAfter("all"),
      });
    this.strangerLimiter.take(address);
    return null;
  }

  /** True when the fold cuts the author off (revoked, or its chain here forked or rotated). */
  private isCutOff(e: SignedEvent, author: string): boolean {
    const keys = this.cutKeys();
    if (keys.revoked.has(author)) return true;
    const scope = e.envelope.scope === null ? e.id : toHex(e.envelope.scope);
    return keys.chains.has(`${scope} ${author}`);
  }

  private cutKeys(): CutKeys {
    const fold = this.host.fold;
    const at = `${fold.size} ${fold.stats.rewinds} ${fold.state.invalid.size}`;
    if (this.cut?.at !== at) {
      const cutoffs = fold.cutoffs();
      this.cut = {
        at,
        keys: {
          revoked: new Set(cutoffs.keys.map((k) => k.key)),
          chains: new Set(cutoffs.chains.map((c) => `${c.scope} ${c.key}`)),
        },
      };
    }
    return this.cut.keys;
  }
}

/**
 * Whether the author may post this event here, given the scopes founded earlier in the same
 * batch. A member posts into scopes it reads; anyone may ask to join a scope, naming nothing
 * of it but its founding event. A held parent in a scope the author may not read refuses the
 * event just as a scope it may not read does: the hub answers nothing about such scopes.
 */
function mayPost(
  fold: FoldEngine,
  e: SignedEvent,
  author: Viewer,
  founded: ReadonlySet<string>,
): boolean {
  const env = e.envelope;
  const fed = fold.federationScope;
  const founding = SCOPE_FOUNDING_TYPES.has(env.type);
  const scope = env.scope === null ? e.id : toHex(env.scope);
  const reads = (s: string | null) =>
    s !== null && (s === fed || author.reads.has(s) || founded.has(s));
  const belongs = author.takesPart.size > 0 || author.coordinator;
  let parentOk: (id: string) => boolean;
  if (OUTSIDER_TYPES.has(env.type))
    parentOk = (id) =>
      id === scope ||
      (fold.has(id) &&
        (reads(fold.scopeOf(id)) || fold.chainSlot(id)?.author === author.key));
  else if (founding || (belongs && reads(scope)))
    parentOk = (id) => !fold.has(id) || reads(fold.scopeOf(id));
  else return false;
  const parents = env.prev === null ? env.deps : [env.prev, ...env.deps];
  return parents.every((p) => parentOk(toHex(p))) && (!founding || belongs);
}

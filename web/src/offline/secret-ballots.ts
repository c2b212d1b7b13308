/**
 * @module A member's secret votes in this browser (docs/events.md §6.6), as `kenges vote`
 * takes them: a ticket per motion — a fresh one-time key, blinded for every registrar through
 * RFC 9474 (`src/crypto/blind-token.ts`, WebCrypto) — then a signed `token.requested` through
 * the outbox; once every registrar's `token.issued` is in the copy, the tokens are unblinded;
 * once the member chose, `ballot.secret` is signed by the one-time key with the envelope the
 * rule fixes and sent WITHOUT the member's session. The ticket is what links the member to the
 * ballot: it is sealed in the vault (vault.ts) under an opaque name, never kept plain. Tokens
 * fetched while online can be spent offline: the signed ballot waits in the ticket and goes
 * when the hub answers again.
 *
 * And the registrar's side: a key offered from this browser (`registrar.offered`, an RSA key
 * made by WebCrypto, its private half sealed in the vault) answers the valid token requests
 * of its motion automatically while the app is open here.
 */
import {
  encodeWireEvent,
  membersOfKey,
  recountMotion,
  type SecretMotionRecord,
  secretBallotMessage,
  signEvent,
  tokenIssuanceOf,
} from "../../../src/core/index.js";
import {
  blindToken,
  finalizeToken,
  generateTokenKey,
  signBlindedToken,
  type TokenKeyPair,
} from "../../../src/crypto/blind-token.js";
import {
  type CanonicalValue,
  fromHex,
  generateKeyPair,
  keyPairFromSecret,
  toHex,
} from "../../../src/crypto/index.js";
import { ApiError, api } from "../api/client.js";
import type { PostResults } from "../api/types.js";
import { committed, done } from "./db.js";
import type { BrowserReplica } from "./replica.js";
import type { RegistrarStatus, SecretVoteStatus } from "./status.js";
import type { Vault } from "./vault.js";

/** Bits of a registrar key made here: the command line's size (src/cli/registrar-keys.ts). */
export const REGISTRAR_KEY_BITS = 3072;

/** A member's ticket for one secret motion (sealed; the names in the database are opaque). */
interface Ticket {
  readonly motion: string;
  readonly body: string;
  /** The one-time key's secret (hex). */
  readonly oneTimeSecret: string;
  /** Per registrar, in the motion's order: the blinded message and its inverse (hex). */
  readonly blinded: readonly { blinded: string; inverse: string }[];
  /** The `token.requested` event, once signed. */
  readonly request: string | null;
  /** The unblinded tokens, once every registrar answered. */
  readonly tokens: readonly string[] | null;
  /** The member's choice, kept until the ballot is signed. */
  readonly choice: CanonicalValue | null;
  /** The `ballot.secret` event, once signed. */
  readonly ballot: string | null;
  /** The signed ballot (base64url wire) until the hub took it. */
  readonly wire: string | null;
  /** The hub's refusal of the ballot or the tokens (a code), if any. */
  readonly refused: string | null;
}

const TICKET = "secret";
const REGISTRAR = "registrar";

function base64Url(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Codes and statuses that say "later", not "never". */
function isTransient(e: ApiError): boolean {
  return (
    e.status === 0 ||
    e.status === 408 ||
    e.status === 429 ||
    e.status >= 500 ||
    ["NETWORK", "RATE_LIMITED", "HUB_BUSY"].includes(e.code)
  );
}

/** What the secret-vote machinery needs of the engine. */
export interface SecretHooks {
  /** Signs an action of the member into the outbox and sends it; resolves with its id. */
  act(scope: string, type: string, payload: CanonicalValue): Promise<string>;
  /** The copy kept here, or null. */
  replica(): Promise<BrowserReplica | null>;
  /** Publishes what the pages show. */
  publish(votes: SecretVoteStatus[], registrar: RegistrarStatus[]): void;
  /** The hub took a ballot: read again, and bring the copy level. */
  delivered(): void;
}

export class SecretBallots {
  /** The member's own ballots (id → motion): never named by a later event. */
  private readonly own = new Map<string, string>();
  /** Requests this registrar answered in this session (the copy may not hold them yet). */
  private readonly answered = new Set<string>();
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly db: IDBDatabase,
    private readonly vault: Vault,
    private readonly memberKey: string,
    private readonly hooks: SecretHooks,
  ) {}

  private loaded: Promise<void> | null = null;

  /** The member's own secret ballots (id → motion), for the deps rule: read once, then kept. */
  async ownBallots(): Promise<ReadonlyMap<string, string>> {
    this.loaded ??= this.all(TICKET).then((all) => {
      for (const v of all) {
        const t = v as unknown as Ticket;
        if (t.ballot) this.own.set(t.ballot, t.motion);
      }
    });
    await this.loaded;
    return this.own;
  }

  private name(kind: string, id: string): string {
    return `${kind}:${this.vault.tag(`${kind} ${id}`)}`;
  }

  private async read(kind: string, id: string): Promise<CanonicalValue | null> {
    const name = this.name(kind, id);
    const sealed = await done(
      this.db.transaction("meta").objectStore("meta").get(name),
    );
    return this.vault.open(`meta:${name}`, sealed);
  }

  private async write(
    kind: string,
    id: string,
    value: CanonicalValue,
  ): Promise<void> {
    const name = this.name(kind, id);
    const tx = this.db.transaction("meta", "readwrite");
    tx.objectStore("meta").put(this.vault.seal(`meta:${name}`, value), name);
    await committed(tx);
  }

  /** Every record of a kind (opened; those that do not open are skipped). */
  private async all(kind: string): Promise<CanonicalValue[]> {
    const store = this.db.transaction("meta").objectStore("meta");
    const range = IDBKeyRange.bound(`${kind}:`, `${kind}:\uffff`);
    const [keys, values] = await Promise.all([
      done(store.getAllKeys(range)),
      done(store.getAll(range)),
    ]);
    const out: CanonicalValue[] = [];
    keys.forEach((k, i) => {
      const v = this.vault.open(`meta:${String(k)}`, values[i]);
      if (v !== null) out.push(v);
    });
    return out;
  }

  private async ticket(motion: string): Promise<Ticket | null> {
    return (await this.read(TICKET, motion)) as Ticket | null;
  }

  private save(t: Ticket): Promise<void> {
    return this.write(TICKET, t.motion, t as unknown as CanonicalValue);
  }

  /** The member this key acts for in the copy. */
  private memberIn(replica: BrowserReplica): string {
    for (const m of membersOfKey(replica.fold, this.memberKey))
      if (m !== this.memberKey) return m;
    return this.memberKey;
  }

  /**
   * The member's vote on a secret motion: asks for tokens the first time (`choice` null only
   * asks), keeps the choice, and takes every step it can now. Throws ApiError with a code.
   */
  async vote(motion: string, choice: CanonicalValue | null): Promise<void> {
    await this.exclusive(() => this.keepChoice(motion, choice));
    await this.advance();
  }

  /** The ticket of `motion` made (and its tokens asked for) if need be, with the choice kept. */
  private async keepChoice(
    motion: string,
    choice: CanonicalValue | null,
  ): Promise<void> {
    const replica = await this.hooks.replica();
    const secret = replica?.fold.state.secretMotions.get(motion);
    if (replica === null || secret === undefined)
      throw new ApiError("OFFLINE_NO_BASIS", "", 0);
    const status = replica.fold.state.motions.get(motion)?.status ?? "open";
    if (status !== "open")
      throw new ApiError("MOTION_NOT_OPEN", "", 0, { motion, status });
    let t = await this.ticket(motion);
    if (t?.ballot)
      throw new ApiError("SECRET_BALLOT_ALREADY_CAST", "", 0, { motion });
    if (t === null) {
      const member = this.memberIn(replica);
      if (!secret.roll.includes(member))
        throw new ApiError("NOT_ON_ROLL", "", 0, { motion, member });
      t = await newTicket(secret);
    }
    if (choice !== null) t = { ...t, choice };
    // The blinding secrets are kept before the request is signed: a request whose secrets
    // were lost would spend the member's one request for nothing.
    await this.save(t);
    if (t.request === null) {
      const request = await this.hooks.act(secret.body, "token.requested", {
        motion,
        blinded: t.blinded.map((b) => b.blinded),
      });
      await this.save({ ...t, request });
    }
  }

  /**
   * Takes every step each ticket and registrar key can take now: unblinds tokens, signs
   * chosen ballots, sends the waiting ones without the session, answers token requests; then
   * publishes where things stand. One run at a time; a call during a run runs once more after.
   */
  advance(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      for (;;) {
        this.again = false;
        await this.exclusive(() => this.step()).catch(() => {});
        // Cleared in the same turn as the last look at `again`: no call is lost between.
        if (!this.again) {
          this.running = null;
          return;
        }
      }
    })();
    return this.running;
  }

  private lock: Promise<unknown> = Promise.resolve();

  /** Runs `fn` alone among the ticket's readers and writers (a vote, a step). */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.lock.then(fn, fn);
    this.lock = next.catch(() => {});
    return next;
  }

  private async step(): Promise<void> {
    const replica = await this.hooks.replica();
    const votes: SecretVoteStatus[] = [];
    let delivered = false;
    for (const v of await this.all(TICKET)) {
      const before = v as unknown as Ticket;
      const t = await this.stepTicket(replica, before);
      if (before.wire !== null && t.wire === null && t.refused === null)
        delivered = true;
      votes.push(this.statusOf(replica, t));
    }
    const registrar = replica === null ? [] : await this.answer(replica);
    this.hooks.publish(votes, registrar);
    if (delivered) this.hooks.delivered();
  }

  private async stepTicket(
    replica: BrowserReplica | null,
    t0: Ticket,
  ): Promise<Ticket> {
    let t = t0;
    if (t.ballot !== null) this.own.set(t.ballot, t.motion);
    if (replica === null || t.refused !== null) return t;
    const fold = replica.fold;
    const secret = fold.state.secretMotions.get(t.motion);
    if (secret === undefined) return t;
    if (t.request === null) {
      // Signed, but the page closed before its id was kept: the copy holds it by its blinding.
      for (const r of fold.state.tokenRequests.values())
        if (r.motion === t.motion && r.blinded[0] === t.blinded[0]?.blinded) {
          t = { ...t, request: r.id };
          await this.save(t);
        }
      if (t.request === null) return t;
    }
    if (t.tokens === null) {
      const tokens = await this.unblind(replica, secret, t);
      if (tokens === "bad") {
        t = { ...t, refused: "TOKEN_ISSUANCE_BAD" };
        await this.save(t);
        return t;
      }
      if (tokens === null) return t;
      t = { ...t, tokens };
      await this.save(t);
    }
    const open = fold.state.motions.get(t.motion)?.status === "open";
    if (t.ballot === null && t.choice !== null && t.tokens !== null && open) {
      const openedAt = fold.timeOf(t.motion);
      if (openedAt === null || replica.federation === null) return t;
      const ballot = signEvent(keyPairFromSecret(fromHex(t.oneTimeSecret)!), {
        federation: replica.federation,
        scope: secret.body,
        seq: 1,
        kseq: 1,
        prev: null,
        deps: [t.motion],
        time: openedAt,
        type: "ballot.secret",
        payload: { motion: t.motion, choice: t.choice, tokens: [...t.tokens] },
      });
      t = { ...t, ballot: ballot.id, wire: base64Url(encodeWireEvent(ballot)) };
      this.own.set(ballot.id, t.motion);
      await this.save(t);
    }
    if (t.wire !== null) t = await this.send(t);
    return t;
  }

  /** Every registrar's answer unblinded; null while one is missing; "bad" when one is wrong. */
  private async unblind(
    replica: BrowserReplica,
    secret: SecretMotionRecord,
    t: Ticket,
  ): Promise<string[] | null | "bad"> {
    const message = secretBallotMessage(
      secret.motion,
      toHex(keyPairFromSecret(fromHex(t.oneTimeSecret)!).publicKey),
    );
    const tokens: string[] = [];
    for (let i = 0; i < secret.registrars.length; i++) {
      const issued = tokenIssuanceOf(replica.fold.state, t.request!, i);
      if (issued === null) return null;
      const b = t.blinded[i]!;
      try {
        const token = await finalizeToken(
          fromHex(secret.registrars[i]!.key)!,
          message,
          fromHex(issued)!,
          { blinded: fromHex(b.blinded)!, inverse: fromHex(b.inverse)! },
        );
        tokens.push(toHex(token));
      } catch {
        return "bad";
      }
    }
    return tokens;
  }

  /** Sends a signed ballot without the member's session; keeps it when the hub is not there. */
  private async send(t: Ticket): Promise<Ticket> {
    let next: Ticket;
    try {
      const r = await api<PostResults>("/api/events", {
        method: "POST",
        body: { events: [t.wire] },
        anonymous: true,
      });
      const mine = r.results.find((x) => x.id === t.ballot);
      next = {
        ...t,
        wire: null,
        choice: null,
        refused: mine?.invalid?.code ?? null,
      };
    } catch (e) {
      if (!(e instanceof ApiError) || isTransient(e)) return t;
      next = { ...t, wire: null, refused: e.code };
    }
    await this.save(next);
    return next;
  }

  private statusOf(
    replica: BrowserReplica | null,
    t: Ticket,
  ): SecretVoteStatus {
    const base = {
      motion: t.motion,
      waitingFor: [] as string[],
      choice: t.choice,
      refused: t.refused,
    };
    if (t.refused !== null) return { ...base, step: "refused" };
    const fold = replica?.fold ?? null;
    const secret = fold?.state.secretMotions.get(t.motion);
    if (t.ballot !== null && t.wire === null && fold !== null) {
      if (fold.state.motions.get(t.motion)?.status === "decided") {
        const recount = recountMotion(fold, t.motion);
        const counted =
          recount.ok &&
          recount.value.counted.some((c) => c.ballot.id === t.ballot);
        return { ...base, step: counted ? "counted" : "not-counted" };
      }
      return { ...base, step: fold.has(t.ballot) ? "held" : "sent" };
    }
    if (t.wire !== null) return { ...base, step: "waiting-to-send" };
    // Closed before a ballot was signed: a kept choice was never cast; tokens are of no use.
    const status = fold?.state.motions.get(t.motion)?.status ?? "open";
    if (t.ballot === null && status !== "open")
      return { ...base, step: t.choice === null ? "unused" : "not-counted" };
    if (t.tokens !== null) return { ...base, step: "tokens-ready" };
    if (t.request === null || secret === undefined || fold === null)
      return { ...base, step: "requesting" };
    const waitingFor = secret.registrars
      .filter((_, i) => tokenIssuanceOf(fold.state, t.request!, i) === null)
      .map((r) => r.offer);
    return { ...base, step: "waiting-tokens", waitingFor };
  }

  /**
   * Offers to be a registrar in `body`: a fresh RSA key made by WebCrypto, its private half
   * sealed here before the offer is signed (an offer whose key was lost could never issue).
   * Returns the offer's id.
   */
  async offer(body: string): Promise<string> {
    const key = await generateTokenKey(REGISTRAR_KEY_BITS);
    const publicKey = toHex(key.publicKey);
    const pkcs8 = await crypto.subtle.exportKey("pkcs8", key.privateKey);
    await this.write(REGISTRAR, publicKey, {
      publicKey,
      privateKey: toHex(new Uint8Array(pkcs8 as ArrayBuffer)),
    });
    return this.hooks.act(body, "registrar.offered", { key: publicKey });
  }

  private async registrarKey(publicKey: string): Promise<TokenKeyPair | null> {
    const v = (await this.read(REGISTRAR, publicKey)) as {
      publicKey?: string;
      privateKey?: string;
    } | null;
    if (typeof v?.privateKey !== "string") return null;
    const privateKey = await crypto.subtle.importKey(
      "pkcs8",
      fromHex(v.privateKey)!.slice(),
      { name: "RSA-PSS", hash: "SHA-384" },
      true,
      ["sign"],
    );
    return { publicKey: fromHex(publicKey)!, privateKey };
  }

  /**
   * Answers, as a registrar whose key is held here, every valid token request of an open
   * secret motion it has not answered — the fold's valid requests only (roll members, one
   * each), so the issuances match the roll for anyone who checks.
   */
  private async answer(replica: BrowserReplica): Promise<RegistrarStatus[]> {
    const state = replica.fold.state;
    const me = this.memberIn(replica);
    const out: RegistrarStatus[] = [];
    for (const secret of state.secretMotions.values()) {
      if (state.motions.get(secret.motion)?.status !== "open") continue;
      const i = secret.registrars.findIndex((r) => r.member === me);
      if (i < 0) continue;
      const registrar = secret.registrars[i]!;
      const key = await this.registrarKey(registrar.key);
      let pending = 0;
      for (const r of state.tokenRequests.values()) {
        if (r.motion !== secret.motion) continue;
        if (tokenIssuanceOf(state, r.id, i) !== null) continue;
        if (key === null || this.answered.has(`${r.id} ${i}`)) {
          pending++;
          continue;
        }
        try {
          const signature = await signBlindedToken(
            key,
            fromHex(r.blinded[i]!)!,
          );
          await this.hooks.act(secret.body, "token.issued", {
            request: r.id,
            signature: toHex(signature),
          });
          this.answered.add(`${r.id} ${i}`);
        } catch {
          pending++;
        }
      }
      out.push({ motion: secret.motion, keyHere: key !== null, pending });
    }
    return out;
  }
}

/** A fresh ticket: a new one-time key, blinded for each of the motion's registrars. */
async function newTicket(secret: SecretMotionRecord): Promise<Ticket> {
  const oneTime = generateKeyPair();
  const message = secretBallotMessage(secret.motion, toHex(oneTime.publicKey));
  const blinded: { blinded: string; inverse: string }[] = [];
  for (const r of secret.registrars) {
    const b = await blindToken(fromHex(r.key)!, message);
    blinded.push({ blinded: toHex(b.blinded), inverse: toHex(b.inverse) });
  }
  return {
    motion: secret.motion,
    body: secret.body,
    oneTimeSecret: toHex(oneTime.secretKey),
    blinded,
    request: null,
    tokens: null,
    choice: null,
    ballot: null,
    wire: null,
    refused: null,
  };
}

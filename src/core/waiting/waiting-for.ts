/**
 * @module What waits for a member: the one list the hub serves (`GET /api/me/waiting`) and the
 * browser computes from its offline copy when the hub is out of reach — the same function over
 * the same fold, so the two cannot drift. Only scopes the reader reads are looked at.
 */
import { membersOfKey, readableScopes } from "../access/readable-scopes.js";
import type { FoldEngine } from "../fold/fold.js";
import { pairKey } from "../fold/state.js";
import { mandateIn } from "../mandate/deviation.js";
import type { CausalView } from "../member/authority.js";
import { isMemberIn } from "../member/authority.js";
import type { BallotChoice } from "../motion/model.js";
import {
  delegatesIn,
  isBelowIn,
  isChairIn,
  isVoterIn,
  seatsOf,
} from "../seat/authority.js";
import type { I18nText } from "../text/i18n-text.js";

/** An open vote in one of the member's bodies that none of their keys' members has cast. */
export interface WaitingVote {
  readonly kind: "vote";
  readonly motion: string;
  readonly body: string;
  readonly bodyName: I18nText;
  readonly title: I18nText;
  readonly openedAt: number;
  /** The motion's closing time (ms since the epoch), or null when it has none. */
  readonly closesAt: number | null;
}

/** An open council vote the member sits on as a delegate, where their body bound a position. */
export interface WaitingMandate {
  readonly kind: "mandate";
  readonly motion: string;
  /** The council. */
  readonly body: string;
  readonly bodyName: I18nText;
  readonly title: I18nText;
  readonly openedAt: number;
  /** The motion's closing time (ms since the epoch), or null when it has none. */
  readonly closesAt: number | null;
  /** The body the member sits for, whose attested mandate binds the choice. */
  readonly for: string;
  readonly forName: I18nText;
  readonly bound: BallotChoice;
}

/** A pending join request, admitted by endorsements, that the member may vouch for and has not. */
export interface WaitingVouch {
  readonly kind: "vouch";
  readonly request: string;
  readonly body: string;
  readonly bodyName: I18nText;
  /** The name the newcomer gave. */
  readonly name: string;
  readonly time: number;
  readonly endorsements: number;
  readonly needed: number;
}

/** A call to action reaching a body the member chairs or convenes, not answered by the body. */
export interface WaitingCall {
  readonly kind: "call";
  readonly call: string;
  readonly council: string;
  readonly councilName: I18nText;
  /** The body that has to answer. */
  readonly body: string;
  readonly bodyName: I18nText;
  readonly title: I18nText;
  readonly startsAt: number;
}

/**
 * The ballots a delegate of the member's bodies has cast on a council, all of them: which are
 * new is for the member's device to say (what they looked at stays there, `newSinceSeen`).
 */
export interface WaitingDelegateBallots {
  readonly kind: "delegate-ballots";
  readonly council: string;
  readonly councilName: I18nText;
  readonly delegate: string;
  /** The delegate's name as the council knows them (null: unknown there). */
  readonly name: string | null;
  /** The member's bodies the delegate sits for on the council. */
  readonly bodies: readonly string[];
  readonly ballots: number;
  /** The claimed time of the newest ballot (display only). */
  readonly latest: number;
}

export type WaitingItem =
  | WaitingVote
  | WaitingMandate
  | WaitingVouch
  | WaitingCall
  | WaitingDelegateBallots;

/** The order kinds are shown in: what closes soonest in the member's hands first. */
export const WAITING_KINDS = [
  "mandate",
  "vote",
  "vouch",
  "call",
  "delegate-ballots",
] as const satisfies readonly WaitingItem["kind"][];

/** The key an item is known by on the member's device (what was seen of it). */
export function waitingKey(item: WaitingItem): string {
  switch (item.kind) {
    case "vote":
    case "mandate":
      return `motion ${item.motion}`;
    case "vouch":
      return `request ${item.request}`;
    case "call":
      return `call ${item.call} ${item.body}`;
    case "delegate-ballots":
      return `delegate ${item.council} ${item.delegate}`;
  }
}

/** A vote's closing time, for putting the soonest first (Infinity: none). */
function closingOf(item: WaitingItem): number {
  return (item.kind === "vote" || item.kind === "mandate") &&
    item.closesAt !== null
    ? item.closesAt
    : Number.POSITIVE_INFINITY;
}

function timeOf(item: WaitingItem): number {
  switch (item.kind) {
    case "vote":
    case "mandate":
      return item.openedAt;
    case "vouch":
      return item.time;
    case "call":
      return item.startsAt;
    case "delegate-ballots":
      return item.latest;
  }
}

/** The present fold, seeing only the scopes read. */
function presentViewOf(
  fold: FoldEngine,
  reads: ReadonlySet<string>,
): CausalView {
  const index = fold.index;
  const sees = (scope: string) => reads.has(scope);
  return {
    state: fold.state,
    knows: () => true,
    precedes: (x, y) => index.precedes(x, y),
    sees,
    canSee: sees,
  };
}

/**
 * Everything waiting for the member a key acts for, in the scopes `reads` (default: what core's
 * access rule lets the key read on this fold). Each thing once: a vote once however many of the
 * key's members may cast it; a delegate once per council however many of the member's bodies
 * they sit for. Sorted by kind (`WAITING_KINDS`), then votes with a closing time soonest to
 * close first, then newest first.
 */
export function waitingFor(
  fold: FoldEngine,
  key: string,
  reads: ReadonlySet<string> = readableScopes(fold, { kind: "key", key }),
): WaitingItem[] {
  const state = fold.state;
  const view = presentViewOf(fold, reads);
  const mine = [...membersOfKey(fold, key)].sort();
  const nameOf = (body: string) => state.bodies.get(body)?.name ?? {};
  const items: WaitingItem[] = [];

  for (const m of state.motions.values()) {
    if (m.status !== "open" || !reads.has(m.body)) continue;
    const voters = mine.filter((x) => isVoterIn(view, m.body, x));
    if (voters.length === 0) continue;
    if (state.ballots.get(m.id).some((b) => voters.includes(b.member)))
      continue;
    // A secret ballot names nobody, so nothing here can tell whether the member has voted;
    // what shows is whether they asked for tokens — after that the vote waits on their device.
    if (
      state.secretMotions.has(m.id) &&
      voters.some((x) => state.memberTokenRequests.has(`${m.id} ${x}`))
    )
      continue;
    let bound: { for: string; choice: BallotChoice } | null = null;
    if (state.bodies.get(m.body)?.kind === "council")
      for (const x of voters)
        for (const b of seatsOf(view, m.body, x).sort()) {
          const position = mandateIn(view, m.body, b)?.positions.find(
            (p) => p.motion === m.id,
          );
          if (bound === null && position !== undefined)
            bound = { for: b, choice: position.choice };
        }
    const common = {
      motion: m.id,
      body: m.body,
      bodyName: nameOf(m.body),
      title: m.title,
      openedAt: m.openedAt,
      closesAt: m.closesAt ?? null,
    };
    items.push(
      bound === null
        ? { kind: "vote", ...common }
        : {
            kind: "mandate",
            ...common,
            for: bound.for,
            // The body's own name where the reader reads it, else its card on the council
            // (what the council knows of it): never a name from a scope the reader does not read.
            forName: reads.has(bound.for)
              ? nameOf(bound.for)
              : (state.links.get(pairKey(m.body, bound.for))?.card.name ?? {}),
            bound: bound.choice,
          },
    );
  }

  for (const r of state.joinRequests.values()) {
    if (r.status !== "pending" || r.needed === 0 || !reads.has(r.body))
      continue;
    if (mine.includes(r.member) || r.endorsedBy.some((e) => mine.includes(e)))
      continue;
    if (!mine.some((x) => isVoterIn(view, r.body, x))) continue;
    items.push({
      kind: "vouch",
      request: r.id,
      body: r.body,
      bodyName: nameOf(r.body),
      name: r.name,
      time: r.time,
      endorsements: r.endorsedBy.length,
      needed: r.needed,
    });
  }

  const chaired = [...state.bodies.values()].filter(
    (b) => reads.has(b.id) && mine.some((x) => isChairIn(view, b.id, x)),
  );
  for (const c of state.calls.values()) {
    if (!reads.has(c.council)) continue;
    for (const b of chaired) {
      const reached =
        c.scope === "all"
          ? isBelowIn(view, b.id, c.council)
          : c.scope.some((s) => s === b.id || isBelowIn(view, b.id, s));
      if (!reached || state.answers.get(pairKey(b.id, c.id)).length > 0)
        continue;
      items.push({
        kind: "call",
        call: c.id,
        council: c.council,
        councilName: nameOf(c.council),
        body: b.id,
        bodyName: b.name,
        title: c.title,
        startsAt: c.startsAt,
      });
    }
  }

  // Delegates of the member's bodies, once per council and delegate.
  const sentBy = new Map<string, Set<string>>();
  for (const d of state.delegations.values()) {
    if (!reads.has(d.council) || !reads.has(d.body)) continue;
    if (!mine.some((x) => isMemberIn(view, d.body, x))) continue;
    for (const delegate of delegatesIn(view, d.council, d.body)) {
      if (mine.includes(delegate)) continue;
      const k = pairKey(d.council, delegate);
      const bodies = sentBy.get(k) ?? new Set<string>();
      bodies.add(d.body);
      sentBy.set(k, bodies);
    }
  }
  if (sentBy.size > 0) {
    const cast = new Map<string, { ballots: number; latest: number }>();
    for (const m of state.motions.values()) {
      if (!reads.has(m.body)) continue;
      for (const b of state.ballots.get(m.id)) {
        const k = pairKey(m.body, b.member);
        if (!sentBy.has(k)) continue;
        const c = cast.get(k) ?? { ballots: 0, latest: 0 };
        cast.set(k, {
          ballots: c.ballots + 1,
          latest: Math.max(c.latest, b.time),
        });
      }
    }
    for (const [k, bodies] of sentBy) {
      const c = cast.get(k);
      if (c === undefined) continue;
      const space = k.indexOf(" ");
      const council = k.slice(0, space);
      const delegate = k.slice(space + 1);
      items.push({
        kind: "delegate-ballots",
        council,
        councilName: nameOf(council),
        delegate,
        name: state.members.get(pairKey(council, delegate))?.name ?? null,
        bodies: [...bodies].sort(),
        ballots: c.ballots,
        latest: c.latest,
      });
    }
  }

  const rank = (i: WaitingItem) => WAITING_KINDS.indexOf(i.kind);
  const byClosing = (a: WaitingItem, b: WaitingItem) => {
    const x = closingOf(a);
    const y = closingOf(b);
    return x === y ? 0 : x < y ? -1 : 1;
  };
  return items.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      byClosing(a, b) ||
      timeOf(b) - timeOf(a) ||
      (waitingKey(a) < waitingKey(b) ? -1 : 1),
  );
}

/** A delegate's ballots the member has not looked at yet, as their device shows them. */
export type WaitingShown =
  | Exclude<WaitingItem, WaitingDelegateBallots>
  | (WaitingDelegateBallots & {
      /** Ballots cast since the member last looked at the delegate's record. */
      readonly fresh: number;
    });

/**
 * The list as shown: a delegate's ballots only when some are new since the member last looked
 * (`seen`: the ballot count then, by `waitingKey`; never looked: all are new); everything else
 * as it is.
 */
export function newSinceSeen(
  items: readonly WaitingItem[],
  seen: (key: string) => number | undefined,
): WaitingShown[] {
  const out: WaitingShown[] = [];
  for (const item of items) {
    if (item.kind !== "delegate-ballots") {
      out.push(item);
      continue;
    }
    const fresh =
      item.ballots - Math.min(seen(waitingKey(item)) ?? 0, item.ballots);
    if (fresh > 0) out.push({ ...item, fresh });
  }
  return out;
}

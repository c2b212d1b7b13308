/**
 * @module The body page, for a body in a scope the viewer reads (any other body is
 * BODY_NOT_FOUND, exactly as one that does not exist). Every body: its rules, chairs,
 * members, motions and pending join requests; its own delegations per council (whom its
 * closes elected, and whom the council seated on its attesters' word), its mandates, the calls
 * that reach it with its answers; the attestation audit — every claim about it on the
 * councils above, checked against its own log, mismatches flagged — and, for its attesters,
 * the claims still to sign. A council besides: the cards of the bodies below it with their
 * delegates and mandates as attested, deviations from mandates, its demands with their
 * aggregates, the calls it sees with their roll-ups (people counted once), and the referendums
 * it sees with the results attested from below, summed (each body once).
 */

import type { BodyView, CouncilSection } from "../../api/index.js";
import {
  aggregateDemand,
  attestedCountIn,
  auditAttestations,
  type BodyRecord,
  pairKey,
  pendingClaims,
  rollupCall,
  tallyReferendum,
} from "../../core/index.js";
import type { Hub } from "../hub.js";
import { HubError } from "../hub-error.js";
import { bodySummary, nameIn } from "./body-summary.js";
import { reaches } from "./call-reach.js";
import { joinLookalikes } from "./join-lookalikes.js";
import { mandateView } from "./mandate-view.js";
import { byRecency, motionSummary } from "./motion-summary.js";
import { canRead, presentView, type Viewer } from "./viewer.js";

/** The body a viewer reads, or BODY_NOT_FOUND — the same answer for one that does not exist. */
export function readableBody(hub: Hub, viewer: Viewer, id: string): BodyRecord {
  const body = hub.replica.fold.state.bodies.get(id);
  if (body === undefined || !canRead(viewer, id))
    throw new HubError("BODY_NOT_FOUND", { body: id });
  return body;
}

function councilSection(
  hub: Hub,
  viewer: Viewer,
  council: string,
): CouncilSection {
  const fold = hub.replica.fold;
  const state = fold.state;
  const view = presentView(fold, viewer);
  const delegateName = (member: string) => ({
    id: member,
    name:
      state.delegates.get(pairKey(council, member))?.name ?? member.slice(0, 8),
  });
  const children = hub
    .shape()
    .cardsOn(council)
    .map((l) => {
      const mandate = state.mandates.get(pairKey(council, l.child));
      return {
        body: l.child,
        card: l.card,
        seats: l.seats,
        attesters: [...l.attesters],
        threshold: l.threshold,
        members: attestedCountIn(view, council, l.child),
        delegates: (
          state.delegations.get(pairKey(council, l.child))?.delegates ?? []
        ).map(delegateName),
        mandate: mandate ? mandateView(hub, viewer, mandate) : null,
      };
    });
  const deviations = state.deviations.get(council).map((d) => ({
    ballot: d.ballot,
    delegate: delegateName(d.delegate),
    body: d.body,
    motion: d.motion,
    title: state.motions.get(d.motion)?.title ?? null,
    bound: d.bound,
    cast: d.cast,
    mandate: d.mandate,
    time: d.time,
  }));
  const demands = [...state.councilDemands.values()]
    .filter((d) => d.council === council)
    .map((d) => {
      const a = hub.memo(`demand ${d.id}`, () => aggregateDemand(state, d.id));
      return {
        id: d.id,
        title: d.title,
        members: a?.members ?? 0,
        bodies: a?.bodies.length ?? 0,
      };
    })
    .sort((a, b) => b.members - a.members || (a.id < b.id ? -1 : 1));
  const above = new Set(fold.scopesAbove(council));
  const calls = [...state.calls.values()]
    .filter(
      (c) =>
        canRead(viewer, c.council) &&
        (c.council === council ||
          (above.has(c.council) && reaches(view, c, council))),
    )
    .sort((a, b) => b.adoptedAt - a.adoptedAt)
    .map((c) => ({
      id: c.id,
      council: c.council,
      title: c.title,
      kind: c.kind,
      startsAt: c.startsAt,
      total: hub.memo(`rollup ${c.id} ${council}`, () =>
        rollupCall(state, c.id, council),
      )!.total,
    }));
  // Referendums this council put, or put above it that ask it: the results in effect here.
  const referendums = [...state.referendums.values()]
    .filter(
      (r) =>
        canRead(viewer, r.council) &&
        (r.council === council ||
          (above.has(r.council) && reaches(view, r, council))),
    )
    .sort((a, b) => b.adoptedAt - a.adoptedAt)
    .map((r) => {
      const t = hub.memo(`referendum ${r.id} ${council}`, () =>
        tallyReferendum(state, r.id, council),
      )!;
      return {
        id: r.id,
        council: r.council,
        title: r.title,
        options: [...r.options],
        total: { ...t.total, counts: [...t.total.counts] },
        entries: t.entries.map((e) => ({ ...e, counts: [...e.counts] })),
      };
    });
  return { children, deviations, demands, calls, referendums };
}

/**
 * The member a frozen key acts for in a body: its registration there or in a council above
 * (forks are rare, so the search over registrations runs only when one exists), else itself.
 */
function memberOfFrozenKey(hub: Hub, body: string, key: string): string {
  const state = hub.replica.fold.state;
  const here = state.keys.get(pairKey(body, key));
  if (here !== undefined) return here.member;
  const above = new Set(hub.replica.fold.scopesAbove(body));
  for (const r of state.keys.values())
    if (r.key === key && above.has(r.scope)) return r.member;
  return key;
}

/** The body as the viewer reads it. */
export function bodyView(hub: Hub, viewer: Viewer, id: string): BodyView {
  const body = readableBody(hub, viewer, id);
  const fold = hub.replica.fold;
  const state = fold.state;
  const shape = hub.shape();
  const view = presentView(fold, viewer);
  const name = (m: string) => nameIn(state, id, m);
  const chairs = new Set(body.chairs);
  const motions = [...state.motions.values()]
    .filter((m) => m.body === id)
    .map((m) => motionSummary(state, m))
    .sort(byRecency);
  const links = shape.linksOf(id).filter((l) => canRead(viewer, l.council));
  const delegations = links.map((l) => {
    const own = state.ownMandates.get(pairKey(id, l.council));
    return {
      council: l.council,
      councilName: state.bodies.get(l.council)?.name ?? {},
      seats: l.seats,
      card: l.card,
      attesters: [...l.attesters],
      threshold: l.threshold,
      elected: (
        state.ownDelegations.get(pairKey(id, l.council))?.delegates ?? []
      ).map(name),
      seated: (
        state.delegations.get(pairKey(l.council, id))?.delegates ?? []
      ).map((m) => ({
        id: m,
        name: state.delegates.get(pairKey(l.council, m))?.name ?? m.slice(0, 8),
      })),
      mandate: own ? mandateView(hub, viewer, own) : null,
    };
  });
  const above = new Set(fold.scopesAbove(id));
  const calls = [...state.calls.values()]
    .filter(
      (c) =>
        above.has(c.council) &&
        canRead(viewer, c.council) &&
        reaches(view, c, id),
    )
    .sort((a, b) => b.adoptedAt - a.adoptedAt)
    .map((c) => ({
      call: c.id,
      council: c.council,
      councilName: state.bodies.get(c.council)?.name ?? {},
      kind: c.kind,
      title: c.title,
      startsAt: c.startsAt,
      answers: state.answers.get(pairKey(id, c.id)).map((a) => ({
        answer: a.answer,
        headcount: a.headcount,
        note: a.note,
        time: a.time,
      })),
    }));
  const audit = hub
    .memo(`audit ${id}`, () => auditAttestations(fold, id))
    .filter((a) => canRead(viewer, a.council))
    .map((a) => ({ ...a, signers: [...a.signers], details: { ...a.details } }));
  const attesterOn = links
    .filter((l) => viewer.key !== null && l.attesters.includes(viewer.key))
    .map((l) => l.council);
  const pending =
    attesterOn.length === 0
      ? []
      : hub
          .memo(`pending ${id}`, () => pendingClaims(fold, id))
          .filter((p) => attesterOn.includes(p.council))
          .map((p) => ({
            council: p.council,
            kind: p.claim.kind,
            hash: p.hash,
            claim: { ...p.claim } as Record<string, unknown>,
            signers: [...p.signers],
            signedByMe: viewer.key !== null && p.signers.includes(viewer.key),
          }));
  const summary = bodySummary(hub, viewer, body);
  return {
    ...summary,
    rules: { ...body.rules },
    createdAt: body.createdAt,
    createdBy: name(body.createdBy),
    accountableTo: body.accountableTo,
    chairs: body.chairs.map(name),
    memberList: shape
      .membersOf(id)
      .map((m) => ({ ...name(m), chair: chairs.has(m) })),
    motions,
    joinRequests: [...state.joinRequests.values()]
      .filter((r) => r.body === id && r.status === "pending")
      .map((r) => ({
        id: r.id,
        member: r.member,
        name: r.name,
        redacted: r.redacted === true,
        time: r.time,
        needed: r.needed,
        endorsedBy: r.endorsedBy.map(name),
        ...joinLookalikes(state, r),
      })),
    delegations,
    calls,
    audit,
    mismatches: audit.filter((a) => a.status === "mismatch").length,
    pending,
    council: body.kind === "council" ? councilSection(hub, viewer, id) : null,
    frozenKeys: fold.forksIn(id).map((f) => ({
      ...name(memberOfFrozenKey(hub, id, f.key)),
      key: f.key,
      fromSeq: f.fromSeq,
    })),
    rotationRequests: summary.mine
      ? [...state.rotationRequests.values()]
          .filter((r) => r.body === id && !r.done)
          .map((r) => ({
            ...name(r.member),
            request: r.id,
            oldKey: r.oldKey,
            newKey: r.newKey,
            lastValidSeq: r.lastValidSeq,
            needed: r.needed,
            endorsedBy: r.endorsedBy.map(name),
          }))
          .sort((a, b) => (a.request < b.request ? -1 : 1))
      : [],
    viewer: { member: summary.mine, chair: summary.chair, attesterOn },
  };
}

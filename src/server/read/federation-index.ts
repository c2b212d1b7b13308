/**
 * @module The federation's shape in the fold's present, indexed for readers: who belongs
 * where, which council each body sends delegates to, who sits for whom, what is public.
 * Rebuilt only when an event that can change the shape is added (see Hub.structureVersion).
 */
import {
  type CausalView,
  type DelegationRecord,
  type FoldEngine,
  isCoordinator,
} from "../../core/index.js";

/** A link with seats, seen from either end. */
export interface SeatLink {
  readonly child: string;
  readonly parent: string;
  readonly seats: number;
}

export class FederationIndex {
  /** Body → councils it holds seats on. */
  readonly parents = new Map<string, SeatLink[]>();
  /** Council → bodies holding seats on it. */
  readonly children = new Map<string, SeatLink[]>();
  /** Body → its members now (status "member"), in admission order. */
  readonly members = new Map<string, string[]>();
  /** Member → bodies they are a member of now. */
  readonly bodiesOf = new Map<string, Set<string>>();
  /** Member → councils they sit on as a delegate now, with the body they sit for. */
  readonly seatsOf = new Map<string, { council: string; body: string }[]>();
  /** Council → its delegations now. */
  readonly delegations = new Map<string, DelegationRecord[]>();
  /** Bodies whose rules say `public`. */
  readonly publicBodies = new Set<string>();
  /** Body → members it represents now (its own; for a council every body's below it, once). */
  private readonly represented = new Map<string, ReadonlySet<string>>();

  constructor(readonly fold: FoldEngine) {
    const s = fold.state;
    for (const l of s.links.values()) {
      if (l.seats <= 0) continue;
      const link = { child: l.child, parent: l.parent, seats: l.seats };
      push(this.parents, l.child, link);
      push(this.children, l.parent, link);
    }
    for (const m of s.memberships.values()) {
      if (m.status !== "member") continue;
      push(this.members, m.body, m.member);
      let set = this.bodiesOf.get(m.member);
      if (set === undefined) this.bodiesOf.set(m.member, (set = new Set()));
      set.add(m.body);
    }
    for (const d of s.delegations.values()) {
      push(this.delegations, d.council, d);
      for (const member of d.delegates)
        push(this.seatsOf, member, { council: d.council, body: d.body });
    }
    for (const b of s.bodies.values())
      if (b.rules.public && !b.dissolved) this.publicBodies.add(b.id);
  }

  /** A view of the fold's present for core's authority questions: every fact is known. */
  get present(): CausalView {
    const index = this.fold.index;
    return {
      state: this.fold.state,
      knows: () => true,
      precedes: (x, y) => index.precedes(x, y),
    };
  }

  /** True when the member is one of the federation's founders. */
  isCoordinator(member: string): boolean {
    return isCoordinator(this.fold.state, member);
  }

  /** Councils above a body, nearest first, each once. */
  above(body: string): string[] {
    const out: string[] = [];
    const seen = new Set([body]);
    const queue = [body];
    while (queue.length > 0) {
      for (const l of this.parents.get(queue.shift()!) ?? [])
        if (!seen.has(l.parent)) {
          seen.add(l.parent);
          out.push(l.parent);
          queue.push(l.parent);
        }
    }
    return out;
  }

  /** Bodies below a council, nearest first, each once. */
  below(council: string): string[] {
    const out: string[] = [];
    const seen = new Set([council]);
    const queue = [council];
    while (queue.length > 0) {
      for (const l of this.children.get(queue.shift()!) ?? [])
        if (!seen.has(l.child)) {
          seen.add(l.child);
          out.push(l.child);
          queue.push(l.child);
        }
    }
    return out;
  }

  /** Members of a body now. */
  membersOf(body: string): readonly string[] {
    return this.members.get(body) ?? [];
  }

  /** The delegates sitting on a council now, each with the body they sit for. */
  delegatesOn(council: string): { member: string; body: string }[] {
    return (this.delegations.get(council) ?? []).flatMap((d) =>
      d.delegates.map((member) => ({ member, body: d.body })),
    );
  }

  /** True when the member may take part in the body now: a member, or a delegate on it. */
  takesPart(body: string, member: string): boolean {
    if (this.bodiesOf.get(member)?.has(body)) return true;
    return (this.seatsOf.get(member) ?? []).some((s) => s.council === body);
  }

  /** People a body represents now: its members, or for a council those of every body below it. */
  representedBy(body: string): ReadonlySet<string> {
    const hit = this.represented.get(body);
    if (hit) return hit;
    this.represented.set(body, new Set()); // guards against a cycle
    const children = this.children.get(body) ?? [];
    const out = new Set<string>();
    const record = this.fold.state.bodies.get(body);
    if (children.length === 0 || record?.kind !== "council")
      for (const m of this.membersOf(body)) out.add(m);
    for (const l of children)
      for (const m of this.representedBy(l.child)) out.add(m);
    this.represented.set(body, out);
    return out;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

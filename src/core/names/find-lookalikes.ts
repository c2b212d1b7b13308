/**
 * @module Which names already in a body a new name looks like: the warning shown to whoever
 * admits (a chair, the endorsers, the members voting), so that an informer cannot join as a
 * copy of a known comrade's name. A flag for people to look at, never a rule of the fold:
 * two real people may share a name.
 */
import { isMixedScript, skeletonOf } from "./name-skeleton.js";

/** A name someone goes by in a body. */
export interface NamedMember {
  readonly member: string;
  readonly name: string;
}

/** What a new name looks like. */
export interface Lookalikes {
  /** Members of the body whose names look the same (identical names included). */
  readonly lookalikeOf: readonly NamedMember[];
  /** True when one word of the name mixes scripts. */
  readonly mixedScript: boolean;
}

/** The members (other than `self`) whose names share the new name's skeleton. */
export function findLookalikes(
  name: string,
  others: Iterable<NamedMember>,
  self: string | null = null,
): Lookalikes {
  const skeleton = skeletonOf(name);
  const lookalikeOf: NamedMember[] = [];
  for (const o of others)
    if (o.member !== self && skeletonOf(o.name) === skeleton)
      lookalikeOf.push({ member: o.member, name: o.name });
  return { lookalikeOf, mixedScript: isMixedScript(name) };
}

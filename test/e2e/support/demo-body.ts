/** A demo body as its chair sees it through the API: id, members (as demo people), chair. */
import { apiGet } from "./hub-api.js";
import type { DemoPerson, TestHub } from "./hub-process.js";

export interface DemoBody {
  readonly id: string;
  readonly name: string;
  readonly chair: DemoPerson;
  /** Members other than the chair, as demo people. */
  readonly others: readonly DemoPerson[];
  /** Those of them whose name no other member shares (pages find people by name). */
  readonly named: readonly DemoPerson[];
  /** The councils it holds seats on. */
  readonly councils: readonly string[];
}

/** The body a demo person chairs, read as that person. */
export async function bodyChairedBy(
  hub: TestHub,
  role: string,
): Promise<DemoBody> {
  const chair = hub.people.find((p) => p.roles.includes(`chair: ${role}`));
  if (!chair) throw new Error(`nobody chairs ${role}`);
  const me = await apiGet<{ bodies: { id: string; name: { en: string } }[] }>(
    hub.url,
    "/api/me",
    chair,
  );
  const body = me.bodies.find((b) => b.name.en === role);
  if (!body) throw new Error(`${chair.label} is not in ${role}`);
  const view = await apiGet<{
    memberList: { id: string }[];
    delegations: { council: string }[];
  }>(hub.url, `/api/bodies/${body.id}`, chair);
  const ids = new Set(view.memberList.map((m) => m.id));
  const others = hub.people.filter((p) => ids.has(p.publicKey) && p !== chair);
  const all = [chair, ...others];
  return {
    id: body.id,
    name: role,
    chair,
    others,
    named: others.filter(
      (p) => all.filter((x) => x.name === p.name).length === 1,
    ),
    councils: view.delegations.map((d) => d.council),
  };
}

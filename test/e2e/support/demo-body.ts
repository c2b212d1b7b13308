/** A demo body as its chair sees it through the API: id, members (as demo people), chair. */
import { apiLogin, keyOf } from "./hub-api.js";
import type { DemoPerson, TestHub } from "./hub-process.js";

export interface DemoBody {
  readonly id: string;
  readonly name: string;
  readonly chair: DemoPerson;
  /** Members other than the chair, as demo people. */
  readonly others: readonly DemoPerson[];
}

/** The body a demo person chairs, read as that person. */
export async function bodyChairedBy(
  hub: TestHub,
  role: string,
): Promise<DemoBody> {
  const chair = hub.people.find((p) => p.roles.includes(`chair: ${role}`));
  if (!chair) throw new Error(`nobody chairs ${role}`);
  const token = await apiLogin(hub.url, keyOf(chair));
  const me = (await (
    await fetch(`${hub.url}/api/me`, {
      headers: { authorization: `Bearer ${token}` },
    })
  ).json()) as {
    bodies: { id: string; name: { en: string } }[];
  };
  const body = me.bodies.find((b) => b.name.en === role);
  if (!body) throw new Error(`${chair.label} is not in ${role}`);
  const view = (await (
    await fetch(`${hub.url}/api/bodies/${body.id}`, {
      headers: { authorization: `Bearer ${token}` },
    })
  ).json()) as {
    members: { id: string }[];
  };
  const ids = new Set(view.members.map((m) => m.id));
  return {
    id: body.id,
    name: role,
    chair,
    others: hub.people.filter((p) => ids.has(p.publicKey) && p !== chair),
  };
}

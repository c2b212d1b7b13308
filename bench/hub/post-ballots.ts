/**
 * @module The hub benches' write load: each connection posts one client's pre-signed ballots
 * in its chain order (a ballot refused is sent again as the next one would be: the chain moves
 * on by what was sent), and counts what the hub accepted (201) per client — so the bench can
 * check afterwards that each client's first `accepted[i]` ballots are stored.
 */
import autocannon, { type Result } from "autocannon";
import type { Client } from "./fixtures.js";

export async function postBallots(
  url: string,
  clients: readonly Client[],
  perClient: number,
): Promise<{ result: Result; accepted: number[] }> {
  const sent = clients.map(() => 0);
  const accepted = clients.map(() => 0);
  let nextClient = 0;
  const result = await autocannon({
    url: `${url}/api/events`,
    method: "POST",
    connections: clients.length,
    pipelining: 1,
    amount: clients.length * perClient,
    timeout: 30,
    headers: { "content-type": "application/json" },
    setupClient(client) {
      const i = nextClient++ % clients.length;
      const c = clients[i]!;
      client.setBody(c.posts[0]!);
      client.on("response", (status) => {
        if (status === 201) accepted[i]!++;
        sent[i]!++;
        client.setBody(c.posts[Math.min(sent[i]!, c.posts.length - 1)]!);
      });
    },
  });
  return { result, accepted };
}

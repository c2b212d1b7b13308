/**
 * @module The WebSocket route of the live feed (`GET /api/live`). A socket starts as an
 * outsider's; `{"type":"auth","token":…}` makes it the key's (an unknown token makes it an
 * outsider's again). Anything else closes it, and so does the end of its session (logged
 * out, or the key revoked or frozen: close code 4401). A socket past the feed's cap, or past
 * the cap per address, is closed at once with 1013 and the reason `HUB_BUSY`; each socket's
 * place is given back when it closes.
 */
import type { FastifyInstance } from "fastify";
import type { Hub } from "../hub.js";
import type { LiveClient, LiveMessage } from "./live-feed.js";

export function liveRoute(app: FastifyInstance, hub: Hub): void {
  const perAddress = new Map<string, number>();
  app.get("/api/live", { websocket: true }, (socket, request) => {
    const address = request.ip;
    const mine = perAddress.get(address) ?? 0;
    if (mine >= hub.config.limits.liveSocketsPerAddress) {
      socket.close(1013, "HUB_BUSY");
      return;
    }
    const client: LiveClient = {
      key: null,
      token: null,
      send(message: LiveMessage) {
        if (socket.readyState === 1) socket.send(JSON.stringify(message));
      },
      close() {
        socket.close(4401, "session ended");
      },
    };
    if (!hub.live.add(client)) {
      socket.close(1013, "HUB_BUSY");
      return;
    }
    perAddress.set(address, mine + 1);
    let released = false;
    const release = () => {
      hub.live.remove(client);
      if (released) return;
      released = true;
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left <= 0) perAddress.delete(address);
      else perAddress.set(address, left);
    };
    const hello = () => {
      const viewer = hub.viewer(client.key);
      client.send({
        type: "hello",
        events: hub.eventCount(viewer),
        member: viewer.member,
      });
    };
    socket.on("message", (data: Buffer) => {
      let message: unknown;
      try {
        message = JSON.parse(data.toString("utf8"));
      } catch {
        socket.close(1003, "json");
        return;
      }
      const m = message as { type?: unknown; token?: unknown };
      if (m.type === "auth" && typeof m.token === "string") {
        const token = m.token;
        // A token another process issued is learnt first (hubs sharing a database).
        hub.sessions.recall(token).then(
          () => {
            const session = hub.sessions.session(token);
            client.key = session ? session.key : null;
            client.token = session ? token : null;
            hub.live.reset(client);
            hello();
          },
          () => socket.close(1011, "unavailable"),
        );
      } else if (m.type === "ping") hello();
      else socket.close(1003, "unknown");
    });
    socket.on("close", release);
    socket.on("error", release);
    hello();
  });
}

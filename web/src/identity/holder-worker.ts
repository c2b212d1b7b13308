/**
 * @module The key holder, built to `/key-holder.js` (web/vite.config.ts): a shared worker
 * that every tab of the app talks to, holding the unlocked key in its memory for the visit
 * (holder-state.ts), so that a reload or a link opened in a new tab does not ask for the
 * passphrase again. Where shared workers do not outlive a reload (or do not exist: Chrome on
 * Android before 148), the service worker loads this same file
 * (`importScripts`, web/src/sw.ts) and holds the key instead, for as long as the browser
 * keeps it running. The page side is key-holder.ts; the risk is said in
 * docs/threat-model.md, "Unlocked once per visit". Nothing here is written to any storage.
 */
import { HolderState, type Taken } from "./holder-state.js";

/** What a tab asks (key-holder.ts sends these). */
export type HolderRequest =
  | { readonly op: "here" | "use" | "bye" | "lock"; readonly tab: string }
  | {
      readonly op: "put";
      readonly tab: string;
      readonly publicKey: string;
      readonly secret: Uint8Array;
      readonly idleMs: number;
    }
  | {
      readonly op: "session";
      readonly tab: string;
      readonly publicKey: string;
      readonly token: string;
    }
  | {
      readonly op: "take" | "holds";
      readonly tab: string;
      readonly publicKey: string;
      readonly ask: number;
    };

/** What the holder answers, or tells every tab. */
export type HolderAnswer =
  | {
      readonly op: "key";
      readonly ask: number;
      readonly taken: Taken | null;
    }
  | { readonly op: "holds"; readonly ask: number; readonly holds: boolean }
  | { readonly op: "locked"; readonly reason: string };

interface Port {
  postMessage(message: HolderAnswer): void;
}

const state = new HolderState();
let timer: ReturnType<typeof setTimeout> | null = null;

/** Runs a request; answers the asking tab, and tells every tab when the key went. */
function handle(
  request: HolderRequest,
  reply: (a: HolderAnswer) => void,
  everyone: (a: HolderAnswer) => void,
): void {
  const now = Date.now();
  switch (request.op) {
    case "here":
      state.seen(request.tab, now);
      break;
    case "use":
      state.use(request.tab, now);
      break;
    case "bye":
      state.bye(request.tab, now);
      break;
    case "lock":
      state.lock();
      everyone({ op: "locked", reason: "locked" });
      break;
    case "put":
      state.put(
        request.tab,
        request.publicKey,
        request.secret,
        request.idleMs,
        now,
      );
      break;
    case "session":
      if (typeof request.token === "string")
        state.keepSession(request.publicKey, request.token);
      break;
    case "take": {
      const taken = state.take(request.tab, request.publicKey, now);
      reply({ op: "key", ask: request.ask, taken });
      break;
    }
    case "holds":
      reply({
        op: "holds",
        ask: request.ask,
        holds: state.holds(request.publicKey, now),
      });
      break;
  }
  schedule(everyone);
}

/** Wakes when the key's time may be up, to drop it and tell the open tabs to lock. */
function schedule(everyone: (a: HolderAnswer) => void): void {
  if (timer !== null) clearTimeout(timer);
  timer = null;
  const wait = state.nextCheck(Date.now());
  if (wait === null) return;
  timer = setTimeout(() => {
    timer = null;
    const reason = state.check(Date.now());
    if (reason !== null) everyone({ op: "locked", reason });
    schedule(everyone);
  }, wait + 50);
}

function isRequest(v: unknown): v is HolderRequest {
  const r = v as { op?: unknown; tab?: unknown } | null;
  return (
    typeof r === "object" &&
    r !== null &&
    typeof r.op === "string" &&
    typeof r.tab === "string"
  );
}

// Typed loosely: the web tsconfig has the DOM library, not the workers'.
const scope = self as unknown as {
  addEventListener(type: string, listener: (e: MessageEvent) => void): void;
  registration?: unknown;
  clients?: {
    matchAll(options: {
      type: "window";
      includeUncontrolled: boolean;
    }): Promise<readonly Port[]>;
  };
};

if (scope.registration !== undefined && scope.clients !== undefined) {
  // In the service worker: tabs post to it; it answers the one that asked.
  const clients = scope.clients;
  const everyone = (a: HolderAnswer) => {
    void clients
      .matchAll({ type: "window", includeUncontrolled: true })
      .then((all) => {
        for (const c of all) c.postMessage(a);
      });
  };
  scope.addEventListener("message", (e) => {
    if (!isRequest(e.data)) return;
    const source = e.source as Port | null;
    handle(e.data, (a) => source?.postMessage(a), everyone);
  });
} else {
  // A shared worker: each tab connects with its own port.
  const ports = new Set<MessagePort>();
  const everyone = (a: HolderAnswer) => {
    for (const p of ports) p.postMessage(a);
  };
  scope.addEventListener("connect", (e) => {
    const port = e.ports[0];
    if (port === undefined) return;
    ports.add(port);
    port.onmessage = (m) => {
      if (!isRequest(m.data)) return;
      if (m.data.op === "bye") ports.delete(port);
      handle(m.data, (a) => port.postMessage(a), everyone);
    };
    port.start();
  });
}

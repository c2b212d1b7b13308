/**
 * @module A key's offline copy as the browser builds it: exactly the events the hub serves that
 * key, folded on their own — what the phone's own answers (waiting list, search) run over.
 */
import {
  EVENT_HANDLERS,
  FoldEngine,
  foldInputOf,
  isReadableEvent,
  readableScopes,
  withheldEvents,
} from "../../../src/core/index.js";
import type { KeyPair } from "../../../src/crypto/index.js";
import { type HubFixture, idOfKey } from "./hub-fixture.js";

export function offlineCopyOf(f: HubFixture, key: KeyPair): FoldEngine {
  const hubFold = f.hub.replica.fold;
  const reads = readableScopes(hubFold, { kind: "key", key: idOfKey(key) });
  const withheld = withheldEvents(hubFold);
  const copy = new FoldEngine(EVENT_HANDLERS);
  copy.add(
    f.town.t.events
      .filter((e) => isReadableEvent(hubFold, reads, e.id, withheld))
      .map(foldInputOf),
  );
  return copy;
}

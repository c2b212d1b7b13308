/**
 * @module A transport inside one process: hands each message to a responder and returns its
 * answer. Used between two replicas open in the same process, and by the simulation tests
 * (which drop, repeat and reorder on top of it).
 */
import type { SyncResponder } from "../responder.js";
import type { SyncTransport } from "../transport.js";

/** A transport to a responder in this process; `address` names the caller for budgets. */
export function memoryTransport(
  responder: SyncResponder,
  address = "memory",
): SyncTransport {
  return {
    async exchange(message) {
      // A copy: the responder must not share buffers with the caller.
      const answer = await responder.handle(message.slice(), { address });
      return answer.body.slice();
    },
    async close() {},
  };
}

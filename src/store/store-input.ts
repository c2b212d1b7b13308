/**
 * @module The shape of what a store accepts. Both adapters check every row before they
 * open a transaction, so a bad row refuses the whole call; the tables carry the same checks
 * as constraints, a second line if an adapter ever forgets one.
 */

import { SCHEMA_VERSION_KEY } from "./schema-version.js";
import type { FoldRecord, QuarantinedEvent, StoredEvent } from "./store.js";
import { StoreInputError } from "./store-input-error.js";

const EVENT_ID = /^[0-9a-f]{64}$/;

/** Whether a value is an event id: 64 lower-case hex characters (a SHA-256). */
export function isEventId(value: unknown): value is string {
  return typeof value === "string" && EVENT_ID.test(value);
}

function checkEventFields(e: StoredEvent, where: string): void {
  if (typeof e !== "object" || e === null)
    throw new StoreInputError(`${where}: not an event row`);
  if (!isEventId(e.id))
    throw new StoreInputError(
      `${where}: id ${JSON.stringify(e.id)} is not 64 lower-case hex characters`,
    );
  if (!(e.envelope instanceof Uint8Array))
    throw new StoreInputError(`${where} (${e.id}): envelope is not bytes`);
  if (!(e.signature instanceof Uint8Array))
    throw new StoreInputError(`${where} (${e.id}): signature is not bytes`);
  if (e.payload !== null && !(e.payload instanceof Uint8Array))
    throw new StoreInputError(
      `${where} (${e.id}): payload is neither bytes nor null`,
    );
}

/** Throws {@link StoreInputError} unless every row has the shape of a stored event. */
export function assertStoredEvents(events: readonly StoredEvent[]): void {
  if (!Array.isArray(events))
    throw new StoreInputError("append: events is not an array");
  events.forEach((e, i) => {
    checkEventFields(e, `append: row ${i}`);
  });
}

/** Throws {@link StoreInputError} unless every row has the shape of a quarantined event. */
export function assertQuarantinedEvents(
  events: readonly QuarantinedEvent[],
): void {
  if (!Array.isArray(events))
    throw new StoreInputError("quarantine: events is not an array");
  events.forEach((e, i) => {
    const where = `quarantine: row ${i}`;
    checkEventFields(e, where);
    if (!Array.isArray(e.missing) || !e.missing.every(isEventId))
      throw new StoreInputError(
        `${where} (${e.id}): missing is not a list of ids`,
      );
    if (typeof e.source !== "string")
      throw new StoreInputError(`${where} (${e.id}): source is not a string`);
    if (!Number.isSafeInteger(e.receivedAt))
      throw new StoreInputError(
        `${where} (${e.id}): receivedAt is not an integer number of milliseconds`,
      );
  });
}

/** Throws {@link StoreInputError} unless the record has the shape of a fold record. */
export function assertFoldRecord(record: FoldRecord): void {
  if (typeof record !== "object" || record === null)
    throw new StoreInputError("saveFold: not a fold record");
  if (!Number.isSafeInteger(record.events) || record.events < 0)
    throw new StoreInputError("saveFold: events is not a count");
  if (typeof record.stateHash !== "string")
    throw new StoreInputError("saveFold: stateHash is not a string");
  if (!(record.snapshot instanceof Uint8Array))
    throw new StoreInputError("saveFold: snapshot is not bytes");
  if (
    !Array.isArray(record.invalid) ||
    !record.invalid.every(
      (x) => isEventId(x?.id) && typeof x?.code === "string",
    )
  )
    throw new StoreInputError("saveFold: invalid is not a list of {id, code}");
}

/** Throws {@link StoreInputError} unless `setMeta(key, value)` may be stored. */
export function assertMetaWrite(key: string, value: string): void {
  if (typeof key !== "string" || typeof value !== "string")
    throw new StoreInputError("setMeta: key and value must be strings");
  // The adapters own this key: overwriting it would make the next open misread the tables.
  if (key === SCHEMA_VERSION_KEY)
    throw new StoreInputError(`setMeta: "${key}" is reserved for the store`);
}

/** Throws {@link StoreInputError} unless `payload` can be put back by `restorePayload`. */
export function assertPayload(payload: Uint8Array): void {
  if (!(payload instanceof Uint8Array))
    throw new StoreInputError("restorePayload: payload is not bytes");
}

/** Throws {@link StoreInputError} unless `limit` and `after` are usable by `scan`. */
export function assertScanRange(after: number, limit: number): void {
  if (!Number.isSafeInteger(after) || after < 0)
    throw new StoreInputError("scan: after is not a position");
  if (!Number.isSafeInteger(limit) || limit < 0)
    throw new StoreInputError("scan: limit is not a count");
}

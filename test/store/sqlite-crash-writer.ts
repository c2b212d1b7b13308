// The child process of src/store/sqlite/sqlite-crash.test.ts: appends batches to a SQLite
// store until it is killed, printing `committed <batch>` after each append resolves.
// Usage: node --import tsx test/store/sqlite-crash-writer.ts <file> <first batch> <batch size>
import { randomBytes, randomInt } from "node:crypto";
import { openSqliteStore, type StoredEvent } from "../../src/store/index.js";

const [file, first, size] = process.argv.slice(2);
if (file === undefined || first === undefined || size === undefined) {
  process.stderr.write(
    "usage: sqlite-crash-writer <file> <first batch> <batch size>\n",
  );
  process.exit(2);
}

/** Event `index` of batch `batch`: the id starts with both numbers, so a reader can group. */
function eventOf(batch: number, index: number): StoredEvent {
  const id =
    batch.toString(16).padStart(8, "0") +
    index.toString(16).padStart(8, "0") +
    randomBytes(24).toString("hex");
  // Now and then a payload larger than a page, so overflow pages are written (and torn) too.
  const payloadBytes =
    randomInt(0, 50) === 0 ? randomInt(5_000, 20_000) : randomInt(0, 400);
  return {
    id,
    envelope: randomBytes(randomInt(150, 401)),
    signature: randomBytes(64),
    payload: randomBytes(payloadBytes),
  };
}

const store = await openSqliteStore(file);
const n = Number(size);
for (let batch = Number(first); ; batch++) {
  const events = Array.from({ length: n }, (_, i) => eventOf(batch, i));
  await store.append(events);
  process.stdout.write(`committed ${batch}\n`);
}

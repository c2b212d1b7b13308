// The floor for `kenges tally` on a BLT file: one process that reads the file in the same 1 MB
// pieces and adds each ballot's weight to its first preference, checking nothing else.
// Plain JavaScript, so that it starts as fast as node can.
//   node bench/voting/first-preferences.mjs <file.blt>   prints the first-preference totals
import { closeSync, openSync, readSync } from "node:fs";

const fd = openSync(process.argv[2], "r");
const buffer = new Uint8Array(1 << 20);
let totals = null;
let line = 0;
let field = 0;
let value = 0;
let weight = 0;
let done = false;
for (
  let length;
  !done && (length = readSync(fd, buffer, 0, buffer.length, null)) > 0;
) {
  for (let i = 0; i < length; i++) {
    const b = buffer[i];
    if (b >= 48 && b <= 57) {
      value = value * 10 + b - 48;
      continue;
    }
    // A number ends: the header's first, a ballot's weight, or its first preference.
    if (field === 0) {
      if (line === 0 && totals === null) totals = new Float64Array(value + 1);
      else if (line > 0 && value === 0 && b === 10) {
        done = true;
        break;
      }
      weight = value;
    } else if (field === 1 && line > 0) totals[value] += weight;
    value = 0;
    field++;
    if (b === 10) {
      line++;
      field = 0;
    }
  }
}
closeSync(fd);
process.stdout.write(`${Array.from(totals.subarray(1)).join(" ")}\n`);

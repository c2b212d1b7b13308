/** @module The public surface of `src/replica`: a store plus the fold, and the one ingest pipeline. */
export { emptyReport, type IngestReport } from "./ingest-report.js";
export {
  type IngestOptions,
  Replica,
  type ReplicaOptions,
  StoreCorruptError,
} from "./replica.js";
export { SignaturePool } from "./signature-pool.js";
export { type VerifyReport, verifyReplica } from "./verify.js";

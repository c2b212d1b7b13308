/** @module The public surface of `src/replica`: a store plus the fold, and the one ingest pipeline. */
export { foldCodeVersion } from "./fold-code-version.js";
export {
  decodeFoldImage,
  encodeFoldImage,
  FOLD_IMAGE_FORMAT,
  type FoldImageProvenance,
  type FoldImageRefusal,
} from "./fold-image-codec.js";
export {
  FOLD_IMAGE_FILE,
  type FoldImageStore,
  foldImageFile,
  type PieceSeal,
  type SavedImageBytes,
} from "./fold-image-file.js";
export {
  CHECKSUM_SEAL,
  FoldImageDamagedError,
  piecesToChunks,
  SavedPieces,
} from "./fold-image-pieces.js";
export { emptyReport, type IngestReport } from "./ingest-report.js";
export {
  type FoldOrigin,
  type IngestOptions,
  Replica,
  type ReplicaOptions,
  StoreCorruptError,
} from "./replica.js";
export {
  type SecretBallotCheck,
  secretBallotChecks,
} from "./secret-ballot-checks.js";
export { SignaturePool } from "./signature-pool.js";
export { type VerifyReport, verifyReplica } from "./verify.js";

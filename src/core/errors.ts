/**
 * @module The closed list of error codes of the domain. Every code has an entry in
 * docs/errors.md and a message in each catalogue of src/i18n (tests keep them in step).
 * Codes are stable: once shipped, a code is never reused for another meaning.
 */
import type { CanonicalErrorCode } from "../crypto/index.js";

/** Why bytes are not a valid event: checked before anything is stored, nothing changes. */
export const REJECTION_CODES = [
  "EVENT_TOO_LARGE",
  "WIRE_INVALID",
  "ENVELOPE_INVALID",
  "ENVELOPE_VERSION_UNSUPPORTED",
  "DEPS_TOO_MANY",
  "DEPS_NOT_SORTED",
  "DEPS_REQUIRED",
  "PREV_INVALID",
  "TYPE_UNKNOWN",
  "PAYLOAD_HASH_MISMATCH",
  "PAYLOAD_SIZE_MISMATCH",
  "PAYLOAD_INVALID",
  "NAME_NOT_NORMALIZED",
  "PAYLOAD_MISSING",
  "SIGNATURE_INVALID",
  "FEDERATION_MISMATCH",
  "GENESIS_INVALID",
  "CHAIN_BROKEN",
  "SCOPE_INVALID",
  "SCOPE_NOT_REACHED",
  "DEP_SCOPE_INVALID",
] as const;

/** Why a stored event has no effect: it is kept, with this code, and never applied. */
export const INVALIDITY_CODES = [
  "KEY_FROZEN",
  "KEY_REVOKED",
  "KEY_ALREADY_REGISTERED",
  "KEY_PROOF_INVALID",
  "KEY_NOT_OWNED",
  "NOT_A_MEMBER",
  "NOT_A_CHAIR",
  "NOT_A_COORDINATOR",
  "NOT_THE_PROPOSER",
  "ALREADY_A_MEMBER",
  "BODY_NOT_FOUND",
  "BODY_DISSOLVED",
  "BODY_KIND_INVALID",
  "LINK_CYCLE",
  "JOIN_REQUEST_NOT_FOUND",
  "JOIN_REQUEST_DECIDED",
  "ALREADY_ENDORSED",
  "ROTATION_REQUEST_NOT_FOUND",
  "ROTATION_DECIDED",
  "MOTION_NOT_FOUND",
  "MOTION_NOT_OPEN",
  "AMENDMENTS_PENDING",
  "CLOSES_AT_INVALID",
  "MOTION_HAS_NO_DEADLINE",
  "DEADLINE_NOT_PASSED",
  "DEADLINE_ALREADY_ATTESTED",
  "AMENDMENT_TARGET_INVALID",
  "METHOD_UNKNOWN",
  "METHOD_NOT_ALLOWED",
  "OPTIONS_INVALID",
  "SUBJECT_INVALID",
  "BALLOT_INVALID",
  "BALLOT_AFTER_CLOSE",
  "NOT_REDACTABLE",
  "COMMENT_NOT_FOUND",
  "NOT_THE_AUTHOR",
  "REDACTION_TARGET_UNKNOWN",
  "REDACTION_BY_VOTE_ONLY",
  "REDACTION_SCOPE_MISMATCH",
  "REDACTION_KEEP_INVALID",
  "REDACTION_KEEP_MISMATCH",
  "REVOCATION_CUTOFF_INVALID",
  "ADMISSION_BY_VOTE_ONLY",
  "TALLY_FAILED",
  "NO_SEATS",
  "SEATS_EXCEED_LINK",
  "NOT_A_DELEGATE",
  "COMMITTEE_CLOSE_INVALID",
  "COMMITTEE_SEATING_STALE",
  "DEMAND_NOT_ADOPTED",
  "DEMAND_ALREADY_FORWARDED",
  "DEMAND_NOT_FOUND",
  "CALL_NOT_FOUND",
  "NOT_IN_SCOPE",
  "HEADCOUNT_INVALID",
  "NOT_GENESIS",
  "LINK_INVALID",
  "RESULT_MISMATCH",
  "NOT_AN_ATTESTER",
  "ALREADY_ATTESTED",
  "CLAIM_INVALID",
  "CLAIM_NOT_FOUND",
  "REGISTRAR_KEY_INVALID",
  "REGISTRAR_OFFER_NOT_FOUND",
  "REGISTRAR_OFFER_USED",
  "REGISTRARS_INVALID",
  "SECRET_BALLOT_NOT_ALLOWED",
  "MOTION_NOT_SECRET",
  "SECRET_BALLOT_REQUIRED",
  "NOT_ON_ROLL",
  "TOKEN_REQUEST_INVALID",
  "TOKEN_ALREADY_REQUESTED",
  "TOKEN_REQUEST_NOT_FOUND",
  "NOT_A_REGISTRAR",
  "TOKEN_ISSUANCE_INVALID",
  "TOKEN_ALREADY_ISSUED",
  "SECRET_BALLOT_ENVELOPE_INVALID",
  "SECRET_BALLOT_AUTHOR_KNOWN",
  "TOKEN_INVALID",
  "TOKEN_SPENT_TWICE",
  "MEETING_NOT_FOUND",
  "MEETING_CLOSED",
  "MEETING_DEMAND_NOT_FOUND",
  "MEETING_DEMAND_ALREADY_JOINED",
  "AGENDA_ITEM_NOT_FOUND",
  "AGENDA_INVALID",
  "MEETING_PASS_INVALID",
  "ALREADY_PRESENT",
  "NOT_PRESENT",
  "SPEAKER_REQUEST_NOT_FOUND",
  "SPEAKER_NOT_WAITING",
  "NOT_THE_SPEAKER",
  "MEETING_NOT_QUORATE",
  "MEETING_VOTE_REQUIRED",
  "NOT_PRESENT_AT_OPENING",
] as const;

/** Failures of the replica around the fold: storage, quarantine, keys, files. */
export const REPLICA_CODES = [
  "QUARANTINE_FULL",
  "STORE_EMPTY",
  "STORE_NOT_EMPTY",
  "STORE_CORRUPT",
  "INTERNAL",
] as const;

/** Codes the canonical decoder reports (from src/crypto), part of the same catalogue. */
export const CANONICAL_CODES = [
  "CBOR_TRUNCATED",
  "CBOR_TRAILING_BYTES",
  "CBOR_NON_CANONICAL",
  "CBOR_UNSUPPORTED",
  "CBOR_DUPLICATE_KEY",
  "CBOR_MAP_KEY_NOT_TEXT",
  "CBOR_INVALID_UTF8",
  "CBOR_TOO_DEEP",
  "CBOR_INTEGER_RANGE",
] as const satisfies readonly CanonicalErrorCode[];

export type RejectionCode = (typeof REJECTION_CODES)[number];
export type InvalidityCode = (typeof INVALIDITY_CODES)[number];
export type ReplicaCode = (typeof REPLICA_CODES)[number];

/** Every error code of the domain. */
export type ErrorCode =
  | RejectionCode
  | InvalidityCode
  | ReplicaCode
  | CanonicalErrorCode;

/** All domain codes, for the docs and catalogue checks. */
export const DOMAIN_ERROR_CODES: readonly ErrorCode[] = [
  ...REJECTION_CODES,
  ...INVALIDITY_CODES,
  ...REPLICA_CODES,
  ...CANONICAL_CODES,
];

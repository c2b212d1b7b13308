/** @module What an import, a sync or a post did with the events it was given. */

/** Counts by outcome; `rejections` names why events were refused. */
export interface IngestReport {
  /** Stored and folded (valid or invalid). */
  added: number;
  /** Already held (or given twice). */
  duplicate: number;
  /** Stored and folded, but invalid (kept with a reason, never applied). */
  invalid: number;
  /** Refused before storage: bad bytes, signature, federation… Nothing changed for them. */
  rejected: number;
  /** Waiting in quarantine for missing parents. */
  quarantined: number;
  /** Released from quarantine into the log by this call. */
  released: number;
  /** The first rejections, with their codes (at most 100). */
  rejections: {
    id: string | null;
    code: string;
    details: Record<string, unknown>;
  }[];
}

/** An empty report. */
export function emptyReport(): IngestReport {
  return {
    added: 0,
    duplicate: 0,
    invalid: 0,
    rejected: 0,
    quarantined: 0,
    released: 0,
    rejections: [],
  };
}

/** @module Device keys: which member a key acts for, and where its chain stops counting. */

export interface KeyRecord {
  /** The scope the key was registered in: it acts for the member there and below. */
  readonly scope: string;
  readonly key: string;
  readonly member: string;
  /** The event that registered the key for the member; null for a member's first key. */
  readonly registeredBy: string | null;
}

/** A member who lost their keys asks to continue with a new one; members endorse. */
export interface RotationRequestRecord {
  readonly id: string;
  readonly newKey: string;
  readonly oldKey: string;
  readonly member: string;
  readonly body: string;
  readonly lastValidSeq: number;
  readonly needed: number;
  readonly endorsedBy: readonly string[];
  readonly done: boolean;
}

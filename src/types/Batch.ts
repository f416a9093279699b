/** One request of a batch: its custom id and the wire body the interactive path would send (with `n`, routing hints). */
export interface BatchEntry {
  customId: string;
  body: Record<string, unknown>;
}

/** Entry counts of a batch, by state (the providers' names mapped onto one set). */
export interface BatchCounts {
  /** Not answered yet (validating, in progress). */
  processing: number;
  succeeded: number;
  /** Answered with an error (HTTP error status, or a request the batch refused). */
  failed: number;
  expired: number;
  canceled: number;
}

/** What a provider says of one batch when asked. */
export interface BatchStatus {
  id: string;
  /** No entry will change any more: results can be fetched. */
  ended: boolean;
  /** The provider's own word for the state (`in_progress`, `finalizing`, `ended`, …), for the progress line. */
  state: string;
  counts: BatchCounts;
  /** When the provider gives up on the batch (ISO time). */
  expiresAt: string | null;
  /** Why the whole batch failed (OpenAI validation errors), when it did. */
  failure?: string;
}

/** One entry's outcome in a batch's results: the raw response body, or why there is none. */
export type BatchEntryResult =
  | { customId: string; ok: true; raw: unknown }
  | { customId: string; ok: false; kind: 'batch-failed' | 'batch-expired' | 'batch-canceled'; reason: string };

/** A batch found at the provider by the tag it was created with (after a create whose answer was lost). */
export type BatchLookup = { found: BatchStatus } | { found: null } | { ambiguous: string[] };

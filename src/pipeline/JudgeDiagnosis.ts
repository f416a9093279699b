/** What `doctor` reports about one judge: the checks and the call's figures (API and local judges alike). */
import type { Usage } from '../types/Provider.ts';

/** One check's outcome: passed, failed, not reached because an earlier step failed, or not relevant to this judge. */
export type CheckState = 'ok' | 'failed' | 'not-checked' | 'not-applicable';

/** The checks doctor makes of one judge. */
export interface DoctorChecks {
  /** The key was accepted (no 401/403). */
  auth: CheckState;
  /** The model is served (no 404). */
  model: CheckState;
  /** Every sample parsed against the detection output schema. */
  structuredOutput: CheckState;
  /** The samples asked for (2, with `n`) came back; not-applicable for judges without `n`. */
  n: CheckState;
  /** The reasoning effort was sent and the request accepted; not-applicable where none is sent. */
  effort: CheckState;
}

/** What doctor found out about one judge. */
export interface JudgeDiagnosis {
  judge: string;
  ok: boolean;
  checks: DoctorChecks;
  /** The effort sent (null: none). */
  effortSent: string | null;
  samples: { asked: number; got: number } | null;
  latencyMs: number | null;
  /** The response's `model` field: the snapshot that served the call. */
  servedModel: string | null;
  /** OpenAI's `system_fingerprint`, when the response has one. */
  fingerprint: string | null;
  usage: Usage | null;
  /** USD of the call from the price table; 'unpriced' when the model has no price; null without a response. */
  costUsd: number | 'unpriced' | null;
  /** What went wrong, in a few words (`HTTP 401`, `unreachable`, `timeout`, `shut down`, `missing key`...), or null. */
  status: string | null;
  /** Why it failed (secrets removed), or null. */
  error: string | null;
  /** What to do about it, or null. */
  fix: string | null;
  /** The catalogue's lifecycle warnings (shutting down soon, not catalogued). */
  warnings: string[];
}

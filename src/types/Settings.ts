import type { EvidencePolicy } from './Verdicts.ts';

/** Settings of one `score` run, after flag parsing. */
export interface ScoreSettings {
  votes: number;
  only: string[];
  fresh: boolean;
  salt: string;
  offline: boolean;
  evidencePolicy: EvidencePolicy;
  /** Run the bonus/penalty audit (one unit per review). */
  audit: boolean;
  concurrency: number;
  timeoutMs: number;
  maxRetries: number;
  /** `--max-cost`: no new paid call once this much USD is spent; null for no limit. */
  maxCostUsd: number | null;
}

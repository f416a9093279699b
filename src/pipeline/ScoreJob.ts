import type { Budget } from '../cost/Budget.ts';
import type { PriceTable } from '../cost/prices.ts';
import type { AdaptiveLimit } from '../judge/AdaptiveLimit.ts';
import type { PromptTemplate } from '../prompts/PromptTemplate.ts';
import type { HistoryEntry } from '../run/history.ts';
import type { Thresholds } from '../run/thresholds.ts';
import type { Provider } from '../types/Provider.ts';
import type { Report } from '../types/Report.ts';
import type { Rubric } from '../types/Rubric.ts';
import type { ScoreSettings } from '../types/Settings.ts';

/** `--batch`: how the job uses the providers' batch APIs. */
export interface BatchSettings {
  /** `--wait`: poll until every batch has ended and finish the runs; else submit and return pending. */
  wait: boolean;
  /** Between two polls of a run's batches. */
  pollMs: number;
  /** `--batch-size`: requests per batch at most (below the provider's own limit); null: the provider's limit. */
  maxRequests: number | null;
  /** The invocation, recorded in each run folder's ledger for `collect` (flags without secrets, working directory). */
  command: { cwd: string; flags: Record<string, unknown>; /** `calibrate` batch runs are resumed by the same calibrate command, not `collect`. */ kind?: 'score' | 'calibrate' };
  /** `collect <run-dir>`: the run folder whose batches this job must finish (a mismatch is an input error). */
  runDir?: string;
}

/** Everything shared by the rounds of one `score` (or `calibrate`) invocation, parsed and checked before any run folder exists. */
export interface ScoreJob {
  settings: ScoreSettings;
  judges: Provider[];
  /** One concurrency limit for every request of the job; the providers' fetch reports 429s to it. */
  limit: AdaptiveLimit;
  budget: Budget;
  templates: { detection: PromptTemplate; audit: PromptTemplate };
  prices: PriceTable;
  rubric: Rubric;
  /** `--history` entries, merged under what earlier runs say. */
  history: HistoryEntry[] | undefined;
  thresholds: Thresholds;
  /** Reports of `--compare-to`, keyed by answer-key sha256 (null key: a single report for any round). */
  compareTo: Map<string | null, Report> | null;
  /** `--baseline`: the baseline prompt, else the default rule. */
  baseline?: string;
  /** `--workflow-files`: write the workflow's Phase 4/5 files into each round folder. */
  workflowFiles: boolean;
  runsDir: string;
  cacheDir: string;
  /** Secret values (API keys) to scrub from every log line. */
  secrets: string[];
  /** `--batch`: judged through the providers' batch APIs; null: interactive requests. */
  batch: BatchSettings | null;
}

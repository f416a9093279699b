import type { LocalUsage } from './LocalUsage.ts';
import type { EvidenceCount } from './Report.ts';

/**
 * The runs folder as the dashboard (`review-judge view`, index.html) shows it: one `Night` per
 * readable run folder and the folders that could not be read. Built by src/run/readRunsOverview.ts,
 * rendered by src/report/renderIndexHtml.ts (pure).
 */
export interface RunsOverview {
  /** The runs folder's name as the user typed it, for the page title. */
  runsDir: string;
  /** When the page was made (ISO), shown in its header. */
  generatedAt: string;
  nights: Night[];
  /** Folders skipped: no run.json / manifest.json, or no readable report.json. */
  unreadable: { folder: string; reason: string }[];
}

/** How a run ended, from its report alone (the thresholds of that night are not recorded in report.json). */
export type NightStatus = 'ok' | 'unscored' | 'suspect-evidence';

/** One prompt's result in one run. */
export interface NightPrompt {
  prompt: string;
  baseline: boolean;
  mean: number;
  sd: number;
  /** Review runs scored for this prompt. */
  runs: number;
  evidence: EvidenceCount;
  /** Unscored units of this prompt (detection and audit). */
  unscored: number;
}

/** One run folder of a round ("a night"): what its report.json says, reduced to what the dashboard shows. */
export interface Night {
  /** The folder's name in the runs folder: arbitrary file-system text, escaped and percent-encoded wherever it is shown or linked. */
  folder: string;
  runId: string;
  createdAt: string;
  series: string;
  round: number | null;
  title: string;
  /** Whether `<folder>/report.html` exists (only then is it linked). */
  reportHtml: boolean;
  status: NightStatus;
  prompts: NightPrompt[];
  recommendation: { prompt: string; reason: string; complete: boolean };
  convergence: 'converged' | 'continue' | 'unknown';
  evidence: EvidenceCount;
  unscored: number;
  /** Snapshots that answered, per judge (report.json `snapshots`). */
  snapshots: { judge: string; servedModel: string }[];
  /** This run's spend; null when the report records none (imported runs, older reports). */
  cost: { usd: number; requests: number; unpricedRequests: number; local?: LocalUsage } | null;
}

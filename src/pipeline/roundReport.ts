import { DEFAULT_MAX_DEMOTED_SHARE } from '../score/evidenceCount.ts';
import { buildReport } from '../score/buildReport.ts';
import type { ScoreResult } from '../run/scoreRun.ts';
import type { HistoryEntry } from '../run/history.ts';
import type { PreparedInputs } from '../types/Inputs.ts';
import type { Report } from '../types/Report.ts';
import type { ScoreJob } from './ScoreJob.ts';

/** A judged round's report: the scores, plus what moved the numbers (snapshots, evidence limit, retries) and what the run cost. */
export function roundReport(result: ScoreResult, prepared: PreparedInputs, job: ScoreJob, history: HistoryEntry[] | undefined, title: string): Report {
  const round = prepared.inputs.round;
  const t = result.manifest.totals;
  return {
    ...buildReport({ verdicts: result.verdicts, key: prepared.key, rubric: job.rubric, baseline: job.baseline, history, round, title }),
    snapshots: result.manifest.snapshots.map(({ judge, servedModel, votes }) => ({ judge, servedModel, votes })),
    evidenceLimit: job.thresholds.maxDemotedShare ?? DEFAULT_MAX_DEMOTED_SHARE,
    retries: { invalidOutput: t.retries?.invalidOutput ?? 0, truncated: t.retries?.truncated ?? 0, jsonObjectFallbacks: t.jsonObjectFallbacks ?? 0 },
    cost: {
      usd: t.costUsd ?? 0,
      priceTableDate: job.prices.date,
      requests: t.requests,
      inputTokens: t.inputTokens,
      cachedInputTokens: t.cachedInputTokens,
      outputTokens: t.outputTokens,
      byRun: result.manifest.costs?.byReview ?? [],
      unpricedRequests: result.manifest.costs?.unpricedRequests ?? 0,
      ...(t.batch ? { batch: { requests: t.batch.requests, votes: t.batch.votes, usd: t.batch.costUsd } } : {}),
      ...(t.local ? { local: t.local } : {}),
    },
  };
}

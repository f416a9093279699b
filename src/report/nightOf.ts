import { DEFAULT_MAX_DEMOTED_SHARE } from '../score/evidenceCount.ts';
import type { Report } from '../types/Report.ts';
import type { Night, NightStatus } from '../types/RunsOverview.ts';

/** What the runs index knows of a run folder besides its report. */
export type NightHead = Pick<Night, 'folder' | 'runId' | 'createdAt' | 'series' | 'round' | 'reportHtml'>;

/**
 * Pure: one run's report.json reduced to what the dashboard shows. The status is read from the
 * report alone, with the default --max-demoted-share: the limit a night ran with is not recorded.
 */
export function nightOf(head: NightHead, report: Report): Night {
  const unscoredOf = (prompt: string) => report.unscored.filter((u) => u.prompt === prompt).length;
  return {
    ...head,
    round: head.round ?? report.round,
    title: report.title,
    status: statusOf(report),
    prompts: report.prompts.map((p) => ({ prompt: p.prompt, baseline: p.baseline, mean: p.mean, sd: p.sd, runs: p.runs.length, evidence: p.evidence, unscored: unscoredOf(p.prompt) })),
    recommendation: { prompt: report.recommendation.prompt, reason: report.recommendation.reason, complete: report.recommendation.complete ?? report.unscored.length === 0 },
    convergence: report.convergence.status,
    evidence: report.evidence,
    unscored: report.unscored.length,
    snapshots: report.snapshots.map(({ judge, servedModel }) => ({ judge, servedModel })),
    cost: report.cost ? { usd: report.cost.usd, requests: report.cost.requests, unpricedRequests: report.cost.unpricedRequests, ...(report.cost.local ? { local: report.cost.local } : {}) } : null,
  };
}

/** Suspect evidence outranks unscored units, as in the run's own exit (src/pipeline/scoreRound.ts). */
function statusOf(report: Report): NightStatus {
  const e = report.evidence;
  if (e.votes > 0 && e.demotedShare > DEFAULT_MAX_DEMOTED_SHARE + 1e-9) return 'suspect-evidence';
  return report.unscored.length ? 'unscored' : 'ok';
}

import { addLocalUsage } from '../types/LocalUsage.ts';
import { sumEvidence } from '../score/evidenceCount.ts';
import type { NightlyRound, NightlySummary } from '../types/Nightly.ts';
import type { Report } from '../types/Report.ts';
import type { RoundResult } from './scoreRounds.ts';

/** One round's end as the nightly summary needs it: its result and the exit code it got. */
export interface RoundEnd {
  result: RoundResult;
  code: number;
}

const EXIT_REASON: Record<number, string> = {
  0: 'every round ok',
  1: 'unscored units or suspect evidence in some round (see reasons)',
  2: 'an input error, an offline cache miss or a stopped judge in some round',
  3: 'a threshold broken on complete data in some round',
  75: 'provider batches still running for some round: collect later (same command, or review-judge collect <run-dir>)',
};

/**
 * Pure: the nightly summary of one `--all-rounds` invocation. `previous` holds the latest earlier
 * report per answer key (read before the night started), so each prompt's change is against the
 * previous night of the same round.
 */
export function nightlySummary(ends: readonly RoundEnd[], previous: ReadonlyMap<string, Report>, createdAt: string, exitCode: number): NightlySummary {
  const rounds: NightlyRound[] = ends.map(({ result, code }) => {
    if ('error' in result) {
      return { series: result.target.name, round: null, title: result.target.name, status: 'input-error', exitCode: code, unchanged: false, runId: null, runDir: null, prompts: [], recommendation: null, complete: false, evidence: null, unscored: 0, requests: 0, retries: null, costUsd: null, unpricedRequests: 0, reasons: [result.error.format()] };
    }
    if ('interrupted' in result) {
      return { series: result.target.name, round: null, title: result.target.name, status: 'interrupted', exitCode: code, unchanged: false, runId: null, runDir: result.interrupted.runDir, prompts: [], recommendation: null, complete: false, evidence: null, unscored: 0, requests: 0, retries: null, costUsd: null, unpricedRequests: 0, reasons: ['interrupted (Ctrl-C): run the same command to finish'] };
    }
    if ('pending' in result) {
      const b = result.pending.batches;
      return {
        series: result.pending.series, round: result.pending.round, title: result.pending.title, status: 'pending', exitCode: code, unchanged: false, runId: null, runDir: result.pending.runDir, prompts: [], recommendation: null, complete: false, evidence: null, unscored: 0, requests: 0, retries: null, costUsd: null, unpricedRequests: 0,
        pendingBatches: { batches: b.batches.length, ...b.counts, estimateUsd: b.estimateUsd },
        reasons: [`pending: ${result.pending.units.pending} of ${result.pending.units.total} units wait for ${b.batches.filter((x) => !x.state.endsWith('(collected)')).length} provider batches; collect with review-judge collect ${result.pending.runDir}`],
      };
    }
    const o = result.outcome;
    const before = previous.get(o.result.manifest.inputs.key.sha256) ?? null;
    const t = o.result.manifest.totals;
    return {
      series: o.series,
      round: o.round,
      title: o.title,
      status: o.status,
      exitCode: code,
      unchanged: o.unchanged,
      runId: o.report.runId,
      runDir: o.runDir,
      prompts: o.report.prompts.map((p) => {
        const was = before?.prompts.find((q) => q.prompt === p.prompt)?.mean ?? null;
        return { prompt: p.prompt, mean: p.mean, sd: p.sd, previousMean: was, change: was === null ? null : Math.round((p.mean - was) * 1e9) / 1e9, unscored: o.report.unscored.filter((u) => u.prompt === p.prompt).length, evidence: p.evidence };
      }),
      recommendation: o.report.recommendation.prompt,
      complete: o.report.recommendation.complete !== false,
      evidence: o.report.evidence,
      unscored: o.report.unscored.length,
      requests: t.requests,
      retries: o.report.retries ?? null,
      costUsd: o.unchanged ? 0 : (t.costUsd ?? 0),
      unpricedRequests: o.result.manifest.costs?.unpricedRequests ?? 0,
      ...(t.batch && !o.unchanged ? { batch: t.batch } : {}),
      ...(t.local && !o.unchanged ? { local: t.local } : {}),
      reasons: [...o.broken, ...o.undecided, ...(o.suspect ? [o.suspect] : []), ...o.offlineMisses.map((n) => `offline: no cached votes for ${n}`), ...o.report.unscored.map((u) => `unscored: ${u.prompt} run${u.run} ${u.unit}: ${u.reason}`)],
    };
  });
  const byStatus: Record<string, number> = {};
  for (const r of rounds) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
  return {
    schemaVersion: 1,
    createdAt,
    exitCode,
    exitReason: EXIT_REASON[exitCode] ?? `exit ${exitCode}`,
    rounds,
    totals: {
      rounds: rounds.length,
      byStatus,
      unchanged: rounds.filter((r) => r.unchanged).length,
      requests: rounds.reduce((a, r) => a + r.requests, 0),
      costUsd: Math.round(rounds.reduce((a, r) => a + (r.costUsd ?? 0), 0) * 1e6) / 1e6,
      unpricedRequests: rounds.reduce((a, r) => a + r.unpricedRequests, 0),
      ...(addLocalUsage(rounds.map((r) => r.local)) ? { local: addLocalUsage(rounds.map((r) => r.local))! } : {}),
      evidence: sumEvidence(rounds.flatMap((r) => (r.evidence ? [r.evidence] : []))),
    },
  };
}

import path from 'node:path';
import { DiskCache } from '../cache/DiskCache.ts';
import { createRunLogger } from '../run/createRunLogger.ts';
import { seriesOf, type HistoryEntry } from '../run/history.ts';
import { RunFolder, runStamp } from '../run/RunFolder.ts';
import { RunFolderWriteError } from '../run/RunFolderWriteError.ts';
import type { RunSummary } from '../run/RunsIndex.ts';
import { scoreRun, type RunProgress, type ScoreResult } from '../run/scoreRun.ts';
import { InputError } from '../errors.ts';
import { brokenThresholds, suspectEvidence, undecidedThresholds } from '../run/thresholds.ts';
import { reportTitle, writeReports } from '../run/writeReports.ts';
import { writeWorkflowFiles } from '../run/writeWorkflowFiles.ts';
import { buildReport } from '../score/buildReport.ts';
import type { Edges } from '../types/Edges.ts';
import type { PreparedInputs } from '../types/Inputs.ts';
import type { Report } from '../types/Report.ts';
import { unitId, unitName } from '../types/Unit.ts';
import type { Verdicts } from '../types/Verdicts.ts';
import type { JobRuntime } from './startJob.ts';
import type { ScoreJob } from './ScoreJob.ts';

/** Why a round's exit is not ok, most severe first; the CLI turns it into an exit code. */
export type RoundStatus = 'offline-miss' | 'threshold' | 'suspect-evidence' | 'unscored' | 'ok';

/** A scored round: its run folder, report and everything the user must be told. */
export interface RoundOutcome {
  title: string;
  series: string;
  round: number | null;
  runDir: string;
  result: ScoreResult;
  report: Report;
  status: RoundStatus;
  /** Broken thresholds, one line each (complete data only). */
  broken: string[];
  /** Thresholds that would break but leave unscored units out: not decided, never a broken threshold. */
  undecided: string[];
  /** Set when the evidence check demoted more ○/△ votes than `--max-demoted-share` allows: the judge is suspect. */
  suspect: string | null;
  /** Units that `--offline` could not read from the cache. */
  offlineMisses: string[];
  /** The previous run of the same inputs (for `--only`'s diff), when asked for and found. */
  previous: { runId: string; verdicts: Verdicts } | null;
  /** Workflow files written (`--workflow-files`). */
  workflowFiles: string[];
  /** Cache writes that failed: those votes are in this run's files but cannot be replayed, and a rerun pays again. */
  cacheWriteFailures: { count: number; reason: string };
}

/** A round ended by Ctrl-C: its folder holds only votes.jsonl and log.jsonl; what it bought is in the cache. */
export interface RoundInterrupted {
  interrupted: true;
  runDir: string;
  /** Votes answered in this round and written to the cache. */
  votesCached: number;
  cacheWriteFailures: { count: number; reason: string };
}

/** What one round needs besides the job: where it lives, its convergence history, and progress. */
export interface RoundOptions {
  /** The round folder, for `--workflow-files`. */
  roundDir?: string;
  /** Earlier rounds' improvements (resolved only once the judging is done: earlier rounds of the job may still be running). */
  history: () => Promise<HistoryEntry[] | undefined>;
  /** Also look up the previous run of the same inputs (for `--only`). */
  findPrevious: boolean;
  onProgress?: (p: RunProgress) => void;
}

/**
 * Scores one round over the job's shared queue: judge, write the run folder and reports, check
 * thresholds. Ctrl-C ends it without summaries (RoundInterrupted); a runs folder the storage refuses
 * (disk full, read-only) is an InputError (exit 2) saying what was kept and how to finish.
 */
export async function scoreRound(prepared: PreparedInputs, job: ScoreJob, rt: JobRuntime, edges: Edges, opts: RoundOptions): Promise<RoundOutcome | RoundInterrupted> {
  const folder = new RunFolder(job.runsDir, `${runStamp(edges.now())}-${edges.randomHex(3)}`, edges.files);
  const log = createRunLogger((line) => folder.appendLog(line), job.secrets);
  const cache = new DiskCache(job.cacheDir, { log });
  try {
    return await judgeAndWrite(prepared, job, rt, edges, opts, folder, log, cache);
  } catch (e) {
    if (!(e instanceof RunFolderWriteError)) throw e;
    folder.takeBackSummaries();
    throw notWritten(e, job, cache);
  }
}

/** The one line for a run folder the storage refused: what was kept, and how to finish without paying again. */
function notWritten(e: RunFolderWriteError, job: ScoreJob, cache: DiskCache): InputError {
  const lost = cache.writeFailures.count ? `; ${cache.writeFailures.count} could not be cached (${cache.writeFailures.reason}) and will be asked again` : '';
  return new InputError(
    `cannot write the run folder (${e.code}); kept: the ${cache.written.votes} votes answered in this run are in the vote cache ${job.cacheDir}${lost}; to finish: free space, then run the same command (it makes no paid request for cached votes)`,
    e.file,
  );
}

async function judgeAndWrite(prepared: PreparedInputs, job: ScoreJob, rt: JobRuntime, edges: Edges, opts: RoundOptions, folder: RunFolder, log: ReturnType<typeof createRunLogger>, cache: DiskCache): Promise<RoundOutcome | RoundInterrupted> {
  const round = prepared.inputs.round;
  const series = seriesOf(prepared.inputs.key.path);
  const title = reportTitle(prepared.key, round);
  rt.activeLogs.add(log);
  let result: ScoreResult;
  try {
    const ran = await scoreRun(prepared, job.settings, {
      judges: job.judges,
      executor: rt.queue,
      units: rt.units,
      templates: job.templates,
      cache,
      prices: job.prices,
      folder,
      log,
      now: edges.now,
      concurrency: () => job.limit.concurrency,
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      ...(edges.signal ? { signal: edges.signal } : {}),
    });
    if ('interrupted' in ran) return { ...ran, votesCached: cache.written.votes, cacheWriteFailures: { ...cache.writeFailures } };
    result = ran;
  } finally {
    rt.activeLogs.delete(log);
  }
  const t = result.manifest.totals;
  const report: Report = {
    ...buildReport({ verdicts: result.verdicts, key: prepared.key, rubric: job.rubric, baseline: job.baseline, history: await opts.history(), round, title }),
    snapshots: result.manifest.snapshots.map(({ judge, servedModel, votes }) => ({ judge, servedModel, votes })),
    cost: {
      usd: t.costUsd ?? 0,
      priceTableDate: job.prices.date,
      requests: t.requests,
      inputTokens: t.inputTokens,
      cachedInputTokens: t.cachedInputTokens,
      outputTokens: t.outputTokens,
      byRun: result.manifest.costs?.byReview ?? [],
      unpricedRequests: result.manifest.costs?.unpricedRequests ?? 0,
    },
  };
  writeReports(folder, report, result.verdicts);
  const workflowFiles = job.workflowFiles && opts.roundDir && round !== null ? writeWorkflowFiles(path.resolve(edges.cwd, opts.roundDir), round, report, result.verdicts, prepared.key) : [];
  const summary: RunSummary = {
    runId: folder.runId,
    createdAt: result.manifest.createdAt,
    fingerprint: result.manifest.fingerprint,
    round,
    series,
    keySha256: prepared.inputs.key.sha256,
    improvement: report.convergence.history.find((h) => h.round === round)?.improvement ?? null,
    hasReport: true,
  };
  // Last: a folder with run.json is complete, and later invocations index it without reading the manifest.
  folder.assertWhole();
  folder.writeJson('run.json', summary);
  rt.index.add({ dir: folder.dir, ...summary });
  const previous = opts.findPrevious ? await rt.index.previousRun(result.manifest.fingerprint, folder.runId) : null;
  const missed = (c: { status: string; kind?: string }) => c.status === 'failed' && c.kind === 'cache-miss';
  const offlineMisses = result.outcomes.filter((o) => o.collected.some(missed)).map((o) => unitName(o.job.unit.review, unitId(o.job.unit)));
  const previousReport = job.compareTo ? (job.compareTo.get(prepared.inputs.key.sha256) ?? job.compareTo.get(null) ?? null) : null;
  const broken = brokenThresholds(report, job.thresholds, previousReport, title);
  const undecided = undecidedThresholds(report, job.thresholds, previousReport, title);
  const suspect = suspectEvidence(report, job.thresholds, title);
  const status: RoundStatus = offlineMisses.length ? 'offline-miss' : broken.length ? 'threshold' : suspect ? 'suspect-evidence' : report.unscored.length ? 'unscored' : 'ok';
  return {
    title,
    series,
    round,
    runDir: folder.dir,
    result,
    report,
    status,
    broken,
    undecided,
    suspect,
    offlineMisses,
    previous: previous ? { runId: previous.entry.runId, verdicts: previous.verdicts } : null,
    workflowFiles,
    cacheWriteFailures: { ...cache.writeFailures },
  };
}

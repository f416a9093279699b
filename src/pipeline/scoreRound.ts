import path from 'node:path';
import { DiskCache } from '../cache/DiskCache.ts';
import { createRunLogger } from '../run/createRunLogger.ts';
import { seriesOf, type HistoryEntry } from '../run/history.ts';
import { RunFolder, runFolderName, runStamp } from '../run/RunFolder.ts';
import { RunFolderWriteError } from '../run/RunFolderWriteError.ts';
import type { RunSummary } from '../run/RunsIndex.ts';
import { runFingerprints, scoreRun, type RunProgress, type ScoreDeps, type ScoreResult } from '../run/scoreRun.ts';
import { BatchLedger } from '../run/BatchLedger.ts';
import { findBatchRun } from '../run/findBatchRun.ts';
import { batchRunOf } from './batchRunOf.ts';
import type { Provider } from '../types/Provider.ts';
import { judgeInBatches, type BatchRunPending } from './judgeInBatches.ts';
import type { BatchesSummary } from './batchesSummary.ts';
import { sleep } from './sleep.ts';
import { readRerunBase, type RerunBase } from '../run/RerunBase.ts';
import { InputError } from '../errors.ts';
import { rmSync } from 'node:fs';
import { unchangedRun } from '../run/unchangedRun.ts';
import { DEFAULT_MAX_DEMOTED_SHARE } from '../score/evidenceCount.ts';
import { brokenThresholds, suspectEvidence, undecidedThresholds } from '../run/thresholds.ts';
import { reportTitle, writeReports } from '../run/writeReports.ts';
import { writeWorkflowFiles } from '../run/writeWorkflowFiles.ts';
import { roundReport } from './roundReport.ts';
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
  /** The run `--only` built on (for the printed change), null without `--only`. */
  previous: { runId: string; verdicts: Verdicts; report: Report | null } | null;
  /** True when the round repeated its latest run exactly: no new folder was written, `runDir` is that run's. */
  unchanged: boolean;
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

/** A batch round that cannot finish yet: its batches are at the provider and recorded in its run folder (`batch.json`). */
export interface RoundPending {
  pending: true;
  title: string;
  series: string;
  round: number | null;
  runDir: string;
  units: { pending: number; total: number };
  batches: BatchesSummary;
}

/** What one round needs besides the job: where it lives, its convergence history, and progress. */
export interface RoundOptions {
  /** The round folder, for `--workflow-files`. */
  roundDir?: string;
  /** Earlier rounds' improvements (resolved only once the judging is done: earlier rounds of the job may still be running). */
  history: () => Promise<HistoryEntry[] | undefined>;
  onProgress?: (p: RunProgress) => void;
  /** Write no new folder when the round repeats its latest run exactly (nightly). */
  skipUnchanged?: boolean;
  /** `--batch`: the round's batches after each poll. */
  onBatches?: (title: string, s: BatchesSummary) => void;
}

/** The latest run of these inputs for `--only`; an InputError (exit 2) when there is none: `--only` never writes a partial run. */
async function findRerunBase(rt: JobRuntime, fp: { run: string; inputs: string }, title: string, runsDir: string): Promise<RerunBase> {
  const entry = rt.index.latestOfInputs(fp.inputs, fp.run);
  if (!entry) throw new InputError(`--only re-judges units on top of the latest run of the same inputs, and there is none for ${title}: run without --only first (it judges every unit)`, runsDir);
  return readRerunBase(entry.dir);
}

/**
 * Scores one round over the job's shared queue: judge, write the run folder and reports, check
 * thresholds. Ctrl-C ends it without summaries (RoundInterrupted); a runs folder the storage refuses
 * (disk full, read-only) is an InputError (exit 2) saying what was kept and how to finish.
 */
export async function scoreRound(prepared: PreparedInputs, job: ScoreJob, rt: JobRuntime, edges: Edges, opts: RoundOptions): Promise<RoundOutcome | RoundInterrupted | RoundPending> {
  const round = prepared.inputs.round;
  const series = seriesOf(prepared.inputs.key.path);
  const title = reportTitle(prepared.key, round, series);
  // --only builds on the latest run of these inputs: found (or refused) before anything is written or sent.
  const fingerprints = runFingerprints(prepared, job.templates, job.judges, job.settings);
  // A batch run goes on in the folder that holds its batches (the same command run again), else in a new one.
  const batch = job.batch ? batchRunOf({ ...job, batch: job.batch }, rt.waitingBatchRuns, fingerprints, opts.roundDir ?? null, round) : null;
  const base = job.settings.only.length ? (batch?.recordedBase ? await readRerunBase(path.join(job.runsDir, batch.recordedBase)) : await findRerunBase(rt, fingerprints, title, job.runsDir)) : null;
  const batchHeader = batch ? { ...batch.header, base: base?.runId ?? null } : null;
  const resumed = batch?.resumed ?? null;
  // Judging interactively what a batch run already submitted pays twice: say so (the run goes on).
  const waiting = batch ? null : findBatchRun(rt.waitingBatchRuns, { fingerprints, salt: job.settings.salt, only: job.settings.only });
  if (waiting) edges.stderr(`warning: ${title}: a --batch run of these inputs is waiting for its batches in ${path.join(job.runsDir, waiting.runId)} (paid for already): collect it (review-judge collect) instead of judging again\n`);
  const folder = new RunFolder(job.runsDir, resumed ?? runFolderName(series, round, runStamp(edges.now()), edges.randomHex(3)), edges.files);
  const log = createRunLogger((line) => folder.appendLog(line), job.secrets);
  const cache = new DiskCache(job.cacheDir, { log });
  try {
    return await judgeAndWrite(prepared, job, rt, edges, opts, { folder, log, cache, base, fingerprints, title, series, ledger: batchHeader ? BatchLedger.open(folder, batchHeader, edges.now()) : null });
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

/** What scoreRound set up for the round's run. */
interface RoundRun {
  folder: RunFolder;
  log: ReturnType<typeof createRunLogger>;
  cache: DiskCache;
  base: RerunBase | null;
  fingerprints: { run: string; inputs: string };
  title: string;
  series: string;
  /** `--batch`: the run folder's batch ledger. */
  ledger: BatchLedger | null;
}

async function judgeAndWrite(prepared: PreparedInputs, job: ScoreJob, rt: JobRuntime, edges: Edges, opts: RoundOptions, run: RoundRun): Promise<RoundOutcome | RoundInterrupted | RoundPending> {
  const { folder, log, cache, base, fingerprints, title, series, ledger } = run;
  const round = prepared.inputs.round;
  rt.activeLogs.add(log);
  let result: ScoreResult;
  try {
    const deps: ScoreDeps = {
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
      base,
      fingerprints,
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      ...(edges.signal ? { signal: edges.signal } : {}),
    };
    const ran =
      job.batch && ledger
        ? await judgeInBatches(prepared, job.settings, deps, {
            ledger,
            settings: job.batch,
            prices: job.prices,
            sleep: edges.sleep ?? sleep,
            exclusive: (key, fn) => rt.batchCreates.run(key, fn),
            pollFailures: new Map(),
            ...(job.budget.maxUsd !== null ? { reserve: (j: Provider, e: { inputTokens: number; outputTokens: number }) => job.budget.reserve(j.id, e, 'batch') } : {}),
            ...(opts.onBatches ? { onBatches: (s: BatchesSummary) => opts.onBatches!(title, s) } : {}),
          })
        : await scoreRun(prepared, job.settings, deps);
    if ('interrupted' in ran) return { ...ran, votesCached: cache.written.votes, cacheWriteFailures: { ...cache.writeFailures } };
    if ('pending' in ran) return { pending: true, title, series, round, runDir: ran.runDir, units: ran.units, batches: (ran as BatchRunPending).batches };
    result = ran;
  } finally {
    rt.activeLogs.delete(log);
  }
  const report = roundReport(result, prepared, job, await opts.history(), title);
  // Nothing new (same votes, no request, same report): keep the latest run, write no new folder.
  const same = job.settings.only.length || !opts.skipUnchanged ? null : await unchangedRun(rt.index.latestOfInputs(fingerprints.inputs, fingerprints.run), result.manifest, report);
  if (same) {
    rmSync(folder.dir, { recursive: true, force: true });
    return finish(same.entry.dir, same.report, true, []);
  }
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
    inputs: fingerprints.inputs,
  };
  // Last: a folder with run.json is complete, and later invocations index it without reading the manifest.
  folder.assertWhole();
  folder.writeJson('run.json', summary);
  rt.index.add({ dir: folder.dir, ...summary });
  return finish(folder.dir, report, false, workflowFiles);

  /** The outcome of the round, from the run folder that holds it (a new one, or the unchanged latest). */
  function finish(runDir: string, report: Report, unchanged: boolean, workflowFiles: string[]): RoundOutcome {
    const previous = base ? { entry: { runId: base.runId }, verdicts: base.verdicts, report: base.report } : null;
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
      runDir,
      unchanged,
      result,
      report,
      status,
      broken,
      undecided,
      suspect,
      offlineMisses,
      previous: previous ? { runId: previous.entry.runId, verdicts: previous.verdicts, report: previous.report } : null,
      workflowFiles,
      cacheWriteFailures: { ...cache.writeFailures },
    };
  }
}

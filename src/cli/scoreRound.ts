import path from 'node:path';
import { DiskCache } from '../cache/DiskCache.ts';
import { InputError } from '../errors.ts';
import { createRunLogger, secretsIn } from '../run/createRunLogger.ts';
import { dryRun } from '../run/dryRun.ts';
import { loadHistory, seriesOf } from '../run/history.ts';
import { diffVerdicts, findPreviousRun } from '../run/previousRun.ts';
import { RunFolder, runStamp } from '../run/RunFolder.ts';
import { scoreRun, unitName } from '../run/scoreRun.ts';
import { brokenThresholds } from '../run/thresholds.ts';
import { reportTitle, writeReports } from '../run/writeReports.ts';
import { buildReport } from '../score/buildReport.ts';
import { EXIT, type CliIO } from './CliIO.ts';
import { formatDryRun, formatUsd } from './formatDryRun.ts';
import { formatVerdictTable } from './formatVerdictTable.ts';
import { prepareInputs } from './planCommand.ts';
import { createProgress } from './progress.ts';
import type { ScoreFlags, ScoreJob } from './scoreJob.ts';
import { checkWorkflowFiles, writeWorkflowFiles } from './writeWorkflowFiles.ts';

/** Scores one round (or one ad-hoc key): judge, write the run folder and reports, check thresholds. Returns the exit code and the run folder. */
export async function scoreRound(roundDir: string | undefined, flags: ScoreFlags, job: ScoreJob, io: CliIO, quiet = false): Promise<{ code: number; runDir: string | null }> {
  const prepared = await prepareInputs(roundDir, flags, io);
  if (!prepared.inputs.reviews.length) throw new InputError('no reviews to judge (see the refused files above, or check --prompt and the results/ folder)', roundDir ?? flags.key);
  const ids = prepared.key.problems.map((p) => p.id);
  for (const id of job.only) if (!ids.includes(id) && id !== 'audit') throw new InputError(`--only ${id}: no such problem in the answer key (it has ${ids.join(', ')}, and audit)`);
  const settings = { ...job.settings, only: job.only };
  if (flags.workflowFiles) {
    if (!roundDir || prepared.inputs.round === null) throw new InputError('--workflow-files needs a round folder (<round-dir> --round N)');
    checkWorkflowFiles(path.resolve(io.cwd, roundDir), prepared.inputs.round, [...new Set(prepared.inputs.reviews.map((r) => r.prompt))]);
  }
  if (flags.dryRun) {
    const cache = new DiskCache(job.cacheDir, { log: { warn: (obj: object, msg: string) => io.stderr(`warning: ${msg} ${JSON.stringify(obj)}\n`) } });
    io.stdout(formatDryRun(await dryRun(prepared, settings, job.judges, job.templates, cache, job.prices), job.prices, prepared.inputs.key.path));
    return { code: EXIT.ok, runDir: null };
  }
  const runId = `${runStamp(io.now())}-${io.randomHex(3)}`;
  const folder = new RunFolder(job.runsDir, runId);
  const log = createRunLogger(folder.file('log.jsonl'), secretsIn(io.env));
  job.setThrottleLog((c, why) => log.warn({ concurrency: c }, `concurrency ${why}`));
  const progress = createProgress(io, () => job.limit.concurrency);
  const result = await scoreRun(prepared, settings, {
    judges: job.judges,
    limit: job.limit,
    templates: job.templates,
    cache: new DiskCache(job.cacheDir, { log }),
    budget: job.budget,
    prices: job.prices,
    folder,
    log,
    now: io.now,
    signal: io.signal,
    onProgress: progress.update,
  });
  progress.end();

  const series = seriesOf(prepared.inputs.key.path);
  const round = prepared.inputs.round;
  const history = round === null ? job.history : await loadHistory(job.runsDir, series, round, job.history);
  const t = result.manifest.totals;
  const report = {
    ...buildReport({ verdicts: result.verdicts, key: prepared.key, rubric: job.rubric, baseline: flags.baseline, history, round, title: reportTitle(prepared.key, round) }),
    cost: {
      usd: t.costUsd ?? 0,
      priceTableDate: job.prices.date,
      requests: t.requests,
      inputTokens: t.inputTokens,
      cachedInputTokens: t.cachedInputTokens,
      outputTokens: t.outputTokens,
      byRun: result.manifest.costs?.byReview ?? [],
    },
  };
  writeReports(folder, report, result.verdicts);
  if (flags.workflowFiles && roundDir && round !== null) {
    for (const f of writeWorkflowFiles(path.resolve(io.cwd, roundDir), round, report, result.verdicts, prepared.key)) io.stderr(`wrote ${f}\n`);
  }

  if (flags.json && !quiet) io.stdout(JSON.stringify(result.verdicts, null, 2) + '\n');
  else if (!quiet) io.stdout(formatVerdictTable(result.verdicts, ids));
  (flags.json && !quiet ? io.stderr : io.stdout)(`${quiet ? `${reportTitle(prepared.key, round)}: ` : ''}recommended: ${report.recommendation.prompt} (${report.recommendation.reason})\n`);
  io.stderr(`${t.units} units, ${t.requests} requests, ${t.cacheHits} cached votes, ${t.unscored} unscored, ${formatUsd(t.costUsd ?? 0)} spent; reports in ${folder.dir}\n`);
  if (settings.salt) io.stderr(`fresh samples under salt ${settings.salt}: rerun with --salt ${settings.salt} to resume or replay them\n`);
  const stopped = job.budget.stopReason();
  if (stopped) io.stderr(`review-judge: ${stopped}\n`);
  if (result.missing) io.stderr(`${result.missing} units outside --only are not in the cache and were left out (run without --only to judge them)\n`);
  if (job.only.length && !quiet) {
    const previous = await findPreviousRun(job.runsDir, result.manifest);
    if (previous) for (const line of diffVerdicts(previous.verdicts, result.verdicts, job.only)) io.stdout(line + '\n');
    else io.stdout('no earlier run of the same inputs to compare with\n');
  }
  const missed = (c: { status: string; kind?: string }) => c.status === 'failed' && c.kind === 'cache-miss';
  const misses = [
    ...result.outcomes.filter((o) => o.collected.some(missed)).map((o) => unitName(o.job.review, o.job.problem.id)),
    ...result.audits.filter((o) => o.collected.some(missed)).map((o) => unitName(o.job.review, 'audit')),
  ];
  for (const name of misses) io.stderr(`review-judge: offline: no cached votes for ${name}; run without --offline to judge it\n`);
  for (const u of report.unscored) io.stderr(`unscored: ${u.prompt} run${u.run} ${u.unit}: ${u.reason}\n`);
  const previousReport = job.compareTo ? (job.compareTo.get(prepared.inputs.key.sha256) ?? job.compareTo.get(null) ?? null) : null;
  const broken = brokenThresholds(report, job.thresholds, previousReport, reportTitle(prepared.key, round));
  for (const line of broken) io.stderr(`threshold: ${line}\n`);
  const code = misses.length ? EXIT.input : broken.length ? EXIT.threshold : report.unscored.length ? EXIT.unscored : EXIT.ok;
  return { code, runDir: folder.dir };
}

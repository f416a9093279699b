import { availableParallelism } from 'node:os';
import path from 'node:path';
import { DiskCache } from '../cache/DiskCache.ts';
import { InputError } from '../errors.ts';
import type { RoundInterrupted } from '../pipeline/scoreRound.ts';
import { prepareRound, scoreRounds, type RoundResult, type RoundTarget } from '../pipeline/scoreRounds.ts';
import { nightlySummary } from '../pipeline/nightlySummary.ts';
import { writeNightly } from '../run/writeNightly.ts';
import type { Report } from '../types/Report.ts';
import type { ScoreJob } from '../pipeline/ScoreJob.ts';
import { startJob } from '../pipeline/startJob.ts';
import { discoverRounds } from '../round/discoverRounds.ts';
import { dryRun, type DryRunLine } from '../run/dryRun.ts';
import { EXIT, type CliIO } from './CliIO.ts';
import { formatDryRun, formatDryRunTotal } from './formatDryRun.ts';
import { printRound } from './printRound.ts';
import { createProgress } from './progress.ts';
import { createBatchLine, pendingLine } from './batchLines.ts';
import { inputSpec } from './resolveInputs.ts';
import { prepareScoreJob, type ScoreFlags } from './scoreJob.ts';

export type { ScoreFlags } from './scoreJob.ts';

/**
 * `review-judge score`: one round folder, an ad-hoc key, or with `--all-rounds` every round under a
 * workflow root, all over one shared request queue (a failing round is reported and the others
 * still run). Exit 0 ok, 1 unscored units, 2 usage or input error, 3 a threshold broken; over
 * several rounds: 2 > 75 > 3 > 1 > 0 (75: `--batch` submitted, provider batches still running).
 */
export async function scoreCommand(roundDir: string | undefined, flags: ScoreFlags, io: CliIO, collecting?: { runDir: string }): Promise<number> {
  if (flags.allRounds && (flags.round !== undefined || flags.key)) throw new InputError('--all-rounds finds the rounds itself: drop --round and --key');
  if (flags.allRounds && !roundDir) throw new InputError('--all-rounds needs a workflow root folder (e.g. ../shared/corpus/rounds)');
  const prepared = await prepareScoreJob(flags, io);
  const job = collecting && prepared.batch ? { ...prepared, batch: { ...prepared.batch, runDir: collecting.runDir } } : prepared;
  if (!flags.allRounds) {
    const target: RoundTarget = { name: roundDir ?? flags.key ?? 'inputs', spec: inputSpec(roundDir, flags) };
    if (flags.dryRun) return dryRunRounds([target], job, io, false);
    const [end] = await runRounds([target], job, io, { quiet: false, json: Boolean(flags.json) }, false);
    return end!.code;
  }
  const rounds = await discoverRounds(path.resolve(io.cwd, roundDir!));
  if (!rounds.length) throw new InputError('no <perspective>-<target>/ folder with answer-key-round-NNN.md and results/vNNN-*-runR.md found', roundDir);
  const targets: RoundTarget[] = rounds.map((r) => ({
    name: `${r.series} round ${r.round}`,
    spec: inputSpec(path.relative(io.cwd, r.dir) || '.', { ...flags, round: String(r.round) }),
  }));
  if (flags.dryRun) return dryRunRounds(targets, job, io, true);
  const ends = await runRounds(targets, job, io, { quiet: true, json: Boolean(flags.json) }, true);
  const codes = ends.map((e) => e.code);
  const code = worstCode(codes);
  const summary = nightlySummary(ends.flatMap((e) => (e.result ? [{ result: e.result, code: e.code }] : [])), ends[0]?.before ?? new Map(), io.now().toISOString(), code);
  const written = writeNightly(job.runsDir, summary);
  const unchanged = summary.totals.unchanged;
  io.stderr(`${rounds.length} rounds scored: ${codes.filter((c) => c === EXIT.ok).length} ok, ${codes.filter((c) => c === EXIT.unscored).length} with unscored units, ${codes.filter((c) => c === EXIT.threshold).length} below a threshold, ${codes.filter((c) => c === EXIT.input).length} input errors${codes.includes(EXIT.pending) ? `, ${codes.filter((c) => c === EXIT.pending).length} waiting for provider batches` : ''}${unchanged ? ` (${unchanged} unchanged: no new run folder)` : ''}; summary in ${written.join(' and ')}\n`);
  if (flags.json) io.stdout(JSON.stringify(summary, null, 2) + '\n');
  return code;
}

/** How a round ended: its exit code, run folder, result, and the reports of the night before (nightly summary). */
export interface RoundEndLine {
  code: number;
  runDir: string | null;
  result?: RoundResult;
  before?: Map<string, Report>;
}

/** Scores the targets as one job, printing each round as it ends; returns each one's exit code and run folder, in target order. */
export async function runRounds(targets: RoundTarget[], job: ScoreJob, io: CliIO, mode: { quiet: boolean; json: boolean }, named: boolean): Promise<RoundEndLine[]> {
  const rt = await startJob(job, io);
  // The previous night of each round (latest report per key), read before this night adds its runs.
  const before = named ? await rt.index.latestReports() : new Map<string, Report>();
  const progress = createProgress(io, () => job.limit.concurrency);
  const ends = new Map<RoundTarget, RoundEndLine>();
  const interrupted: RoundInterrupted[] = [];
  const batchLine = createBatchLine(io);
  await scoreRounds(targets, job, rt, io, {
    onProgress: progress.update,
    onBatches: (title, b) => {
      progress.clear();
      batchLine(title, b);
    },
    skipUnchanged: named,
    onRound: (r) => {
      progress.clear();
      if ('error' in r) {
        if (!named) throw r.error;
        io.stderr(`review-judge: ${r.target.name}: ${r.error.format()}\n`);
        ends.set(r.target, { code: EXIT.input, runDir: null, result: r, before });
      } else if ('interrupted' in r) {
        interrupted.push(r.interrupted);
        // Not ok, whatever came before; the process edge turns it into 130.
        ends.set(r.target, { code: EXIT.unscored, runDir: r.interrupted.runDir, result: r, before });
      } else if ('pending' in r) {
        io.stderr(pendingLine(r.pending, io.cwd, job.batch?.command.kind !== 'calibrate'));
        ends.set(r.target, { code: EXIT.pending, runDir: r.pending.runDir, result: r, before });
      } else ends.set(r.target, { code: printRound(r.outcome, job, io, mode), runDir: r.outcome.runDir, result: r, before });
    },
  });
  progress.end();
  if (interrupted.length) io.stderr(interruptedLine(interrupted, job.cacheDir, job.batch !== null));
  const stopped = rt.queue.stoppedJudges();
  // A judge that cannot be used is a configuration error of the whole job: exit 2 whatever the rounds say.
  for (const j of stopped) io.stderr(`review-judge: judge ${j.judge} stopped at the first ${j.status ? `HTTP ${j.status}` : 'failure no retry can fix'} (${j.message}); ${j.fix}. Finished votes are cached; the rest are unscored\n`);
  return targets.map((t) => (stopped.length ? { ...ends.get(t)!, code: EXIT.input } : ends.get(t)!));
}

/** The one line after Ctrl-C: what was kept and how to finish. */
function interruptedLine(rounds: RoundInterrupted[], cacheDir: string, batch: boolean): string {
  const votes = rounds.reduce((n, r) => n + r.votesCached, 0);
  const failed = rounds.reduce((n, r) => n + r.cacheWriteFailures.count, 0);
  const lost = failed ? ` (${failed} could not be cached and will be asked again)` : '';
  const folders = rounds.length === 1 ? `${rounds[0]!.runDir} holds` : `the ${rounds.length} unfinished run folders hold`;
  const held = batch ? 'its batch ledger (batch.json: the batches submitted, collected when the same command runs again) and log.jsonl' : 'only votes.jsonl and log.jsonl';
  return `review-judge: interrupted: the ${votes} votes answered before it are in the vote cache ${cacheDir}${lost}; run the same command to finish (it asks only for the rest); ${folders} ${held} (no verdicts or reports)\n`;
}

/** `--dry-run`: plans every target without sending anything and prints its calls, tokens and cost. */
export async function dryRunRounds(targets: RoundTarget[], job: ScoreJob, io: CliIO, named: boolean): Promise<number> {
  const cache = new DiskCache(job.cacheDir, { log: { warn: (obj: object, msg: string) => io.stderr(`warning: ${msg} ${JSON.stringify(obj)}\n`) } });
  const codes: number[] = [];
  const all: DryRunLine[] = [];
  // A local judge's default threads, as the engine picks them (one less than the cores; llama.cpp counts math cores, unknown before loading).
  const defaultThreads = Math.max(1, availableParallelism() - 1);
  for (const t of targets) {
    try {
      const prepared = await prepareRound(t.spec, job, io);
      const lines = await dryRun(prepared, job.settings, job.judges, job.templates, cache, job.prices);
      all.push(...lines);
      io.stdout(formatDryRun(lines, job.prices, prepared.inputs.key.path, job.batch !== null, defaultThreads));
      codes.push(EXIT.ok);
    } catch (e) {
      if (!(e instanceof InputError) || !named) throw e;
      io.stderr(`review-judge: ${t.name}: ${e.format()}\n`);
      codes.push(EXIT.input);
    }
  }
  if (targets.length > 1) io.stdout(formatDryRunTotal(all, targets.length, job.batch !== null, defaultThreads));
  if (named) io.stderr(`${targets.length} rounds planned (dry run, nothing sent)\n`);
  return worstCode(codes);
}

/** The exit code of several rounds: input errors, then rounds still waiting for batches, then broken thresholds, then unscored units. */
export function worstCode(codes: number[]): number {
  for (const worst of [EXIT.input, EXIT.pending, EXIT.threshold, EXIT.unscored]) if (codes.includes(worst)) return worst;
  return EXIT.ok;
}

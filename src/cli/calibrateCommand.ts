import path from 'node:path';
import { InputError } from '../errors.ts';
import { compareRaters, type LabeledUnit } from '../history/agreement.ts';
import { findHistory } from '../history/findHistory.ts';
import { importedRun } from '../history/importedRun.ts';
import { unitsOfRun } from '../history/loadRaters.ts';
import { readHistoryRound } from '../history/readHistoryRound.ts';
import { sampleReviews, type HistoricReview } from '../history/sampleReviews.ts';
import { readRun } from '../run/readRun.ts';
import { renderAgreementHtml } from '../history/renderAgreementHtml.ts';
import { RunFolder, runStamp } from '../run/RunFolder.ts';
import { formatAgreement } from './agreeCommand.ts';
import { EXIT, type CliIO } from './CliIO.ts';
import type { Verdict } from '../types/Scale.ts';
import { positiveInt } from './resolveInputs.ts';
import type { RoundTarget } from '../pipeline/scoreRounds.ts';
import { prepareScoreJob, type ScoreFlags } from './scoreJob.ts';
import { dryRunRounds, runRounds, worstCode } from './scoreCommand.ts';

/** Flags of `review-judge calibrate`: the score flags plus the sample. */
export interface CalibrateFlags extends ScoreFlags {
  sample: string;
  seed: string;
}

type Candidate = HistoricReview & { dir: string; keyPath: string; perspectivePath: string | null; runFile: string; units: LabeledUnit[] };

/**
 * `review-judge calibrate <workflow-root> --judge ... --sample N [--seed S]`: judges a stratified
 * sample of historical reviews and reports agreement with the imported history (one LLM grader's
 * single pass: a reference, not the truth). Shows the estimated cost first; `--dry-run` stops there.
 */
export async function calibrateCommand(root: string, flags: CalibrateFlags, io: CliIO): Promise<number> {
  const n = positiveInt(flags.sample, '--sample');
  if (!/^\d+$/.test(flags.seed)) throw new InputError(`--seed expects a non-negative integer, got '${flags.seed}'`);
  const candidates: Candidate[] = [];
  for (const loc of await findHistory(path.resolve(io.cwd, root))) {
    const h = await readHistoryRound(loc, io);
    if (!h) continue;
    const history = importedRun(h);
    const units = history.verdicts.units;
    for (const review of history.manifest.inputs.reviews) {
      const own = units.filter((u) => u.review.prompt === review.prompt && u.review.run === review.run);
      candidates.push({
        series: loc.series,
        round: loc.round,
        prompt: review.prompt,
        run: review.run,
        verdicts: own.map((u) => u.verdict as Verdict),
        dir: loc.dir,
        keyPath: h.key.file.path,
        perspectivePath: h.perspective?.file.path ?? null,
        runFile: review.path,
        units: own.map((u) => ({ series: loc.series, round: loc.round, prompt: u.review.prompt, run: u.review.run, unit: u.unit, verdict: u.verdict, severity: null, detail: u.source ? `${u.source.file}:${u.source.line}` : '' })),
      });
    }
  }
  if (!candidates.length) throw new InputError('no historical scoring files with their run files found', root);
  const sample = sampleReviews(candidates, n, Number(flags.seed));
  const bySeries = new Map<string, number>();
  for (const s of sample) bySeries.set(s.series, (bySeries.get(s.series) ?? 0) + 1);
  io.stdout(`calibration sample: ${sample.length} of ${candidates.length} reviews (seed ${flags.seed}): ${[...bySeries].map(([k, v]) => `${k} ${v}`).join(', ')}\n`);

  const job = await prepareScoreJob({ ...flags, audit: false }, io);
  const groups = new Map<string, Candidate[]>();
  for (const s of sample) groups.set(s.keyPath, [...(groups.get(s.keyPath) ?? []), s]);
  const targets = [...groups.values()].map((g): RoundTarget & { group: Candidate[] } => ({
    name: `${g[0]!.series} round ${g[0]!.round}`,
    spec: { kind: 'ad-hoc', key: g[0]!.keyPath, reviews: g.map((c) => c.runFile), ...(g[0]!.perspectivePath ? { perspective: g[0]!.perspectivePath } : {}), prompts: [] },
    group: g,
  }));
  await dryRunRounds(targets, job, io, false);
  if (flags.dryRun) return EXIT.ok;

  const judged: LabeledUnit[] = [];
  const runDirs: string[] = [];
  // Every group's requests share one queue: the sample is judged as one job, not group after group.
  const ends = await runRounds(targets, job, io, { quiet: true, json: false }, true);
  // Ctrl-C: an agreement over part of the sample would read as the whole one; the votes are cached for the rerun.
  if (io.signal?.aborted) return EXIT.unscored;
  for (const [i, t] of targets.entries()) {
    const runDir = ends[i]!.runDir;
    if (!runDir) continue;
    runDirs.push(runDir);
    // Judged runs of an ad-hoc key carry the same series and round as the history.
    judged.push(...unitsOfRun(await readRun(runDir)).map((u) => ({ ...u, series: t.group[0]!.series, round: t.group[0]!.round })));
  }
  const codes = ends.map((e) => e.code);
  const history = sample.flatMap((s) => s.units);
  const agreement = compareRaters(judged, history);
  const text = formatAgreement('review-judge (this calibration)', 'history (imported scoring files)', judged.length, history.length, agreement, 50);
  const stamp = runStamp(io.now());
  const folder = new RunFolder(job.runsDir, `${stamp}-calibrate-${io.randomHex(3)}`);
  folder.writeJson('calibration.json', { sample: sample.map(({ series, round, prompt, run, runFile }) => ({ series, round, prompt, run, runFile })), seed: Number(flags.seed), runs: runDirs, judges: job.judges.map((j) => j.id), agreement });
  folder.writeText('calibration.md', `## Calibration against the workflow's history\n\n${sample.length} reviews, seed ${flags.seed}, judges ${job.judges.map((j) => j.id).join(', ')}.\nThe history is one LLM grader's single pass: a reference, not the truth.\n\n\`\`\`\n${text}\`\`\`\n`);
  folder.writeText('calibration.html', renderAgreementHtml(`Calibration against the workflow's history (${sample.length} reviews)`, 'review-judge', 'history (imported scoring files)', agreement));
  io.stdout(text);
  io.stdout(`calibration written to ${folder.dir}\n`);
  return worstCode(codes);
}

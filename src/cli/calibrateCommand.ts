import path from 'node:path';
import { InputError } from '../errors.ts';
import { compareRaters, type LabeledUnit } from '../history/agreement.ts';
import { readDisagreementContexts } from '../history/disagreementContext.ts';
import { findHistory } from '../history/findHistory.ts';
import { applyGold, type GoldApplied } from '../history/goldSet.ts';
import { balanceText, reviewsOfSplit, SPLIT_VERSION, type SplitName } from '../history/historySplit.ts';
import { importedRun } from '../history/importedRun.ts';
import { unitsOfRun } from '../history/loadRaters.ts';
import { readHistoryRound } from '../history/readHistoryRound.ts';
import { sampleReviews, type HistoricReview } from '../history/sampleReviews.ts';
import { readRun, type StoredRun } from '../run/readRun.ts';
import { renderAgreementHtml } from '../history/renderAgreementHtml.ts';
import { RunFolder, runStamp } from '../run/RunFolder.ts';
import { formatAgreement, readGold } from './agreeCommand.ts';
import { EXIT, type CliIO } from './CliIO.ts';
import type { Verdict } from '../types/Scale.ts';
import type { PrintMode } from './printRound.ts';
import { positiveInt } from './resolveInputs.ts';
import type { RoundTarget } from '../pipeline/scoreRounds.ts';
import { prepareScoreJob, type ScoreFlags } from './scoreJob.ts';
import { dryRunRounds, runRounds, worstCode } from './scoreCommand.ts';

/** Flags of `review-judge calibrate`: the score flags plus the sample, the split and the gold set. */
export interface CalibrateFlags extends ScoreFlags {
  sample: string;
  seed: string;
  split?: string;
  gold?: string;
}

type Candidate = HistoricReview & { dir: string; keyPath: string; perspectivePath: string | null; runFile: string; units: LabeledUnit[] };

/** What calibration.json says about the split (`split.definition` is the documented rule, versioned). */
const SPLIT_DEFINITION = `${SPLIT_VERSION}: by round of a perspective (series, round), all its prompts and runs on one side; dev when the first byte of sha256 of the version, series and round is below 128, else test. Adding history never moves a review; stratified on average only (byPerspective shows the balance). See src/history/historySplit.ts`;

/**
 * `review-judge calibrate <workflow-root> --judge ... --sample N [--seed S] [--split dev|test] [--gold FILE]`:
 * judges a stratified sample of historical reviews (of one part of the fixed dev/test partition with
 * `--split`) and reports agreement with the imported history (one LLM grader's single pass: a
 * reference, not the truth; a gold set's verdicts replace it). Shows the estimated cost first;
 * `--dry-run` stops there.
 */
export async function calibrateCommand(root: string, flags: CalibrateFlags, io: CliIO): Promise<number> {
  const n = positiveInt(flags.sample, '--sample');
  if (!/^\d+$/.test(flags.seed)) throw new InputError(`--seed expects a non-negative integer, got '${flags.seed}'`);
  const split = (flags.split ?? 'all') as SplitName;
  if (!['all', 'dev', 'test'].includes(split)) throw new InputError(`--split expects dev or test (or all), got '${flags.split}'`);
  const gold = flags.gold ? await readGold(flags.gold, io.cwd) : null;
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
  const part = reviewsOfSplit(candidates, split);
  if (!part.reviews.length) throw new InputError(`the ${split} part of the history is empty (${part.dev} dev and ${part.test} test reviews: ${balanceText(part.byPerspective)}); the split is by round, so a history of few rounds can fall on one side: use the other part or --split all`, root);
  const sample = sampleReviews(part.reviews, n, Number(flags.seed));
  const bySeries = new Map<string, number>();
  for (const s of sample) bySeries.set(s.series, (bySeries.get(s.series) ?? 0) + 1);
  const from = split === 'all' ? `${candidates.length} reviews (seed ${flags.seed})` : `${part.reviews.length} ${split} reviews (${candidates.length} in the history; seed ${flags.seed})`;
  io.stdout(`calibration sample: ${sample.length} of ${from}: ${[...bySeries].map(([k, v]) => `${k} ${v}`).join(', ')}\n`);

  const prepared = await prepareScoreJob({ ...flags, audit: false }, io);
  // Its rounds are a sample of the history, not round folders: resumed by this command, not collect.
  const job = prepared.batch ? { ...prepared, batch: { ...prepared.batch, command: { ...prepared.batch.command, kind: 'calibrate' as const } } } : prepared;
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
  const stored: Array<{ run: StoredRun; series: string; round: number }> = [];
  // Every group's requests share one queue: the sample is judged as one job, not group after group.
  // No per-round recommendation: the rounds are a sample, and what calibration reports is agreement.
  const mode: PrintMode = { quiet: true, json: false, recommendation: false };
  const ends = await runRounds(targets, job, io, mode, true);
  // Ctrl-C: an agreement over part of the sample would read as the whole one; the votes are cached for the rerun.
  if (io.signal?.aborted) return EXIT.unscored;
  // --batch: an agreement over the rounds that are back would read as the whole sample's.
  if (ends.some((e) => e.code === EXIT.pending)) {
    io.stderr(`calibration waits for provider batches (${ends.filter((e) => e.code === EXIT.pending).length} of ${ends.length} rounds): run the same command again (or with --wait) to collect them and report the agreement\n`);
    return EXIT.pending;
  }
  for (const [i, t] of targets.entries()) {
    const runDir = ends[i]!.runDir;
    if (!runDir) continue;
    runDirs.push(runDir);
    const run = await readRun(runDir);
    const series = t.group[0]!.series;
    const round = t.group[0]!.round;
    stored.push({ run, series, round });
    // Judged runs of an ad-hoc key carry the same series and round as the history.
    judged.push(...unitsOfRun(run).map((u) => ({ ...u, series, round })));
  }
  const codes = ends.map((e) => e.code);
  const raw = sample.flatMap((s) => s.units);
  const { units: history, applied } = gold ? applyGold(raw, gold, flags.gold!) : { units: raw, applied: null as GoldApplied | null };
  const agreement = compareRaters(judged, history);
  const text = formatAgreement('review-judge (this calibration)', 'history (imported scoring files)', judged.length, history.length, agreement, 50, applied, 'calibration.json lists all');
  const splitLine = `split: ${split}${split === 'all' ? ' (the whole history; --split dev to tune a judge prompt, --split test to report it)' : ` (${part.dev} dev and ${part.test} test reviews in the history${split === 'dev' ? '; report the tuned prompt with --split test' : ''})`}; partition ${part.digest.slice(0, 12)}; by perspective: ${balanceText(part.byPerspective)}`;
  const stamp = runStamp(io.now());
  const folder = new RunFolder(job.runsDir, `${stamp}-calibrate-${io.randomHex(3)}`);
  folder.writeJson('calibration.json', {
    sample: sample.map(({ series, round, prompt, run, runFile }) => ({ series, round, prompt, run, runFile })),
    seed: Number(flags.seed),
    split: { name: split, definition: SPLIT_DEFINITION, digest: part.digest, devReviews: part.dev, testReviews: part.test, byPerspective: part.byPerspective },
    runs: runDirs,
    judges: job.judges.map((j) => j.id),
    goldOverrides: applied?.goldOverrides ?? 0,
    gold: applied,
    agreement,
    judged,
    history,
  });
  const header = `${sample.length} reviews, seed ${flags.seed}, judges ${job.judges.map((j) => j.id).join(', ')}.\n${splitLine}\nThe history is one LLM grader's single pass: a reference, not the truth${applied ? `; ${applied.goldOverrides} of its verdicts replaced by the gold set ${applied.file}` : ''}.`;
  folder.writeText('calibration.md', `## Calibration against the workflow's history\n\n${header}\n\n\`\`\`\n${text}\`\`\`\n`);
  const contexts = await readDisagreementContexts(agreement, stored, io.cwd);
  folder.writeText('calibration.html', renderAgreementHtml(`Calibration against the workflow's history (${sample.length} reviews)`, 'review-judge', 'history (imported scoring files)', agreement, { split: splitLine, gold: applied, contexts }));
  io.stdout(text);
  io.stdout(`${splitLine}\n`);
  io.stdout(`calibration written to ${folder.dir}\n`);
  return worstCode(codes);
}

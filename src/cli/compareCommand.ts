import path from 'node:path';
import { InputError } from '../errors.ts';
import { compareRuns, renderRunComparison, type RunSide } from '../report/compareRuns.ts';
import { renderMarkdown } from '../report/renderMarkdown.ts';
import { Report } from '../types/Report.ts';
import { readJsonOrNull, readRun, type StoredRun } from '../run/readRun.ts';
import { reportTitle } from '../run/writeReports.ts';
import { seriesOf } from '../run/history.ts';
import { buildReport } from '../score/buildReport.ts';
import { parseRubricOverride } from '../score/loadRubric.ts';
import { DEFAULT_RUBRIC, type Rubric } from '../types/Rubric.ts';
import { EXIT, type CliIO } from './CliIO.ts';
import { readJsonFile } from './readJsonFile.ts';

/** Flags of `review-judge compare`. */
export interface CompareFlags {
  rubric?: string;
  baseline?: string;
  json?: boolean;
}

/**
 * `review-judge compare <run-dir> [<run-dir>]`: with one run, baseline vs variants of that round
 * (the rubric's recommendation, intervals, noise bands); with two runs of the same answer key, A vs B.
 */
export async function compareCommand(dirs: string[], flags: CompareFlags, io: CliIO): Promise<number> {
  if (dirs.length < 1 || dirs.length > 2) throw new InputError('compare takes one run folder (baseline vs variants) or two (run A vs run B)');
  const rubric = flags.rubric ? parseRubricOverride(await readJsonFile(flags.rubric, io), flags.rubric) : DEFAULT_RUBRIC;
  const runs = await Promise.all(dirs.map((d) => readRun(path.resolve(io.cwd, d))));
  const sides = await Promise.all(runs.map((r) => side(r, rubric, flags)));
  if (sides.length === 1) {
    const report = sides[0]!.report;
    io.stdout(flags.json ? JSON.stringify(report, null, 2) + '\n' : renderMarkdown(report));
    return report.unscored.length ? EXIT.unscored : EXIT.ok;
  }
  const [a, b] = runs as [StoredRun, StoredRun];
  if (a.manifest.inputs.key.sha256 !== b.manifest.inputs.key.sha256) {
    throw new InputError(`the runs judge different answer keys (${a.manifest.inputs.key.path} vs ${b.manifest.inputs.key.path}); compare runs of the same key`, dirs[1]);
  }
  const comparison = compareRuns(sides[0]!, sides[1]!);
  // Runs judged by different snapshots differ by the judge as well as by the reviews: say so.
  const served = (r: StoredRun) => [...new Set(r.manifest.snapshots.map((s) => `${s.judge}=${s.servedModel}`))].sort();
  const [sa, sb] = [served(a), served(b)];
  const drift = sa.join() !== sb.join() ? { a: sa, b: sb } : null;
  io.stdout(flags.json ? JSON.stringify({ ...comparison, snapshots: { a: sa, b: sb, differ: drift !== null } }, null, 2) + '\n' : renderRunComparison(comparison, sides[0]!, sides[1]!));
  if (drift) io.stderr(`warning: A and B were judged by different snapshots (A: ${sa.join(', ') || 'none recorded'}; B: ${sb.join(', ') || 'none recorded'}): differences may come from the judge\n`);
  return EXIT.ok;
}

/** A run's report: the stored report.json when the rubric and baseline are the defaults, else rebuilt. */
async function side(run: StoredRun, rubric: Rubric, flags: CompareFlags): Promise<RunSide> {
  const stored = !flags.rubric && !flags.baseline ? await readJsonOrNull(path.join(run.dir, 'report.json'), Report) : null;
  const report =
    stored ??
    buildReport({ verdicts: run.verdicts, key: run.manifest.key, rubric, baseline: flags.baseline, round: run.manifest.round, title: reportTitle(run.manifest.key, run.manifest.round, seriesOf(run.manifest.inputs.key.path)) });
  return { runId: run.manifest.runId, judges: run.manifest.judges.map((j) => j.id), report, verdicts: run.verdicts };
}

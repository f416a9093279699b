import { exact } from '../../score/numbers.ts';
import { flipOf } from '../../score/problemTable.ts';
import type { ProblemRow, PromptScore, Report } from '../../types/Report.ts';
import { cellOf, mark, pointsOf } from './roundData.ts';

/** Facts derived from report.json for the comparison file: arithmetic only, no judgement. */

/** Mean points of a problem over a prompt's scored runs; null when no run of it is scored. */
export function problemMean(report: Report, row: ProblemRow, p: PromptScore): number | null {
  const pts = p.runs.map((r) => cellOf(row, p.prompt, r.run)).flatMap((c) => (c ? [pointsOf(c.verdict, report.rubric)] : [])).filter((x): x is number => x !== null);
  return pts.length ? exact(pts.reduce((a, b) => a + b, 0) / pts.length) : null;
}

/** Variant − baseline mean points of one problem; null when either side has no scored run. */
export function problemChange(report: Report, row: ProblemRow, base: PromptScore, variant: PromptScore): number | null {
  const b = problemMean(report, row, base);
  const v = problemMean(report, row, variant);
  return b === null || v === null ? null : exact(v - b);
}

/** The marks of a prompt's runs for one problem, run order: `○△`, `×—`. */
export function marks(row: ProblemRow, p: PromptScore): string {
  return p.runs.map((r) => mark(cellOf(row, p.prompt, r.run))).join('');
}

/** Detection points reachable in a run: scored problems × the points of ○. */
export function reachable(report: Report, p: PromptScore, run: number): { max: number; scored: number } {
  const scored = report.problems.filter((row) => {
    const c = cellOf(row, p.prompt, run);
    return c !== undefined && pointsOf(c.verdict, report.rubric) !== null;
  }).length;
  return { max: exact(scored * report.rubric.points['○']), scored };
}

/** A prompt's detection rate over all its runs: Σ detection / Σ reachable points; null when nothing was scored. */
export function detectionRate(report: Report, p: PromptScore): number | null {
  const max = p.runs.reduce((a, r) => a + reachable(report, p, r.run).max, 0);
  return max > 0 ? p.runs.reduce((a, r) => a + r.detection, 0) / max : null;
}

/** Mean of one component of the runs (detection, bonus or penalty). */
export function componentMean(p: PromptScore, part: 'detection' | 'bonus' | 'penalty'): number {
  return p.runs.length ? exact(p.runs.reduce((a, r) => a + r[part], 0) / p.runs.length) : 0;
}

/** Verdict changes between a prompt's runs of one problem, unscored runs left out: `△→×`, or null. */
export function flip(row: ProblemRow, p: PromptScore): string | null {
  return flipOf(row.cells.filter((c) => c.prompt === p.prompt));
}

/** Problems every judged run of every prompt missed (×), none unscored among them. */
export function missedEverywhere(report: Report): ProblemRow[] {
  return report.problems.filter((row) => row.cells.length > 0 && row.cells.every((c) => c.verdict === '×'));
}

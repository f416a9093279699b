import type { RunScore } from '../types/Report.ts';
import type { Rubric } from '../types/Rubric.ts';
import { AUDIT_UNIT_ID } from '../types/Unit.ts';
import type { UnitVerdict } from '../types/Verdicts.ts';
import { exact } from './numbers.ts';
import type { Cell } from './permutationTest.ts';

/**
 * The A/B cells of one scored run.
 *
 * One cell per scored detection unit (its rubric points, and the points of its valid votes to draw
 * judge noise from; a unit without valid votes, as imported ones, keeps its points), plus one cell
 * for the audit's bonus − penalty when the run was audited. The audit cell has no votes to draw from:
 * its bonus and penalty stay fixed, as in the noise band. Unscored units and an unscored or missing
 * audit give no cell: left out, never 0.
 */
export function runCells(units: readonly UnitVerdict[], score: RunScore, rubric: Rubric): Cell[] {
  const cells: Cell[] = units.flatMap((u) =>
    u.verdict === 'unscored'
      ? []
      : [{ stratum: u.unit, points: rubric.points[u.verdict], votes: u.votes.flatMap((v) => (v.verdict === 'unscored' ? [] : [rubric.points[v.verdict]])) }],
  );
  if (score.audited) cells.push({ stratum: AUDIT_UNIT_ID, points: exact(score.bonus - score.penalty), votes: [] });
  return cells;
}

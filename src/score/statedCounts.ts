import type { RunScore } from '../types/Report.ts';
import type { Rubric } from '../types/Rubric.ts';
import type { Verdicts } from '../types/Verdicts.ts';
import { exact } from './numbers.ts';
import { auditPoints } from './runScore.ts';

type Stated = NonNullable<Verdicts['statedCounts']>[number];

/**
 * Pure: an imported run's score with the bonus and penalty counts its scoring file states (the
 * workflow's graders counted them; no audit ran here). With both counts read the run is audited;
 * with neither it stays not audited (bonus and penalty 0, and the reports say so); with one, the
 * other counts 0 and `audited` stays true only for what was read.
 */
export function withStatedCounts(score: RunScore, stated: Stated | undefined, rubric: Rubric): RunScore {
  if (!stated || (stated.bonus === null && stated.penalty === null)) return score;
  const points = auditPoints(stated.bonus ?? 0, stated.penalty ?? 0, rubric);
  return { ...score, ...points, audited: true, total: exact(score.detection + points.bonus - points.penalty) };
}

import type { AnswerKey } from '../answer-key/AnswerKey.ts';
import type { Review } from './Review.ts';

/** One judging unit: a planted problem of one review, or that review's bonus/penalty audit. */
export interface Unit {
  review: Review;
  /** `P03`, or `audit` for the bonus/penalty audit. */
  unit: string;
}

/** Pure: one unit per (review, planted problem), then one audit per review, in a stable order. */
export function planUnits(key: AnswerKey, reviews: Review[], only?: string[]): Unit[] {
  const units: Unit[] = [];
  const wanted = only && only.length ? new Set(only) : null;
  for (const review of reviews) {
    for (const p of key.problems) if (!wanted || wanted.has(p.id)) units.push({ review, unit: p.id });
    if (!wanted || wanted.has('audit')) units.push({ review, unit: 'audit' });
  }
  return units;
}

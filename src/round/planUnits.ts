import type { AnswerKey } from '../types/AnswerKey.ts';
import type { Review } from '../types/Review.ts';
import { unitId, type Unit } from '../types/Unit.ts';

/** Pure: one detection unit per (review, planted problem), then the review's audit, in a stable order. */
export function planUnits(key: AnswerKey, reviews: Review[], only?: string[], audit = true): Unit[] {
  const units: Unit[] = [];
  const wanted = only && only.length ? new Set(only) : null;
  for (const review of reviews) {
    for (const problem of key.problems) units.push({ kind: 'detection', review, problem });
    if (audit) units.push({ kind: 'audit', review });
  }
  return wanted ? units.filter((u) => wanted.has(unitId(u))) : units;
}

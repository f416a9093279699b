import { mulberry32 } from '../score/prng.ts';
import { DEFAULT_RUBRIC } from '../types/Rubric.ts';
import type { Verdict } from '../types/Scale.ts';

/** A historical review with its recorded verdicts, a candidate for calibration. */
export interface HistoricReview {
  series: string;
  round: number;
  prompt: string;
  run: number;
  verdicts: Verdict[];
}

/** Where a review's verdicts sit: mostly detected, mixed, or mostly missed. */
export function verdictStratum(r: HistoricReview): 'high' | 'mid' | 'low' {
  const points = r.verdicts.reduce((a, v) => a + DEFAULT_RUBRIC.points[v], 0) / Math.max(1, r.verdicts.length);
  return points >= 2 / 3 ? 'high' : points >= 1 / 3 ? 'mid' : 'low';
}

/**
 * Pure, seeded: a sample of `n` reviews stratified by perspective (proportional allocation, largest
 * remainder, at least one per perspective when n allows) and, inside each, by verdict stratum
 * (round-robin over high / mid / low, each shuffled by the seed), so every kind of verdict is judged.
 */
export function sampleReviews<R extends HistoricReview>(reviews: R[], n: number, seed: number): R[] {
  const rand = mulberry32(seed);
  const shuffle = <T>(xs: T[]): T[] => {
    const a = [...xs];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a;
  };
  const bySeries = new Map<string, R[]>();
  for (const r of [...reviews].sort(order)) bySeries.set(r.series, [...(bySeries.get(r.series) ?? []), r]);
  const series = [...bySeries.keys()].sort();
  const take = Math.min(n, reviews.length);
  const quota = new Map(series.map((s) => [s, 0]));
  if (take >= series.length) for (const s of series) quota.set(s, 1);
  const left = take - [...quota.values()].reduce((a, b) => a + b, 0);
  const shares = series.map((s) => ({ s, exact: (left * bySeries.get(s)!.length) / reviews.length }));
  for (const { s, exact } of shares) quota.set(s, quota.get(s)! + Math.floor(exact));
  let rest = take - [...quota.values()].reduce((a, b) => a + b, 0);
  for (const { s } of [...shares].sort((x, y) => y.exact - Math.floor(y.exact) - (x.exact - Math.floor(x.exact)) || (x.s < y.s ? -1 : 1))) {
    if (rest <= 0) break;
    if (quota.get(s)! < bySeries.get(s)!.length) {
      quota.set(s, quota.get(s)! + 1);
      rest--;
    }
  }
  const picked: R[] = [];
  for (const s of series) {
    const strata = (['low', 'mid', 'high'] as const).map((k) => shuffle(bySeries.get(s)!.filter((r) => verdictStratum(r) === k)));
    const want = Math.min(quota.get(s)!, bySeries.get(s)!.length);
    for (let i = 0; picked.filter((r) => r.series === s).length < want; i++) {
      const stratum = strata[i % 3]!;
      const next = stratum.shift();
      if (next) picked.push(next);
      if (strata.every((x) => x.length === 0)) break;
    }
  }
  return picked.sort(order);
}

function order(a: HistoricReview, b: HistoricReview): number {
  return (a.series < b.series ? -1 : a.series > b.series ? 1 : 0) || a.round - b.round || (a.prompt < b.prompt ? -1 : a.prompt > b.prompt ? 1 : 0) || a.run - b.run;
}

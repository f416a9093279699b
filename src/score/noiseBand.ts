import type { PromptScore, RunScore } from '../types/Report.ts';
import type { UnitVerdict } from '../types/Verdicts.ts';
import { exact, sum } from './numbers.ts';
import { mean } from './promptStats.ts';
import type { Rubric } from '../types/Rubric.ts';

/** A prompt's noise band: its mean if every scored unit took its lowest / highest voted verdict. */
export type NoiseBand = PromptScore['noise'];

/** Lowest and highest points among a scored unit's valid votes ('unscored' votes ignored); its own verdict when no vote is valid. */
export function unitRange(unit: UnitVerdict, rubric: Rubric): { low: number; high: number } {
  const pts = unit.votes.flatMap((v) => (v.verdict === 'unscored' ? [] : [rubric.points[v.verdict]]));
  if (unit.verdict !== 'unscored' && pts.length === 0) pts.push(rubric.points[unit.verdict]);
  return { low: Math.min(...pts), high: Math.max(...pts) };
}

/**
 * The noise band of a prompt: its low / high mean under the lowest / highest voted verdicts.
 *
 * For each run, total − detection + Σ lowest (highest) voted points of
 * its scored units (bonus and penalty unchanged, unscored units still left out), averaged over the
 * runs like the mean. The mean lies inside [low, high]; a unanimous vote gives low = high = mean.
 */
export function noiseBand(runs: readonly { score: RunScore; units: readonly UnitVerdict[] }[], rubric: Rubric): NoiseBand {
  const lows: number[] = [];
  const highs: number[] = [];
  for (const { score, units } of runs) {
    const scored = units.filter((u) => u.verdict !== 'unscored').map((u) => unitRange(u, rubric));
    const rest = score.total - score.detection;
    lows.push(exact(rest + sum(scored.map((r) => r.low))));
    highs.push(exact(rest + sum(scored.map((r) => r.high))));
  }
  return { low: mean(lows), high: mean(highs) };
}

/** Half the band's width: how far vote disagreement alone could move the mean either way. */
export function halfWidth(band: NoiseBand): number {
  return exact((band.high - band.low) / 2);
}

/** Comparison noise: variant half-width + baseline half-width; beyondNoise when |difference| > noise. */
export function comparisonNoise(difference: number, variant: NoiseBand, baseline: NoiseBand): { noise: number; beyondNoise: boolean } {
  const noise = exact(halfWidth(variant) + halfWidth(baseline));
  return { noise, beyondNoise: Math.abs(exact(difference)) > noise };
}

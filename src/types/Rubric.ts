import { z } from 'zod';

/**
 * The workflow's scoring rubric as data (../shared/corpus/workflow/scoring-rubric.md). The default
 * below equals that file; `--rubric FILE` (JSON) overrides any part of it and is validated here.
 */
export const Rubric = z.strictObject({
  points: z.strictObject({ '○': z.number(), '△': z.number(), '×': z.number() }),
  bonus: z.strictObject({ points: z.number().nonnegative(), maxCount: z.number().int().nonnegative() }),
  penalty: z.strictObject({ points: z.number().nonnegative(), maxCount: z.number().int().positive().nullable() }),
  /** `population` (|r1−r2|/2 for two runs, what most workflow reports used) or `sample` (n−1). */
  sd: z.enum(['population', 'sample']),
  /** SD ≤ high → high stability; ≤ medium → medium; above → low. */
  stability: z.strictObject({ high: z.number().nonnegative(), medium: z.number().nonnegative() }),
  /** d = variant mean − baseline mean: d > clear → higher mean; minor ≤ d ≤ clear → smaller SD; d < minor → baseline. */
  recommendation: z.strictObject({ clear: z.number(), minor: z.number() }),
  /** Converged when improvement < threshold in `rounds` consecutive rounds. */
  convergence: z.strictObject({ threshold: z.number(), rounds: z.number().int().positive() }),
});
export type Rubric = z.infer<typeof Rubric>;

/** The rubric in force in the workflow. */
export const DEFAULT_RUBRIC: Rubric = {
  points: { '○': 1, '△': 0.5, '×': 0 },
  bonus: { points: 0.5, maxCount: 5 },
  penalty: { points: 0.5, maxCount: null },
  sd: 'population',
  stability: { high: 0.5, medium: 1.0 },
  recommendation: { clear: 1.0, minor: 0.5 },
  convergence: { threshold: 0.5, rounds: 2 },
};

/** What a historical Phase 4 scoring file says, as the importer reads it. */
import { z } from 'zod';
import { VerdictSymbol } from '../types/Verdicts.ts';

/** One verdict read from the file: the run, the problem (`P01`), the symbol, and the 1-based line it stands on. */
export const VerdictEvent = z.object({
  run: z.number().int().positive(),
  problem: z.string().regex(/^P\d{2,}$/),
  verdict: VerdictSymbol,
  line: z.number().int().positive(),
});
export type VerdictEvent = z.infer<typeof VerdictEvent>;

/** Something that looked like a verdict but was not placed, a superseded verdict, or a gap; line 0 = the whole file. */
export const ScoringWarning = z.object({ line: z.number().int().nonnegative(), message: z.string() });
export type ScoringWarning = z.infer<typeof ScoringWarning>;

/** Items per run, keyed by run number; a run is absent when the file states nothing readable for it. */
export const RunCounts = z.record(z.string().regex(/^\d+$/), z.number().int().nonnegative());
export type RunCounts = z.infer<typeof RunCounts>;

/** The parsed file: round and prompt from its name, the final verdicts, stated bonus/penalty counts, warnings. */
export const ScoringFile = z.object({
  round: z.number().int().nonnegative(),
  prompt: z.string().min(1),
  /** One per (run, problem), sorted by run then problem; `line` is where the winning (last) verdict stands. */
  verdicts: z.array(VerdictEvent),
  /** Bonus items per run as stated (before the rubric's cap of five). */
  bonusCounts: RunCounts,
  /** Penalty items per run as stated. */
  penaltyCounts: RunCounts,
  warnings: z.array(ScoringWarning),
});
export type ScoringFile = z.infer<typeof ScoringFile>;

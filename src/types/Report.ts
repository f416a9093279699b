import { z } from 'zod';
import { LocalUsage } from './LocalUsage.ts';
import { Rubric } from './Rubric.ts';

/**
 * report.json: scores, recommendation, convergence and the per-problem picture of one round.
 * A documented contract (README "report.json"): fields may be added, these keep their names and meaning.
 */
const Item = z.object({ id: z.string().nullable(), location: z.string(), quote: z.string(), reason: z.string() });

/**
 * What the evidence check did to the judge's ○/△ votes: `votes` ○/△ votes the model gave,
 * `demoted` of them counted as × because no quote was found in the review (0 under `--evidence ignore`),
 * `demotedShare` = demoted / votes (0 with no votes). Old reports without it read as zeros.
 */
export const EvidenceCount = z.object({ votes: z.number().int(), demoted: z.number().int(), demotedShare: z.number() });
export type EvidenceCount = z.infer<typeof EvidenceCount>;

const NO_EVIDENCE: EvidenceCount = { votes: 0, demoted: 0, demotedShare: 0 };

/** One review run's score with every part shown. */
export const RunScore = z.object({
  run: z.number().int(),
  /** Σ detection points over scored units. */
  detection: z.number(),
  /** Bonus points after the cap (count × points). */
  bonus: z.number(),
  /** Penalty points (count × points), subtracted. */
  penalty: z.number(),
  /** detection + bonus − penalty. */
  total: z.number(),
  bonusCount: z.number().int(),
  /** Bonuses the audit found before the cap. */
  bonusFound: z.number().int(),
  penaltyCount: z.number().int(),
  /** Units left out of `detection` because they are unscored; never counted as ×. */
  unscored: z.array(z.string()),
  /** False when the audit did not run or was unscored: bonus and penalty are then 0 and say so. */
  audited: z.boolean(),
  bonuses: z.array(Item),
  penalties: z.array(Item),
  /** Bonuses not counted because their quote is the evidence of a ○/△ unit of this run: one finding, one credit. */
  bonusesRestated: z.array(Item.extend({ problem: z.string() })).default([]),
  /** ○/△ votes of this run's detection units and how many the evidence check demoted to ×. */
  evidence: EvidenceCount.default(NO_EVIDENCE),
});
export type RunScore = z.infer<typeof RunScore>;

/** A prompt's runs and their statistics. */
export const PromptScore = z.object({
  prompt: z.string(),
  baseline: z.boolean(),
  runs: z.array(RunScore),
  mean: z.number(),
  sd: z.number(),
  stability: z.enum(['high', 'medium', 'low']),
  /** How far the mean could move if every unit took its lowest / highest voted verdict. */
  noise: z.object({ low: z.number(), high: z.number() }),
  /** The evidence counts of its runs, summed. */
  evidence: EvidenceCount.default(NO_EVIDENCE),
});
export type PromptScore = z.infer<typeof PromptScore>;

/** A variant against the baseline. */
export const Comparison = z.object({
  baseline: z.string(),
  variant: z.string(),
  /** variant mean − baseline mean. */
  difference: z.number(),
  /** Paired bootstrap 95% interval of the mean difference; null with too few paired runs. */
  interval: z.object({ low: z.number(), high: z.number(), pairs: z.number().int(), resamples: z.number().int() }).nullable(),
  /** Why there is no interval, when there is none. */
  intervalNote: z.string().nullable(),
  /** Largest shift of the difference from vote disagreement alone (sum of both noise half-widths). */
  noise: z.number(),
  /** True when |difference| exceeds the noise band: vote noise only, not the run-to-run spread ("beyond vote noise"). */
  beyondNoise: z.boolean(),
  // The A/B answer (src/score/compareVariants.ts). Optional only so reports written before it still parse (--compare-to).
  /** Variant better / worse than the baseline, or not distinguishable from run-to-run and vote noise (two-sided p < 0.05). */
  verdict: z.enum(['better', 'worse', 'indistinguishable']).optional(),
  /** The test behind `verdict`: 'stratified-permutation' (README "report.json"). */
  method: z.string().optional(),
  /** The test's statistic (variant − baseline over the compared strata), p-value (null: nothing to compare), iterations, strata compared and left out. */
  test: z.object({ statistic: z.number(), p: z.number().nullable(), iterations: z.number().int(), strata: z.number().int(), leftOut: z.array(z.string()) }).optional(),
  /** Runs per prompt that would distinguish a 0.5- (half) and a 1.0-point (one) difference at 80% power, from the observed SD `sd`; null when it cannot be measured. */
  runsNeeded: z.object({ half: z.number().int().nullable(), one: z.number().int().nullable(), sd: z.number().nullable() }).optional(),
  /** Why `runsNeeded` is a floor or missing, when it is. */
  runsNeededNote: z.string().nullable().optional(),
});
export type Comparison = z.infer<typeof Comparison>;

/** One planted problem across prompts and runs. */
export const ProblemRow = z.object({
  id: z.string(),
  title: z.string(),
  severity: z.string().nullable(),
  cells: z.array(z.object({ prompt: z.string(), run: z.number().int(), verdict: z.string(), agreement: z.number() })),
  /** Verdict changes between runs of the same prompt, e.g. `baseline: ○→×`. */
  flips: z.array(z.string()),
  /** The answer key's ○/△/× criteria, shown next to the votes in the drill-down (absent for ids not in the key and in older reports). */
  criteria: z.object({ detected: z.string(), partial: z.string(), undetected: z.string() }).optional(),
});
export type ProblemRow = z.infer<typeof ProblemRow>;

/** The whole report. */
export const Report = z.object({
  schemaVersion: z.literal(1),
  runId: z.string(),
  round: z.number().int().nullable(),
  title: z.string(),
  rubric: Rubric,
  prompts: z.array(PromptScore),
  recommendation: z.object({
    prompt: z.string(),
    reason: z.string(),
    rule: z.enum(['higher-mean', 'smaller-sd', 'baseline', 'no-variant']),
    difference: z.number().nullable(),
    /** False when units or audits were unscored: the rule then compared what every run scored (`leftOut` names the rest). */
    complete: z.boolean().optional(),
    leftOut: z.array(z.string()).optional(),
  }),
  convergence: z.object({
    status: z.enum(['converged', 'continue', 'unknown']),
    reason: z.string(),
    /** Improvement (recommended mean − baseline mean) per round, oldest first, this round last. */
    history: z.array(z.object({ round: z.number().int(), improvement: z.number() })),
  }),
  comparisons: z.array(Comparison),
  /** The evidence counts of every prompt, summed: a high demotedShare means the judge's quotes are suspect, not the reviews. */
  evidence: EvidenceCount.default(NO_EVIDENCE),
  /** The `--max-demoted-share` the run was checked against (absent: the default 0.25). */
  evidenceLimit: z.number().optional(),
  /** Votes asked a second time (a malformed answer, an answer cut at the output budget) and requests sent as json_object after a server refused json_schema; absent in older reports. */
  retries: z.object({ invalidOutput: z.number().int(), truncated: z.number().int(), jsonObjectFallbacks: z.number().int() }).optional(),
  problems: z.array(ProblemRow),
  unscored: z.array(z.object({ prompt: z.string(), run: z.number().int(), unit: z.string(), reason: z.string() })),
  /** Units with the lowest vote agreement, most doubtful first. */
  disagreements: z.array(z.object({ prompt: z.string(), run: z.number().int(), unit: z.string(), verdict: z.string(), agreement: z.number(), split: z.string() })),
  /** How many units had split votes in all; `disagreements` lists the most doubtful of them. */
  disagreementsTotal: z.number().int().optional(),
  /** The model snapshots that answered, per judge (from the manifest); more than one for a judge is judge drift. */
  snapshots: z.array(z.object({ judge: z.string(), servedModel: z.string(), votes: z.number().int() })).default([]),
  /** What this run's fresh judge calls cost (cache hits are free), from the manifest; absent for imported runs. */
  cost: z
    .object({
      usd: z.number(),
      priceTableDate: z.string(),
      requests: z.number().int(),
      inputTokens: z.number().int(),
      cachedInputTokens: z.number().int(),
      outputTokens: z.number().int(),
      byRun: z.array(z.object({ prompt: z.string(), run: z.number().int(), usd: z.number() })),
      /** Requests whose judge has no price: their cost is unknown, never $0. */
      unpricedRequests: z.number().int().default(0),
      /** `--batch`: entries provider batches answered in this run (not among `requests`), their votes, and their cost at the batch price (part of `usd`). */
      batch: z.object({ requests: z.number().int(), votes: z.number().int(), usd: z.number() }).optional(),
      /** Embedded local judges (`local:`): no per-call price (`usd` holds nothing of theirs), so their wall time and tokens. */
      local: LocalUsage.optional(),
    })
    .optional(),
});
export type Report = z.infer<typeof Report>;

import { z } from 'zod';
import { LocalUsage } from './LocalUsage.ts';
import { EvidenceCount } from './Report.ts';

/**
 * nightly.json: what one `score --all-rounds` invocation did, round by round — written to the runs
 * folder (with nightly.md) and printed by `--json`. A documented contract: fields may be added.
 */
export const NightlyRound = z.object({
  series: z.string(),
  round: z.number().int().nullable(),
  title: z.string(),
  status: z.enum(['ok', 'unscored', 'suspect-evidence', 'threshold', 'offline-miss', 'input-error', 'interrupted', 'pending']),
  exitCode: z.number().int(),
  /** True when the round repeated its latest run exactly: no new folder, `runDir` is that run's. */
  unchanged: z.boolean(),
  runId: z.string().nullable(),
  runDir: z.string().nullable(),
  prompts: z.array(
    z.object({
      prompt: z.string(),
      mean: z.number(),
      sd: z.number(),
      /** The mean of the latest earlier run of the same answer key (the previous night), or null. */
      previousMean: z.number().nullable(),
      change: z.number().nullable(),
      unscored: z.number().int(),
      evidence: EvidenceCount,
    }),
  ),
  recommendation: z.string().nullable(),
  /** False when units were unscored: the recommendation compared what every run scored. */
  complete: z.boolean(),
  evidence: EvidenceCount.nullable(),
  unscored: z.number().int(),
  requests: z.number().int(),
  /** As report.json `retries`: votes asked again and json_object fallbacks (null for an input error). */
  retries: z.object({ invalidOutput: z.number().int(), truncated: z.number().int(), jsonObjectFallbacks: z.number().int() }).nullable(),
  costUsd: z.number().nullable(),
  unpricedRequests: z.number().int(),
  /** Embedded local judges: no per-call price, so their wall time and tokens (absent when none was asked). */
  local: LocalUsage.optional(),
  /** `--batch`: entries the round's batches answered in this run (not among `requests`), their votes and cost (part of costUsd); absent without batches. */
  batch: z.object({ requests: z.number().int(), votes: z.number().int(), costUsd: z.number() }).optional(),
  /** Status `pending`: the round's batches at the provider, by entry state, and their estimated cost at the batch price. */
  pendingBatches: z
    .object({ batches: z.number().int(), processing: z.number().int(), succeeded: z.number().int(), failed: z.number().int(), expired: z.number().int(), canceled: z.number().int(), estimateUsd: z.number().nullable() })
    .optional(),
  /** Why the round's exit is not 0: broken or undecided thresholds, suspect evidence, the input error. */
  reasons: z.array(z.string()),
});
export type NightlyRound = z.infer<typeof NightlyRound>;

/** The whole summary. */
export const NightlySummary = z.object({
  schemaVersion: z.literal(1),
  createdAt: z.string(),
  exitCode: z.number().int(),
  exitReason: z.string(),
  rounds: z.array(NightlyRound),
  totals: z.object({
    rounds: z.number().int(),
    byStatus: z.record(z.string(), z.number().int()),
    unchanged: z.number().int(),
    requests: z.number().int(),
    costUsd: z.number(),
    unpricedRequests: z.number().int(),
    /** The rounds' local usage added up (absent when none). */
    local: LocalUsage.optional(),
    evidence: EvidenceCount,
  }),
});
export type NightlySummary = z.infer<typeof NightlySummary>;

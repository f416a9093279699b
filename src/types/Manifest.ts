import { z } from 'zod';
import { AnswerKey } from './AnswerKey.ts';
import { LocalUsage } from './LocalUsage.ts';

/** An input file with its digest. */
const FileRef = z.object({ path: z.string(), sha256: z.string() });

/** One vote slot as it went: enough for `replay` to recompute the verdict from the cache alone. */
export const ManifestVote = z.object({
  prompt: z.string(),
  run: z.number().int(),
  unit: z.string(),
  judge: z.string(),
  voteIndex: z.number().int(),
  cacheKey: z.string(),
  status: z.enum(['ok', 'failed']),
  /** Failure kind and message for a failed vote. */
  reason: z.string().optional(),
  /**
   * The vote was asked a second time (sent in this run unless `fromCache`): after a malformed answer, or
   * after an answer cut at the output budget, with a larger budget (then `cacheKey` is the larger request's).
   */
  retry: z
    .union([
      z.object({ kind: z.literal('invalid-output') }),
      z.object({ kind: z.literal('truncated'), fromTokens: z.number().int(), toTokens: z.number().int() }),
    ])
    .and(z.object({ fromCache: z.boolean() }))
    .optional(),
  /** Answered in this run by the provider's batch API, billed at its batch price. */
  billing: z.literal('batch').optional(),
});
export type ManifestVote = z.infer<typeof ManifestVote>;

/** manifest.json: everything that determined a run, so it can be audited and replayed. Never holds keys. */
export const Manifest = z.object({
  runId: z.string(),
  tool: z.object({ name: z.literal('review-judge'), version: z.string() }),
  createdAt: z.string(),
  /** Digest of what makes two runs comparable: inputs, templates, judges, votes, policy. */
  fingerprint: z.string(),
  /** Digest of the inputs alone (key, perspective, reviews, audit): what `--only` matches the latest run on. */
  inputsFingerprint: z.string().optional(),
  round: z.number().int().nullable(),
  inputs: z.object({
    key: FileRef,
    perspective: FileRef.nullable(),
    reviews: z.array(z.object({ prompt: z.string(), run: z.number().int(), path: z.string(), sha256: z.string(), size: z.number().int() })),
    refused: z.array(z.object({ path: z.string(), reason: z.string() })),
  }),
  key: AnswerKey,
  perspective: z.unknown().nullable(),
  templates: z.array(z.object({ name: z.string(), file: z.string(), sha256: z.string() })),
  /** The snapshots that answered this run's fresh and cached votes, per judge (more than one: judge drift). */
  snapshots: z.array(z.object({ judge: z.string(), servedModel: z.string(), fingerprints: z.array(z.string()), votes: z.number().int() })).default([]),
  judges: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      model: z.string(),
      baseURL: z.string(),
      maxSamplesPerRequest: z.number().int(),
      /** How a hosted model was used: catalogued or inferred by family, and the reasoning effort sent. */
      modelUse: z.object({ catalogued: z.boolean(), inferredFrom: z.string().optional(), effort: z.string().nullable(), reasoning: z.boolean() }).optional(),
    }),
  ),
  settings: z.object({
    votes: z.number().int(),
    only: z.array(z.string()),
    fresh: z.boolean(),
    salt: z.string(),
    offline: z.boolean(),
    evidencePolicy: z.enum(["require", "ignore"]),
    audit: z.boolean().default(true),
    maxCostUsd: z.number().nullable().default(null),
    concurrency: z.number().int(),
    timeoutMs: z.number().int(),
    maxRetries: z.number().int(),
  }),
  /** Units judged in this run (the others of `--only` came from the cache or were left out). */
  units: z.array(
    z.object({
      prompt: z.string(),
      run: z.number().int(),
      unit: z.string(),
      judged: z.boolean(),
      /** `--only`: the run this unit was taken from as it was (its votes are that run's). */
      reusedFrom: z.string().optional(),
      /** The judges and the number of votes this unit was judged with (differ from the run's after `--only --judge`). */
      judges: z.array(z.string()).optional(),
      expectedVotes: z.number().int().optional(),
    }),
  ),
  votes: z.array(ManifestVote),
  totals: z.object({
    units: z.number().int(),
    unscored: z.number().int(),
    requests: z.number().int(),
    cacheHits: z.number().int(),
    inputTokens: z.number().int(),
    outputTokens: z.number().int(),
    cachedInputTokens: z.number().int(),
    /** USD of this run's fresh requests at the price table below (cache hits are free). */
    costUsd: z.number().optional(),
    /** Requests a local server got as json_object (schema in the system message) after rejecting json_schema; absent when none. */
    jsonObjectFallbacks: z.number().int().optional(),
    /** Votes asked a second time in this run, by cause (each one more request); absent when none. */
    retries: z.object({ invalidOutput: z.number().int(), truncated: z.number().int() }).optional(),
    /** What this run got from provider batches (`--batch`): entries answered (not among `requests`), votes, and their cost at the batch price (part of costUsd). */
    batch: z.object({ requests: z.number().int(), votes: z.number().int(), costUsd: z.number() }).optional(),
    /** Embedded local judges: no per-call price, so their time and tokens (absent when none was asked). */
    local: LocalUsage.optional(),
  }),
  /** Present for runs imported from historical scoring files: the files read, and those that could not be. */
  imported: z
    .object({
      scoringFiles: z.array(z.object({ path: z.string(), sha256: z.string() })),
      unreadable: z.array(z.object({ path: z.string(), reason: z.string() })),
    })
    .optional(),
  /** Spend per review and per unit (fresh requests only), priced by a dated table. */
  costs: z
    .object({
      priceTable: z.object({ date: z.string(), source: z.string() }),
      unpricedRequests: z.number().int(),
      byReview: z.array(z.object({ prompt: z.string(), run: z.number().int(), usd: z.number() })),
      byUnit: z.array(z.object({ prompt: z.string(), run: z.number().int(), unit: z.string(), usd: z.number(), inputTokens: z.number().int(), outputTokens: z.number().int() })),
    })
    .optional(),
});
export type Manifest = z.infer<typeof Manifest>;

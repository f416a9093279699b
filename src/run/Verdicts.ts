import { z } from 'zod';

/**
 * verdicts.json: the per-unit results scripts rely on. Documented in README ("verdicts.json");
 * fields may be added, existing ones keep their names and meaning.
 */
export const VerdictSymbol = z.enum(['○', '△', '×']);

/** A review's identity inside a run. */
export const ReviewRef = z.object({ prompt: z.string(), run: z.number().int(), path: z.string(), sha256: z.string() });
export type ReviewRef = z.infer<typeof ReviewRef>;

/** One vote as it counted: its judge, the verdict after the evidence check, and the judge's reasoning or failure reason. */
export const VoteRecord = z.object({
  judge: z.string(),
  voteIndex: z.number().int(),
  /** Verdict that counted (after the evidence policy), or `unscored` for a failed vote. */
  verdict: z.union([VerdictSymbol, z.literal('unscored')]),
  /** What the model said before the evidence check (null for a failed vote). */
  modelVerdict: VerdictSymbol.nullable(),
  /** False when a ○/△ vote had no quote found in the review. */
  verified: z.boolean(),
  /** The judge's reasoning, or why the vote failed. */
  reason: z.string(),
});
export type VoteRecord = z.infer<typeof VoteRecord>;

/** A quote offered as evidence and whether it was found in the review. */
export const EvidenceRecord = z.object({ quote: z.string(), location: z.string(), verified: z.boolean() });
export type EvidenceRecord = z.infer<typeof EvidenceRecord>;

/** The outcome of one unit. */
export const UnitVerdict = z.object({
  review: ReviewRef,
  unit: z.string(),
  verdict: z.union([VerdictSymbol, z.literal('unscored')]),
  /** Share of valid votes equal to the final verdict (0 when unscored). */
  agreement: z.number(),
  votes: z.array(VoteRecord),
  /** Evidence of the votes that agree with the final verdict, deduplicated. */
  evidence: z.array(EvidenceRecord),
  /** Count of ○/△ votes turned into × for lack of a verified quote. */
  unverified: z.number().int(),
  /** Why the unit is unscored (absent when scored). */
  reason: z.string().optional(),
});
export type UnitVerdict = z.infer<typeof UnitVerdict>;

/** The whole file. */
export const Verdicts = z.object({ runId: z.string(), units: z.array(UnitVerdict) });
export type Verdicts = z.infer<typeof Verdicts>;

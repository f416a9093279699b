/**
 * verdicts.json: the per-unit results scripts rely on. Documented in README ("verdicts.json");
 * fields may be added, existing ones keep their names and meaning.
 */
import { z } from 'zod';
import { AUDIT_UNIT_ID } from './Unit.ts';
import { VERDICTS } from './Scale.ts';

/** `require`: a ○/△ vote without a verified quote counts as ×; `ignore`: the model's verdict stands. */
export type EvidencePolicy = 'require' | 'ignore';

/** The rubric's three verdicts. */
export const VerdictSymbol = z.enum(VERDICTS);

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
  /** The model snapshot that answered (judge drift shows as more than one per judge). */
  servedModel: z.string().optional(),
  fingerprint: z.string().optional(),
  /** The quotes this vote gave and whether each was found: a demoted vote keeps the quote the judge gave, marked unverified. */
  evidence: z.lazy(() => z.array(EvidenceRecord)).optional(),
});
export type VoteRecord = z.infer<typeof VoteRecord>;

/** Where a verified quote sits in the review: character offsets into its text. */
export const Span = z.object({ start: z.number().int(), end: z.number().int() });
export type Span = z.infer<typeof Span>;

/** A quote offered as evidence, whether it was found in the review, and where (when found). */
export const EvidenceRecord = z.object({ quote: z.string(), location: z.string(), verified: z.boolean(), span: Span.optional() });
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
  /** Count of ○/△ votes without a verified quote (turned into × under `--evidence require`). */
  unverified: z.number().int(),
  /** Why the unit is unscored (absent when scored). */
  reason: z.string().optional(),
  /** Imported runs: the historical scoring file and line this verdict was read from. */
  source: z.object({ file: z.string(), line: z.number().int() }).optional(),
});
export type UnitVerdict = z.infer<typeof UnitVerdict>;

/** A bonus or penalty the audit found, with its reason and verified quote. */
export const AuditItem = z.object({
  /** `B03` when the finding matches a listed bonus candidate; null for unlisted bonuses and penalties. */
  id: z.string().nullable(),
  location: z.string(),
  quote: z.string(),
  verified: z.boolean(),
  reason: z.string(),
  /** Votes that classified the finding this way, out of `of` valid votes. */
  votes: z.number().int(),
  of: z.number().int(),
  /** Where the quote sits in the review: a bonus on the passage a ○/△ unit's evidence quotes is that unit's finding, not a second credit. */
  span: z.lazy(() => Span).optional(),
});
export type AuditItem = z.infer<typeof AuditItem>;

/** One finding of the review as the audit's votes classified it. */
export const AuditFinding = z.object({
  location: z.string(),
  quote: z.string(),
  verified: z.boolean(),
  /** Final class after voting: a penalty or a bonus needs a strict majority of the valid votes. */
  classification: z.enum(['matches', 'bonus', 'penalty', 'neutral']),
  /** Problem ids the votes matched it to (validated against the key). */
  matches: z.array(z.string()),
  split: z.object({ matches: z.number().int(), bonus: z.number().int(), penalty: z.number().int(), neutral: z.number().int() }),
  span: z.lazy(() => Span).optional(),
});
export type AuditFinding = z.infer<typeof AuditFinding>;

/** The bonus/penalty audit of one review. Bonuses are listed uncapped; the rubric's cap is applied when scoring. */
export const AuditVerdict = z.object({
  review: ReviewRef,
  unit: z.literal(AUDIT_UNIT_ID),
  status: z.enum(['scored', 'unscored']),
  reason: z.string().optional(),
  bonuses: z.array(AuditItem),
  penalties: z.array(AuditItem),
  findings: z.array(AuditFinding),
  votes: z.array(z.object({ judge: z.string(), voteIndex: z.number().int(), status: z.enum(['ok', 'unscored']), reason: z.string(), servedModel: z.string().optional() })),
});
export type AuditVerdict = z.infer<typeof AuditVerdict>;

/** The whole file: detection units, and (when the audit ran) one audit per review. */
export const Verdicts = z.object({
  runId: z.string(),
  units: z.array(UnitVerdict),
  audits: z.array(AuditVerdict).optional(),
  /** True for a run imported from the workflow's historical scoring files (`review-judge import`). */
  imported: z.boolean().optional(),
  /** Imported runs: bonus and penalty counts as the scoring files state them (null where unreadable). */
  statedCounts: z.array(z.object({ prompt: z.string(), run: z.number().int(), bonus: z.number().nullable(), penalty: z.number().nullable(), file: z.string() })).optional(),
});
export type Verdicts = z.infer<typeof Verdicts>;

import { renderPrompt, type PromptTemplate } from '../prompts/PromptTemplate.ts';
import type { AnswerKey } from '../types/AnswerKey.ts';
import type { Review } from '../types/Review.ts';
import type { Unit } from '../types/Unit.ts';
import type { AuditVerdict, EvidencePolicy, ReviewRef, UnitVerdict } from '../types/Verdicts.ts';
import type { CollectedVote } from '../types/Vote.ts';
import type { JudgePrompt, OutputSchema, OutputTokens } from '../types/Provider.ts';
import { aggregateAudit } from './aggregateAudit.ts';
import { aggregateUnit } from './aggregateUnit.ts';
import { AUDIT_SCHEMA, AuditOutput, auditValues } from './audit.ts';
import { auditOutputTokens, findingCandidates } from './auditBudget.ts';
import { DETECTION_SCHEMA, DetectionOutput, detectionValues, VERDICT_SYMBOL } from './detection.ts';
import { applyEvidencePolicy } from './evidence.ts';
import type { ReviewIndex } from './reviewIndex.ts';
import { expectedCost, type JudgeTask } from './planVotes.ts';

/** Output tokens one vote is expected to take (measured answers run 200-500 for detection). */
export const EXPECTED_OUTPUT_TOKENS = { detection: 400, audit: 1500 } as const;

/** What every unit of a round shares: the key, the perspective and the templates, and how votes count. */
export interface UnitContext {
  key: AnswerKey;
  perspectiveRaw: string | null;
  templates: { detection: PromptTemplate; audit: PromptTemplate };
  policy: EvidencePolicy;
}

/** A unit's result: the detection verdict or the audit's bonuses and penalties. */
export type UnitResult = { kind: 'detection'; verdict: UnitVerdict } | { kind: 'audit'; verdict: AuditVerdict };

/** Reference of a review as verdicts.json spells it. */
export function reviewRef(r: Pick<Review, 'prompt' | 'run' | 'path' | 'sha256'>): ReviewRef {
  return { prompt: r.prompt, run: r.run, path: r.path, sha256: r.sha256 };
}

/** The prompt-prefix group of a review's requests (also sent as OpenAI's `prompt_cache_key`): no text, only a digest. */
export function prefixGroup(review: Pick<Review, 'sha256'>): string {
  return `rj-${review.sha256.slice(0, 24)}`;
}

/** A unit's expected cost before its prompt is rendered (the review dominates the prompt). */
export function unitPriority(unit: Unit): number {
  return expectedCost(unit.review.text.length, EXPECTED_OUTPUT_TOKENS[unit.kind]);
}

/**
 * Pure: the prompt, schema and output budget a unit's request will carry, without rendering its
 * answer handling (no review index): what `reserveContexts` tells a local judge before the job sends.
 */
export function requestShapeFor(unit: Unit, ctx: Omit<UnitContext, 'policy'>): { prompt: JudgePrompt; schema: OutputSchema; outputTokens?: (limits: OutputTokens) => number } {
  if (unit.kind === 'audit') {
    const candidates = findingCandidates(unit.review.text);
    return { prompt: renderPrompt(ctx.templates.audit, auditValues(ctx.key, ctx.perspectiveRaw, unit.review.text)), schema: AUDIT_SCHEMA, outputTokens: (limits) => auditOutputTokens(candidates, limits) };
  }
  return { prompt: renderPrompt(ctx.templates.detection, detectionValues(unit.problem, unit.review.text, ctx.key.problems)), schema: DETECTION_SCHEMA };
}

/** The judge task of one unit: prompt, schema, and how an answer counts after the quote check. */
export function taskFor(unit: Unit, ctx: UnitContext, index: ReviewIndex): JudgeTask<unknown> {
  if (unit.kind === 'audit') {
    const candidates = findingCandidates(unit.review.text);
    const task: JudgeTask<AuditOutput> = {
      prompt: renderPrompt(ctx.templates.audit, auditValues(ctx.key, ctx.perspectiveRaw, unit.review.text)),
      schema: AUDIT_SCHEMA,
      output: AuditOutput,
      countsAs: () => '○',
      // Findings are voted on, not one verdict: all k votes are asked at once.
      earlyStop: false,
      expectedOutputTokens: EXPECTED_OUTPUT_TOKENS.audit,
      // A long review lists many findings: its budget grows with them, and a cut answer loses every bonus.
      outputTokens: (limits) => auditOutputTokens(candidates, limits),
      retryTruncated: true,
    };
    return task as JudgeTask<unknown>;
  }
  const task: JudgeTask<DetectionOutput> = {
    prompt: renderPrompt(ctx.templates.detection, detectionValues(unit.problem, unit.review.text, ctx.key.problems)),
    schema: DETECTION_SCHEMA,
    output: DetectionOutput,
    countsAs: (o) => applyEvidencePolicy({ verdict: VERDICT_SYMBOL[o.verdict], evidence: o.evidence }, index, ctx.policy).effectiveVerdict,
    expectedOutputTokens: EXPECTED_OUTPUT_TOKENS.detection,
  };
  return task as JudgeTask<unknown>;
}

/** The output schema (zod) a recorded vote of this unit id must match. */
export function outputFor(kind: Unit['kind']) {
  return kind === 'audit' ? AuditOutput : DetectionOutput;
}

/** Pure: a unit's result from its collected votes, k counted over the whole panel. */
export function aggregateResult(
  kind: Unit['kind'],
  review: ReviewRef,
  id: string,
  collected: CollectedVote<unknown>[],
  totalVotes: number,
  ctx: Pick<UnitContext, 'key' | 'policy'>,
  index: ReviewIndex,
): UnitResult {
  if (kind === 'audit') return { kind, verdict: aggregateAudit(review, collected as CollectedVote<AuditOutput>[], totalVotes, ctx.key, index) };
  return { kind, verdict: aggregateUnit(review, id, collected as CollectedVote<DetectionOutput>[], totalVotes, index, ctx.policy) };
}

/** Why a result is unscored, or null when it is scored. */
export function unscoredReason(r: UnitResult): string | null {
  if (r.kind === 'audit') return r.verdict.status === 'unscored' ? (r.verdict.reason ?? 'unscored') : null;
  return r.verdict.verdict === 'unscored' ? (r.verdict.reason ?? 'unscored') : null;
}


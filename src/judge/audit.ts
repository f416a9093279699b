import { zodResponseFormat } from 'openai/helpers/zod';
import { z } from 'zod';
import type { AnswerKey } from '../types/AnswerKey.ts';
import type { OutputSchema } from '../types/Provider.ts';
import { fenceFor, trimTrailingNewlines } from './detection.ts';

const Finding = z.object({
  location: z.string(),
  quote: z.string(),
  reasoning: z.string(),
  classification: z.enum(['matches', 'bonus', 'penalty', 'neutral']),
  matches: z.array(z.string()),
  bonus_id: z.string().nullable(),
});

/**
 * An audit vote as it is read (answers, cache entries, earlier runs' votes): each finding with location,
 * verbatim quote, reasoning, then its class. "neutral" stays readable: audits before 2026-12-01 listed
 * every finding, and their cached votes still replay.
 */
export const AuditOutput = z.object({ findings: z.array(Finding) });
export type AuditOutput = z.infer<typeof AuditOutput>;

/**
 * What an audit judge is asked for: only the findings that count. A neutral finding is left out (a
 * vote that does not list a finding counts it neutral), which keeps a long review's answer short.
 */
const AuditAnswer = z.object({ findings: z.array(Finding.extend({ classification: z.enum(['matches', 'bonus', 'penalty']) })) });

/** Strict JSON schema of the audit answer (AuditOutput without "neutral"). */
export const AUDIT_SCHEMA: OutputSchema = {
  name: 'audit_findings',
  jsonSchema: zodResponseFormat(AuditAnswer, 'audit_findings').json_schema.schema as Record<string, unknown>,
};

/** Placeholders the audit template must use, all of them. */
export const AUDIT_PLACEHOLDERS = ['fence', 'review', 'perspective', 'problems', 'bonuses'] as const;

/** Placeholder values for one review's audit; the key and perspective go in verbatim. */
export function auditValues(key: AnswerKey, perspectiveRaw: string | null, reviewText: string): Record<string, string> {
  const problems = key.problems
    .map((p) => `- ${p.id}: ${p.title} (category: ${p.category}; severity: ${p.severity.raw || '-'})\n  - ○ criterion: ${p.criteria.detected.replace(/\s*\n\s*/g, ' ')}`)
    .join('\n');
  const bonuses = key.bonuses.length
    ? ['| ID | Category | Description | Bonus condition |', '|---|---|---|---|', ...key.bonuses.map((b) => `| ${b.id} | ${cell(b.category)} | ${cell(b.description)} | ${cell(b.condition)} |`)].join('\n')
    : '(the answer key has no bonus table)';
  return {
    fence: fenceFor(reviewText),
    review: trimTrailingNewlines(reviewText),
    perspective: perspectiveRaw?.trim() || '(no perspective.md was given: judge scope from the planted problems\' categories)',
    problems,
    bonuses,
  };
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

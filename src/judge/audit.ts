import { zodResponseFormat } from 'openai/helpers/zod';
import { z } from 'zod';
import type { AnswerKey } from '../types/AnswerKey.ts';
import type { OutputSchema } from '../types/Provider.ts';
import { fenceFor, trimTrailingNewlines } from './detection.ts';

/** What an audit judge answers: each finding with location, verbatim quote, reasoning, then its class. */
export const AuditOutput = z.object({
  findings: z.array(
    z.object({
      location: z.string(),
      quote: z.string(),
      reasoning: z.string(),
      classification: z.enum(['matches', 'bonus', 'penalty', 'neutral']),
      matches: z.array(z.string()),
      bonus_id: z.string().nullable(),
    }),
  ),
});
export type AuditOutput = z.infer<typeof AuditOutput>;

/** Strict JSON schema of AuditOutput. */
export const AUDIT_SCHEMA: OutputSchema = {
  name: 'audit_findings',
  jsonSchema: zodResponseFormat(AuditOutput, 'audit_findings').json_schema.schema as Record<string, unknown>,
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

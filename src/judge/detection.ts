import { createHash } from 'node:crypto';
import { zodResponseFormat } from 'openai/helpers/zod';
import { z } from 'zod';
import type { Problem } from '../types/AnswerKey.ts';
import type { OutputSchema } from '../types/Provider.ts';
import { VERDICT_NAMES, type Verdict } from '../types/Scale.ts';


/** What a detection judge must answer: reasoning first, then verbatim evidence, then the verdict. */
export const DetectionOutput = z.object({
  reasoning: z.string(),
  evidence: z.array(z.object({ location: z.string(), quote: z.string() })),
  verdict: z.enum(['detected', 'partial', 'undetected']),
});
export type DetectionOutput = z.infer<typeof DetectionOutput>;

/** Maps the schema's words to the rubric's symbols (words are sturdier for models than symbols). */
export const VERDICT_SYMBOL = Object.fromEntries(Object.entries(VERDICT_NAMES).map(([s, n]) => [n.word, s])) as Record<DetectionOutput['verdict'], Verdict>;

/** Strict JSON schema of DetectionOutput, derived once through the OpenAI zod helper. */
export const DETECTION_SCHEMA: OutputSchema = {
  name: 'detection_verdict',
  jsonSchema: zodResponseFormat(DetectionOutput, 'detection_verdict').json_schema.schema as Record<string, unknown>,
};

/** Placeholders the detection template must use, all of them. */
export const DETECTION_PLACEHOLDERS = [
  'fence',
  'review',
  'problem.id',
  'problem.title',
  'problem.category',
  'problem.severity',
  'problem.location',
  'problem.description',
  'criteria.detected',
  'criteria.partial',
  'criteria.undetected',
] as const;

/** Placeholders the detection template may use: `problems.others` lists the key's other planted problems. */
export const DETECTION_OPTIONAL_PLACEHOLDERS = ['problems.others'] as const;

/**
 * A fence token that does not occur in the review, derived from its text so that every unit of a
 * review gets the same bytes (prefix caching) and a run is reproducible.
 */
export function fenceFor(reviewText: string): string {
  let seed = reviewText;
  for (;;) {
    const token = `REVIEW-${createHash('sha256').update(seed).digest('hex').slice(0, 16)}`;
    if (!reviewText.includes(token)) return token;
    seed += '\u0000';
  }
}

/**
 * Placeholder values for one (review, problem) unit; the key's text goes in verbatim. `others` are
 * the key's other planted problems: listed by title so the judge does not credit a finding about
 * one of them to this one.
 */
export function detectionValues(problem: Problem, reviewText: string, others: readonly Problem[] = []): Record<string, string> {
  const list = others.filter((o) => o.id !== problem.id).map((o) => `- ${o.id}: ${o.title.replace(/\s*\n\s*/g, ' ')}`);
  return {
    'problems.others': list.length ? list.join('\n') : '(none: this is the only planted problem)',
    fence: fenceFor(reviewText),
    review: trimTrailingNewlines(reviewText),
    'problem.id': problem.id,
    'problem.title': problem.title,
    'problem.category': problem.category,
    'problem.severity': problem.severity.raw || '(not given)',
    'problem.location': problem.location ?? '(not given)',
    'problem.description': problem.description,
    'criteria.detected': problem.criteria.detected,
    'criteria.partial': problem.criteria.partial,
    'criteria.undetected': problem.criteria.undetected,
  };
}

/** The review without trailing newlines (a loop: a `\n+$` regex rescans the whole review for every unit). */
export function trimTrailingNewlines(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 10) end--;
  return end === text.length ? text : text.slice(0, end);
}

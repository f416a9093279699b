import { z } from 'zod';

/** Severity levels the rubric distinguishes; `null` when the key's label is unknown. */
export const SeverityLevel = z.enum(['critical', 'major', 'minor']);
export type SeverityLevel = z.infer<typeof SeverityLevel>;

/** One planted problem with its three detection criteria, verbatim from the key. */
export const Problem = z.object({
  id: z.string().regex(/^P\d{2,}$/),
  title: z.string(),
  category: z.string(),
  severity: z.object({ raw: z.string(), level: SeverityLevel.nullable() }),
  location: z.string().nullable(),
  description: z.string(),
  criteria: z.object({ detected: z.string(), partial: z.string(), undetected: z.string() }),
});
export type Problem = z.infer<typeof Problem>;

/** One row of the key's bonus table. */
export const Bonus = z.object({
  id: z.string().regex(/^B\d{2,}$/),
  category: z.string(),
  description: z.string(),
  condition: z.string(),
});
export type Bonus = z.infer<typeof Bonus>;

/** Something the parser read but could not place; never silently dropped. */
export const ParseWarning = z.object({ line: z.number().int().positive(), message: z.string() });
export type ParseWarning = z.infer<typeof ParseWarning>;

/** The canonical answer key: what `review-judge key --json` prints, exactly. */
export const AnswerKey = z.object({
  title: z.string(),
  round: z.number().int().nullable(),
  perspective: z.string().nullable(),
  target: z.string().nullable(),
  declaredProblemCount: z.number().int().nullable(),
  problems: z.array(Problem),
  bonuses: z.array(Bonus),
  warnings: z.array(ParseWarning),
});
export type AnswerKey = z.infer<typeof AnswerKey>;

import { z } from 'zod';

/**
 * What a run's embedded local judges (`local:`) used instead of a price: their fresh requests, the
 * time those requests took (served one at a time, so their sum is the judges' wall time, model
 * loading excluded) and the tokens: prompt tokens sent, of them evaluated (not read back from the KV
 * cache), and output tokens. Absent when no local request was sent.
 */
export const LocalUsage = z.object({
  requests: z.number().int(),
  wallMs: z.number().int(),
  promptTokens: z.number().int(),
  evaluatedTokens: z.number().int(),
  outputTokens: z.number().int(),
});
export type LocalUsage = z.infer<typeof LocalUsage>;

/** Pure: the sum of several runs' local usage (undefined when none had any). */
export function addLocalUsage(all: ReadonlyArray<LocalUsage | undefined>): LocalUsage | undefined {
  const some = all.filter((x): x is LocalUsage => x !== undefined);
  if (!some.length) return undefined;
  const sum = (k: keyof LocalUsage) => some.reduce((a, x) => a + x[k], 0);
  return { requests: sum('requests'), wallMs: sum('wallMs'), promptTokens: sum('promptTokens'), evaluatedTokens: sum('evaluatedTokens'), outputTokens: sum('outputTokens') };
}

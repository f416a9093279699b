import { z } from 'zod';
import { InputError } from '../errors.ts';
import type { Usage } from '../types/Provider.ts';

/** USD per million tokens for one model. */
export const ModelPrice = z.strictObject({
  input: z.number().nonnegative(),
  cachedInput: z.number().nonnegative(),
  cacheWrite: z.number().nonnegative(),
  output: z.number().nonnegative(),
});
export type ModelPrice = z.infer<typeof ModelPrice>;

/** A dated price table keyed by `kind:model` (or `kind:*` as a fallback). */
export const PriceTable = z.strictObject({ date: z.string(), source: z.string(), models: z.record(z.string(), ModelPrice) });
export type PriceTable = z.infer<typeof PriceTable>;

/**
 * Built-in list prices. They go stale: the date says when they were copied, and `--prices FILE`
 * (same JSON shape) overrides or extends them. openai-compatible servers are local: free.
 */
export const DEFAULT_PRICES: PriceTable = {
  date: '2025-08-01',
  source: 'provider list prices (USD per 1M tokens); override with --prices FILE',
  models: {
    'openai:gpt-4.1-mini': { input: 0.4, cachedInput: 0.1, cacheWrite: 0.4, output: 1.6 },
    'openai:gpt-4.1': { input: 2, cachedInput: 0.5, cacheWrite: 2, output: 8 },
    'openai:gpt-4.1-nano': { input: 0.1, cachedInput: 0.025, cacheWrite: 0.1, output: 0.4 },
    'openai:gpt-4o-mini': { input: 0.15, cachedInput: 0.075, cacheWrite: 0.15, output: 0.6 },
    'openai:gpt-4o': { input: 2.5, cachedInput: 1.25, cacheWrite: 2.5, output: 10 },
    'openai:o4-mini': { input: 1.1, cachedInput: 0.275, cacheWrite: 1.1, output: 4.4 },
    'openai:gpt-5-mini': { input: 0.25, cachedInput: 0.025, cacheWrite: 0.25, output: 2 },
    'openai:gpt-5': { input: 1.25, cachedInput: 0.125, cacheWrite: 1.25, output: 10 },
    'anthropic:claude-sonnet-5-5': { input: 3, cachedInput: 0.3, cacheWrite: 3.75, output: 15 },
    'anthropic:claude-sonnet-4-5': { input: 3, cachedInput: 0.3, cacheWrite: 3.75, output: 15 },
    'anthropic:claude-haiku-4-5': { input: 1, cachedInput: 0.1, cacheWrite: 1.25, output: 5 },
    'anthropic:claude-opus-4-1': { input: 15, cachedInput: 1.5, cacheWrite: 18.75, output: 75 },
    'openai-compatible:*': { input: 0, cachedInput: 0, cacheWrite: 0, output: 0 },
  },
};

/** Merges a `--prices` file's JSON onto the defaults; a bad file is an InputError naming the field. */
export function parsePriceOverride(json: unknown, file: string): PriceTable {
  const parsed = PriceTable.partial().safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`not a price table (${issue?.path.join('.')}: ${issue?.message}); expected { "date", "source", "models": { "openai:gpt-4.1-mini": { "input", "cachedInput", "cacheWrite", "output" } } }`, file);
  }
  return { date: parsed.data.date ?? DEFAULT_PRICES.date, source: parsed.data.source ?? file, models: { ...DEFAULT_PRICES.models, ...parsed.data.models } };
}

/** The price of a judge (`kind:model`), falling back to `kind:*`; null when unknown. */
export function priceFor(table: PriceTable, judge: string): ModelPrice | null {
  return table.models[judge] ?? table.models[`${judge.split(':')[0]}:*`] ?? null;
}

/**
 * USD for one request's usage. `inputTokens` includes cached reads and cache writes (see Usage), so
 * only the remainder is billed at the full input rate.
 */
export function costOf(usage: Usage, price: ModelPrice): number {
  const plain = Math.max(0, usage.inputTokens - usage.cachedInputTokens - usage.cacheWriteTokens);
  return (plain * price.input + usage.cachedInputTokens * price.cachedInput + usage.cacheWriteTokens * price.cacheWrite + usage.outputTokens * price.output) / 1e6;
}

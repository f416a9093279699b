import { z } from 'zod';
import { InputError } from '../errors.ts';
import type { ModelCatalogue } from '../types/ModelCatalogue.ts';
import type { Usage } from '../types/Provider.ts';

/** USD per million tokens for one model. */
export const ModelPrice = z.strictObject({
  input: z.number().nonnegative(),
  cachedInput: z.number().nonnegative(),
  cacheWrite: z.number().nonnegative(),
  output: z.number().nonnegative(),
  /** Share of these prices the provider's batch API bills (0.5: half price); absent: the catalogue default. */
  batchDiscount: z.number().min(0).max(1).optional(),
});
export type ModelPrice = z.infer<typeof ModelPrice>;

/** A dated price table keyed by `kind:model` (or `kind:*` as a fallback). */
export const PriceTable = z.strictObject({ date: z.string(), source: z.string(), models: z.record(z.string(), ModelPrice) });
export type PriceTable = z.infer<typeof PriceTable>;

/**
 * The price table of a model catalogue: every priced model (and its aliases) as `kind:model`, and
 * local servers free. The catalogue's date says when the prices were copied; `--prices FILE`
 * (same JSON shape as before the catalogue) overrides or extends them.
 */
export function priceTableOf(catalogue: ModelCatalogue): PriceTable {
  const free = { input: 0, cachedInput: 0, cacheWrite: 0, output: 0 };
  // Local servers and embedded models cost nothing per call.
  const models: Record<string, ModelPrice> = { 'openai-compatible:*': free, 'local:*': free };
  for (const m of catalogue.models) {
    if (!m.prices) continue;
    const { input, cachedInput, cacheWrite, output, batchDiscount } = m.prices;
    for (const id of [m.id, ...m.aliases]) models[`${m.provider}:${id}`] = { input, cachedInput, cacheWrite, output, batchDiscount };
  }
  return { date: catalogue.date, source: 'models/catalogue.json (provider pricing pages); override with --prices or --models FILE', models };
}

/** Merges a `--prices` file's JSON onto the defaults; a bad file is an InputError naming the field. */
export function parsePriceOverride(json: unknown, file: string, base: PriceTable): PriceTable {
  const parsed = PriceTable.partial().safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`not a price table (${issue?.path.join('.')}: ${issue?.message}); expected { "date", "source", "models": { "openai:gpt-4.1-mini": { "input", "cachedInput", "cacheWrite", "output" } } }`, file);
  }
  return { date: parsed.data.date ?? base.date, source: parsed.data.source ?? file, models: { ...base.models, ...parsed.data.models } };
}

/** The price of a judge (`kind:model`), falling back to `kind:*`; null when unknown. */
export function priceFor(table: PriceTable, judge: string): ModelPrice | null {
  return table.models[judge] ?? table.models[`${judge.split(':')[0]}:*`] ?? null;
}

/** The batch APIs' share of the interactive price when a table does not say (both providers bill 50%). */
export const DEFAULT_BATCH_DISCOUNT = 0.5;

/**
 * USD for one request's usage. `inputTokens` includes cached reads and cache writes (see Usage), so
 * only the remainder is billed at the full input rate. A batch-billed request pays the batch share
 * of every part (OpenAI: https://help.openai.com/en/articles/9197833-batch-api-faq ; Anthropic: "All
 * usage is charged at 50% of the standard API prices", https://docs.claude.com/en/docs/build-with-claude/batch-processing).
 */
export function costOf(usage: Usage, price: ModelPrice, billing?: 'batch'): number {
  const plain = Math.max(0, usage.inputTokens - usage.cachedInputTokens - usage.cacheWriteTokens);
  const usd = (plain * price.input + usage.cachedInputTokens * price.cachedInput + usage.cacheWriteTokens * price.cacheWrite + usage.outputTokens * price.output) / 1e6;
  return billing === 'batch' ? usd * (price.batchDiscount ?? DEFAULT_BATCH_DISCOUNT) : usd;
}

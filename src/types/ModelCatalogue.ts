import { z } from 'zod';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');

/** USD per million tokens, and the batch API's discount (0.5 = half price). */
export const ModelPrices = z.strictObject({
  input: z.number().nonnegative(),
  cachedInput: z.number().nonnegative(),
  cacheWrite: z.number().nonnegative(),
  output: z.number().nonnegative(),
  batchDiscount: z.number().min(0).max(1).default(0.5),
});
export type ModelPrices = z.infer<typeof ModelPrices>;

/** One model as its provider documents it: what a request may carry, what it costs, when it goes away. */
export const ModelEntry = z.strictObject({
  id: z.string().min(1),
  provider: z.enum(['openai', 'anthropic']),
  aliases: z.array(z.string()).default([]),
  reasoning: z.boolean(),
  /** `accepted`; `rejected` (a non-default temperature is a 400); `effort-none`: accepted only with reasoning effort `none`. */
  temperature: z.enum(['accepted', 'rejected', 'effort-none']),
  /** Whether one request may ask for several samples (`n`); false where the docs do not say so. */
  n: z.boolean(),
  outputTokenParam: z.enum(['max_completion_tokens', 'max_tokens']),
  /** Output tokens allowed per answer: room for hidden reasoning or thinking on top of the verdict. */
  outputBudget: z.number().int().positive(),
  /**
   * The most output tokens one answer may take, as the provider documents it (null: not in our sources).
   * A long review's audit may ask for more than `outputBudget`, never more than this; without it, never
   * more than `outputBudget` (the API answers a larger request with HTTP 400, which stops the judge).
   */
  maxOutputTokens: z.number().int().positive().nullable().default(null),
  /** Where `maxOutputTokens` is stated, when not on the page in `source`. */
  maxOutputSource: z.string().optional(),
  contextWindow: z.number().int().positive().nullable().default(null),
  effort: z.strictObject({ param: z.enum(['reasoning_effort', 'output_config.effort']), values: z.array(z.string()).min(1), default: z.string().nullable() }).nullable().default(null),
  prices: ModelPrices.nullable().default(null),
  shutdown: Day.nullable().default(null),
  replacement: z.string().nullable().default(null),
  source: z.string().url(),
  priceSource: z.string().optional(),
  priceNote: z.string().optional(),
  note: z.string().optional(),
});
export type ModelEntry = z.infer<typeof ModelEntry>;

/** The dated model catalogue (models/catalogue.json, merged with `--models FILE`). */
export const ModelCatalogue = z.strictObject({
  date: Day,
  sources: z.record(z.string(), z.array(z.string())).default({}),
  /** The judge of a bare `--judge openai` / `--judge anthropic`. */
  defaults: z.strictObject({ openai: z.string(), anthropic: z.string() }),
  /** Reasoning effort sent when `--effort` is not given, where the model takes one. */
  judgingEffort: z.string(),
  models: z.array(ModelEntry),
});
export type ModelCatalogue = z.infer<typeof ModelCatalogue>;

/** What a run uses of a model: its catalogue entry, or capabilities inferred from its family. */
export interface ModelInfo {
  entry: ModelEntry;
  /** False when the model is not in the catalogue and `entry` was inferred by family. */
  catalogued: boolean;
  /** How the entry was inferred (for the manifest and the warning). */
  inferredFrom?: string;
}

import type { ModelCatalogue, ModelEntry, ModelInfo } from '../types/ModelCatalogue.ts';

/** The source of an inferred entry: no page says it, the family rule does. */
const INFERRED_SOURCE = 'urn:review-judge:inferred-by-family';

/** Families of models not (yet) in the catalogue, most specific first: what they are likely to accept. */
const FAMILIES: Array<{ test: RegExp; provider: 'openai' | 'anthropic'; family: string; like: Partial<ModelEntry> }> = [
  { test: /^gpt-(?:[6-9]|\d{2})/, provider: 'openai', family: 'gpt-6 and later (reasoning)', like: { reasoning: true, temperature: 'rejected', n: false, outputBudget: 16384, effort: { param: 'reasoning_effort', values: ['low', 'medium', 'high'], default: 'medium' } } },
  { test: /^gpt-5/, provider: 'openai', family: 'gpt-5 (reasoning)', like: { reasoning: true, temperature: 'rejected', n: false, outputBudget: 16384, effort: { param: 'reasoning_effort', values: ['low', 'medium', 'high'], default: 'medium' } } },
  { test: /^o\d/, provider: 'openai', family: 'o-series (reasoning)', like: { reasoning: true, temperature: 'rejected', n: false, outputBudget: 16384, effort: { param: 'reasoning_effort', values: ['low', 'medium', 'high'], default: 'medium' } } },
  { test: /^gpt-4/, provider: 'openai', family: 'gpt-4 (chat)', like: { reasoning: false, temperature: 'accepted', n: true, outputBudget: 4096, effort: null } },
  { test: /^claude-/, provider: 'anthropic', family: 'Claude (current generation)', like: { reasoning: true, temperature: 'rejected', n: false, outputBudget: 16384, effort: { param: 'output_config.effort', values: ['low', 'medium', 'high'], default: 'high' } } },
];

/** The catalogue entry of a model id or alias (a router prefix like `openai/` is ignored). */
export function findModel(catalogue: ModelCatalogue, provider: 'openai' | 'anthropic', model: string): ModelEntry | null {
  const bare = model.slice(model.lastIndexOf('/') + 1);
  return catalogue.models.find((m) => m.provider === provider && (m.id === bare || m.aliases.includes(bare))) ?? null;
}

/**
 * What a run uses of a model: its entry, or one inferred from its family when the catalogue does not
 * list it (a model newer than the catalogue). Inference errs towards what every model accepts:
 * no temperature, no `n`, a large output budget.
 */
export function resolveModel(catalogue: ModelCatalogue, provider: 'openai' | 'anthropic', model: string): ModelInfo {
  const entry = findModel(catalogue, provider, model);
  if (entry) return { entry, catalogued: true };
  const bare = model.slice(model.lastIndexOf('/') + 1).toLowerCase();
  const family = FAMILIES.find((f) => f.provider === provider && f.test.test(bare));
  const base: ModelEntry = {
    id: model,
    provider,
    aliases: [],
    reasoning: true,
    temperature: 'rejected',
    n: false,
    outputTokenParam: provider === 'openai' ? 'max_completion_tokens' : 'max_tokens',
    outputBudget: 16384,
    // Unknown for a model the catalogue does not list: its audits never ask for more than outputBudget.
    maxOutputTokens: null,
    contextWindow: null,
    effort: null,
    prices: null,
    shutdown: null,
    replacement: null,
    source: INFERRED_SOURCE,
  };
  return { entry: { ...base, ...(family?.like ?? {}) }, catalogued: false, inferredFrom: family ? family.family : 'no known family (most conservative settings)' };
}

/** Days from `today` to a YYYY-MM-DD date (negative once past). */
export function daysUntil(day: string, today: Date): number {
  const t = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return Math.round((Date.parse(`${day}T00:00:00Z`) - t) / 86_400_000);
}

/** A model's standing today: usable, shutting down soon (warn), or shut down (refuse). */
export function lifecycle(entry: ModelEntry, today: Date): { state: 'current' } | { state: 'ending'; days: number } | { state: 'shut-down' } {
  if (!entry.shutdown) return { state: 'current' };
  const days = daysUntil(entry.shutdown, today);
  if (days <= 0) return { state: 'shut-down' };
  return days <= 30 ? { state: 'ending', days } : { state: 'current' };
}

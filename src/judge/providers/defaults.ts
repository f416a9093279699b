/** Provider defaults, kept apart from the SDK-loading modules so `--help` stays fast. */
import type { ProviderKind } from '../../types/Provider.ts';

/**
 * Models used for a bare `openai` or `anthropic` (the same as `defaults` in models/catalogue.json,
 * which a test checks). gpt-6-luna is OpenAI's named replacement for gpt-4.1-mini (shut down
 * 2027-01-14): current, strict structured outputs, $0.10 / $0.50 per MTok. claude-sonnet-5-5 is the
 * current Sonnet, at $2 / $10. Both are reasoning models, judged at the catalogue's effort `low`.
 */
export const DEFAULT_MODELS = {
  openai: 'gpt-6-luna',
  anthropic: 'claude-sonnet-5-5',
} as const satisfies Partial<Record<ProviderKind, string>>;

/** Per-attempt timeout; the SDKs retry timed-out attempts up to maxRetries times. */
export const DEFAULT_TIMEOUT_MS = 120_000;

/**
 * Per-attempt timeout of reasoning models: they think before they answer, within an output budget of
 * 16k tokens, which at a slow 60 tokens/s is over four minutes; a shorter timeout would cut them off.
 */
export const REASONING_TIMEOUT_MS = 300_000;

/** SDK retries after the first attempt (429, 408, 409, 5xx, connection failures). */
export const DEFAULT_MAX_RETRIES = 3;


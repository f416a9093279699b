/** Provider defaults, kept apart from the SDK-loading modules so `--help` stays fast. */
import type { ProviderKind } from '../../types/Provider.ts';

/**
 * Models used for a bare `openai` or `anthropic`. gpt-4.1-mini is a non-reasoning model, so
 * it takes a temperature and `n` (cheap, diverse votes in one request); claude-sonnet-5-5 is
 * the model the installed SDK's own structured-output examples use.
 */
export const DEFAULT_MODELS = {
  openai: 'gpt-4.1-mini',
  anthropic: 'claude-sonnet-5-5',
} as const satisfies Partial<Record<ProviderKind, string>>;

/** Per-attempt timeout; the SDKs retry timed-out attempts up to maxRetries times. */
export const DEFAULT_TIMEOUT_MS = 120_000;

/** SDK retries after the first attempt (429, 408, 409, 5xx, connection failures). */
export const DEFAULT_MAX_RETRIES = 3;


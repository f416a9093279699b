/** Turns SDK failures into JudgeErrors whose messages are safe to print and log. */
import { JudgeError } from '../../errors.ts';
import { RETRY_AFTER_REFUSED_HEADER } from './capRetryAfter.ts';

type ErrorClass = abstract new (...args: any[]) => Error;

/** The four error classes both SDKs export under the same names (but as distinct classes). */
export interface SdkErrorClasses {
  APIError: ErrorClass;
  APIConnectionError: ErrorClass;
  APIConnectionTimeoutError: ErrorClass;
  APIUserAbortError: ErrorClass;
}

/** Where the failure happened, for the message. */
export interface ErrorContext {
  /** `kind:model`, so a user running two judges knows which one failed. */
  who: string;
  timeoutMs: number;
  maxRetries: number;
  /** Values that must never appear in a message (the API key). */
  secrets: readonly string[];
}

const MAX_DETAIL = 300;
// Provider 401 bodies echo a masked key ("sk-proj-****abcd"); even the unmasked tail is not ours to print.
const KEY_LIKE = /\bsk-[A-Za-z0-9_*-]{6,}(?:\.[A-Za-z0-9_*-]+)*/g;

/** Removes the secrets and anything key-shaped, and bounds the length. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    // Very short values would mangle ordinary words; no real key is that short.
    if (secret.length >= 8) out = out.split(secret).join('[redacted]');
  }
  out = out.replace(KEY_LIKE, '[redacted]').replace(/\s+/g, ' ').trim();
  return out.length > MAX_DETAIL ? `${out.slice(0, MAX_DETAIL)}…` : out;
}

function containsSecret(err: unknown, secrets: readonly string[]): boolean {
  const text = err instanceof Error ? `${err.message} ${String(err.cause ?? '')}` : String(err);
  return secrets.some((s) => s.length >= 8 && text.includes(s));
}

/** The server's own error message of an SDK APIError, without the SDK's status prefix. */
export function apiDetail(err: Error & { status?: unknown; apiMessage?: unknown; error?: unknown }): string {
  if (typeof err.apiMessage === 'string') return err.apiMessage;
  const inner = (err.error as { error?: { message?: unknown }; message?: unknown } | undefined) ?? undefined;
  if (typeof inner?.error?.message === 'string') return inner.error.message;
  if (typeof inner?.message === 'string') return inner.message;
  // The SDK prefixes its message with the status, which the caller prints already.
  return err.message.replace(/^\d{3}\s+/, '');
}

// "Connection error." alone says nothing; the useful part ("other side closed", ECONNREFUSED) is two causes down.
function causeChain(err: unknown): string {
  const parts: string[] = [];
  let current: unknown = err;
  for (let depth = 0; depth < 4 && current !== undefined && current !== null; depth += 1) {
    const text = current instanceof Error ? current.message || current.name : String(current);
    const code = (current as { code?: unknown }).code;
    const withCode = typeof code === 'string' && !text.includes(code) ? `${text} [${code}]` : text;
    if (withCode && !parts.includes(withCode)) parts.push(withCode.replace(/\.$/, ''));
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(': ');
}

/**
 * Statuses after which the judge is not asked again in the run: the SDKs do not retry them, and every
 * other request to the same judge would fail the same way (paying nothing, but taking the whole run).
 */
const FATAL_FIX: Record<number, string> = {
  400: 'the request was rejected as invalid: run `review-judge doctor --judge <spec>` and report it with log.jsonl',
  401: 'the API key was refused: check OPENAI_API_KEY / ANTHROPIC_API_KEY / JUDGE_API_KEY (environment or .env)',
  403: 'the key has no access to this model: check the project or organisation of the key, or pick another model',
  404: 'unknown model (or wrong --base-url): see `review-judge models` for current ids',
};

/** The note the transport left on a 429 whose Retry-After was longer than allowed, if any. */
function retryAfterRefused(headers: unknown): string | null {
  const get = (headers as { get?: (name: string) => string | null } | undefined)?.get;
  const note = typeof get === 'function' ? get.call(headers, RETRY_AFTER_REFUSED_HEADER) : null;
  return note ? note : null;
}

/** Maps anything an SDK call threw (after its own retries) to a JudgeError. */
export function judgeErrorFromSdk(err: unknown, classes: SdkErrorClasses, ctx: ErrorContext): JudgeError {
  if (err instanceof JudgeError) return err;
  const attempts = `${ctx.maxRetries + 1} attempt${ctx.maxRetries === 0 ? '' : 's'}`;
  // An error whose text carries the key is dropped as cause: a logger printing causes would leak it.
  const cause = containsSecret(err, ctx.secrets) ? undefined : err;
  const make = (message: string, kind: 'api-error' | 'timeout') =>
    new JudgeError(redact(message, ctx.secrets), kind, undefined, cause === undefined ? undefined : { cause });

  // Timeout before connection error: the SDKs subclass one from the other.
  if (err instanceof classes.APIConnectionTimeoutError) {
    return make(`${ctx.who}: no answer within ${ctx.timeoutMs} ms (${attempts})`, 'timeout');
  }
  if (err instanceof classes.APIUserAbortError) {
    return make(`${ctx.who}: request aborted`, 'api-error');
  }
  if (err instanceof classes.APIConnectionError) {
    return make(`${ctx.who}: connection failed after ${attempts}: ${causeChain(err)}`, 'api-error');
  }
  if (err instanceof classes.APIError) {
    const e = err as Error & { status?: unknown; headers?: unknown };
    const status = typeof e.status === 'number' ? `HTTP ${e.status}` : 'API error';
    const waited = retryAfterRefused(e.headers);
    if (waited) return new JudgeError(redact(`${ctx.who}: ${status}: rate limited; ${waited}`, ctx.secrets), 'rate-limited');
    const fix = typeof e.status === 'number' ? FATAL_FIX[e.status] : undefined;
    if (fix) return new JudgeError(redact(`${ctx.who}: ${status}: ${apiDetail(e)}`, ctx.secrets), 'api-error', undefined, { ...(cause === undefined ? {} : { cause }), fatal: { status: e.status as number, fix } });
    return make(`${ctx.who}: ${status}: ${apiDetail(e)}`, 'api-error');
  }
  // Body read failures (a connection cut mid-body) surface as plain TypeErrors, past the SDK's retry loop
  // (runs read the body inside deadlineFetch, where they are retried; doctor and tests without it land here).
  return make(`${ctx.who}: unreadable response: ${causeChain(err)}`, 'api-error');
}

/** A response body that parsed but is not the shape the SDK promised (text/plain 200s, proxies). */
export function malformedResponse(who: string, raw: unknown): JudgeError {
  const preview = typeof raw === 'string' ? raw.slice(0, 120) : typeof raw;
  return new JudgeError(`${who}: malformed response (${preview})`, 'api-error', typeof raw === 'string' ? raw : undefined);
}

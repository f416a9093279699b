/**
 * A fetch wrapper that refuses long Retry-After waits. The SDKs obey any Retry-After a server sends
 * (a day, for a 429 with `Retry-After: 86400`), which would hang a nightly; past the cap the answer
 * is marked `x-should-retry: false` (both SDKs obey that header) and carries a note, so the vote
 * fails at once as rate-limited and the run goes on.
 */

/** The header the wrapper adds to say why the SDK was told not to retry. */
export const RETRY_AFTER_REFUSED_HEADER = 'x-review-judge-retry-refused';

/** The wait a response asks for, in ms (`retry-after-ms`, else `Retry-After` seconds or date), or null. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | null {
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms)) return ms;
  const raw = headers.get('retry-after');
  if (!raw) return null;
  const seconds = Number.parseFloat(raw);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isFinite(date) ? date - now : null;
}

/** Wraps `inner` so a 429/503 asking for a longer wait than `maxWaitMs` is not retried by the SDK. */
export function capRetryAfter(inner: typeof fetch, maxWaitMs: number): typeof fetch {
  return async (input, init) => {
    const res = await inner(input, init);
    if (res.status !== 429 && res.status !== 503) return res;
    const wait = retryAfterMs(res.headers);
    if (wait === null || wait <= maxWaitMs) return res;
    const headers = new Headers(res.headers);
    headers.set('x-should-retry', 'false');
    headers.set(RETRY_AFTER_REFUSED_HEADER, `Retry-After ${Math.round(wait / 1000)} s is longer than --max-retry-wait ${Math.round(maxWaitMs / 1000)} s: not waited for`);
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
  };
}

import { describe, expect, it } from 'vitest';
import { capRetryAfter, RETRY_AFTER_REFUSED_HEADER, retryAfterMs } from './capRetryAfter.ts';

describe('retryAfterMs', () => {
  const NOW = Date.parse('2026-12-01T00:00:00Z');
  it.each<[string, Record<string, string>, number | null]>([
    ['seconds', { 'retry-after': '120' }, 120_000],
    ['fractional seconds', { 'retry-after': '0.5' }, 500],
    ['milliseconds win', { 'retry-after-ms': '250', 'retry-after': '9' }, 250],
    ['an HTTP date', { 'retry-after': 'Tue, 01 Dec 2026 00:01:00 GMT' }, 60_000],
    ['none', {}, null],
    ['garbage', { 'retry-after': 'soon' }, null],
  ])('%s', (_n, headers, ms) => {
    expect(retryAfterMs(new Headers(headers), NOW)).toBe(ms);
  });
});

describe('capRetryAfter', () => {
  const answer = (status: number, headers: Record<string, string>) => async () => new Response('{"error":{"message":"slow down"}}', { status, headers });
  it.each<[string, number, Record<string, string>, boolean]>([
    ['a day-long Retry-After on a 429', 429, { 'retry-after': '86400' }, true],
    ['a long one on a 503', 503, { 'retry-after': '3600' }, true],
    ['one within the cap', 429, { 'retry-after': '30' }, false],
    ['a 429 without Retry-After (the SDK backs off by itself)', 429, {}, false],
    ['a 500 with a long Retry-After (not a rate limit)', 500, { 'retry-after': '86400' }, false],
  ])('%s: refused = %s', async (_n, status, headers, refused) => {
    const res = await capRetryAfter(answer(status, headers) as typeof fetch, 60_000)('http://x', {});
    expect(res.status).toBe(status);
    expect(res.headers.get('x-should-retry')).toBe(refused ? 'false' : null);
    expect(res.headers.get(RETRY_AFTER_REFUSED_HEADER) !== null).toBe(refused);
    expect(await res.text()).toContain('slow down');
  });
});

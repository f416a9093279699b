import { describe, expect, it } from 'vitest';
import { createQuoteIndex } from './evidence.ts';
import { MAX_FRAGMENT_GAP } from './quoteMatch.ts';

const REVIEW = `## Findings

- Retries never use exponential backoff, so a slow provider is hammered.
- The cache key omits the model name; answers from one model are served for another.
- Tokens are logged in plain text by the auth middleware.

${'Unrelated padding text about deployment pipelines and dashboards. '.repeat(15)}

## 認証

認証トークンが平文でログに出力されている。
`;
const index = createQuoteIndex(REVIEW);

describe('QuoteIndex.closest', () => {
  it.each<[string, string, string, string[]]>([
    ['a word swapped', 'Retries always use exponential backoff', 'Retries never use exponential backoff', ['review has "never" where quote has "always"']],
    ['a word missing', 'Retries use exponential backoff', 'Retries never use exponential backoff', ['extra in review: "never"']],
    ['a word inserted', 'The cache key omits the full model name', 'The cache key omits the model name', ['missing in review: "full"']],
    ['a number inserted', 'Tokens are logged in plain text by the 2 auth middleware', 'Tokens are logged in plain text by the auth middleware', ['missing in review: "2"']],
    ['the last word replaced', 'The cache key omits the model label', 'The cache key omits the model name', ['review has "name" where quote has "label"']],
    ['several differences', 'Tokens are stored in plain text by every auth middleware', 'Tokens are logged in plain text by the auth middleware', ['review has "logged" where quote has "stored"', 'review has "the" where quote has "every"']],
    ['Japanese', '認証トークンが暗号化でログに出力されている', '認証トークンが平文でログに出力されている', ['review has "平文" where quote has "暗号化"']],
  ])('%s', (_name, quote, passage, differences) => {
    const closest = index.closest(quote);
    expect(closest).not.toBeNull();
    expect(closest!.passage).toBe(passage);
    expect(REVIEW.slice(closest!.start, closest!.end)).toBe(passage);
    expect(closest!.differences).toEqual(differences);
  });

  it('names the elided fragment that is missing, and what differs in it', () => {
    const closest = index.closest('Retries never use ... cache key omits the model label');
    expect(closest!.differences[0]).toBe('fragment 2 of 2 not found in the review');
    expect(closest!.differences).toContain('review has "name" where quote has "label"');
    expect(closest!.passage).toBe('cache key omits the model name');
  });

  it('names a fragment found, but too far after the one before', () => {
    const closest = index.closest('Tokens are logged in plain text ... 認証トークンが平文で');
    expect(closest!.differences).toHaveLength(1);
    expect(closest!.differences[0]).toMatch(new RegExp(`^fragment 2 of 2 \\("認証トークンが平文で"\\) not found within ${MAX_FRAGMENT_GAP} characters after fragment 1: the nearest occurrence is \\d+ characters after it$`));
    expect(closest!.passage).toBe('認証トークンが平文で');
  });

  it('says when a fragment only occurs before the one it should follow', () => {
    const closest = index.closest('The cache key omits the model name ... Retries never use');
    expect(closest!.differences[0]).toMatch(/^fragment 2 of 2 .* it only occurs before fragment 1$/);
  });

  it('says when a quote is too short to check', () => {
    expect(index.closest('cache')!.differences).toEqual(['quote too short to check: width 5, at least 8 needed (a CJK character counts 2)']);
  });

  it('gives the located passage and no differences for a quote that verifies', () => {
    expect(index.closest('“Tokens are logged in plain text.”')).toEqual({ ...index.locate('Tokens are logged in plain text')!, passage: 'Tokens are logged in plain text', differences: [] });
  });

  it('is null when the review shares no word with the quote, or the quote is empty', () => {
    expect(index.closest('zyxwvut qwerty asdfgh')).toBeNull();
    expect(index.closest('')).toBeNull();
  });

  it('stays fast on a 100 KB review and hundreds of quotes', () => {
    const big = createQuoteIndex(REVIEW.repeat(100_000 / REVIEW.length));
    const quotes = Array.from({ length: 300 }, (_, i) => `Retries ${i} never use exponential backoff padding ${i}`);
    // No wall-clock assertion (other jobs share the machine): finishing inside the test timeout is the check.
    for (const q of quotes) expect(big.closest(q)!.differences.length).toBeGreaterThan(0);
  });
});

import { describe, expect, it } from 'vitest';
import { skeleton, skeletonIndex } from './quoteSkeleton.ts';

describe('skeleton', () => {
  it.each([
    ['**Cache key**: the `cache_key` -> model.', 'cache key the cache key model'],
    ['### 1. Heading\n- item\n2) two', 'heading item two'],
    ['see [the docs](https://x.test/a)', 'see the docs'],
    ['**API**s', 'apis'],
    ['認証トークン、ログ。 API 呼び出し', '認証トークンログapi呼び出し'],
    ['ＡＰＩ（１）', 'api 1'],
    ['p99 < 200ms', 'p99 200ms'],
  ])('%j → %j', (text, expected) => {
    expect(skeleton(text)).toBe(expected);
  });

  it('keeps list numbers when asked', () => {
    expect(skeleton('1. one\n2. two', true)).toBe('1 one 2 two');
  });
});

describe('skeletonIndex', () => {
  const index = skeletonIndex('## Findings\n\n1. The cache key omits the model.\n2. Tokens are logged.\n\nLater: retries never back off.');
  it.each<[string, boolean, boolean]>([
    ['“The cache key omits the model”', true, true],
    ['the model. Tokens are logged', true, true],
    ['the model. 2. Tokens are logged', true, true],
    ['the model. 3. Tokens are logged', false, false],
    ['The cache key ... never back off', false, true],
    ['never back off ... The cache key', false, false],
    ['The cache key includes the model', false, false],
    ['', false, false],
  ])('%j: contains %s, containsElided %s', (quote, contains, elided) => {
    expect(index.contains(quote)).toBe(contains);
    expect(index.containsElided(quote)).toBe(elided);
  });
});

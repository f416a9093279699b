import { describe, expect, it } from 'vitest';
import { tokenize } from './quoteTokens.ts';

describe('tokenize', () => {
  it.each<[string, string[]]>([
    ['cache key omits the model', ['cache', 'key', 'omits', 'the', 'model']],
    ['p99 < 200ms 99.9%', ['p99', '<', '200ms', '99.9%']],
    ['認証api呼び出し', ['認', '証', 'api', '呼', 'び', '出', 'し']],
    ['a → b', ['a', '→', 'b']],
    ['', []],
  ])('%j', (folded, tokens) => {
    expect(tokenize(folded).map((t) => t.text)).toEqual(tokens);
  });

  it('gives each token its offsets in the folded text', () => {
    const text = 'ab 認c';
    for (const t of tokenize(text)) expect(text.slice(t.from, t.to)).toBe(t.text);
  });
});

import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../score/prng.ts';
import { foldForQuote, foldQuoteText, isCjk, quoteWidth } from './quoteFold.ts';

describe('foldQuoteText: what folds and what stays', () => {
  it.each([
    // Quote marks of every kind, on either side.
    ['"quoted"', 'quoted'],
    ['“curly” and ‘single’', 'curly and single'],
    ["it's 'single'", 'it s single'],
    ['「括弧」と『二重』', '括弧と二重'],
    // Sentence punctuation.
    ['Trailing period.', 'trailing period'],
    ['a, b; c: d? e!', 'a b c d e'],
    ['認証、ログ。', '認証ログ'],
    // Dashes, underscores, slashes, brackets, pipes.
    ['non-blocking — fast – ok', 'non blocking fast ok'],
    ['snake_case and kebab-case', 'snake case and kebab case'],
    ['read/write (cached) [v2] {x}', 'read write cached v2 x'],
    ['| a | b |', 'a b'],
    ['〜10秒～20秒', '10秒20秒'],
    // Arrows: one canonical arrow per direction, spaces around it.
    ['A -> B --> C => D ==> E', 'a → b → c → d → e'],
    ['A→B ⇒ C', 'a → b → c'],
    ['A <- B ← C', 'a ← b ← c'],
    ['A <-> B ↔ C', 'a ↔ b ↔ c'],
    ['ログインAPI->認証', 'ログインapi →認証'],
    // Kept: comparisons, signs, decimals, percentages, symbols that carry meaning.
    ['p99 <= 200ms, p50 < 50ms, x >= 1, y > 2', 'p99 <= 200ms p50 < 50ms x >= 1 y > 2'],
    ['😀 emoji > text', '😀 emoji > text'],
    ['a != b and c !== d', 'a ≠ b and c ≠ d'],
    ['-0.5 and −3 and +0.5', '-0.5 and -3 and +0.5'],
    ['10-20 and P-01', '10 20 and p 01'],
    ['1,000 and 3.5 and 99.9%', '1,000 and 3.5 and 99.9%'],
    ['end. 3. start', 'end 3 start'],
    ['✅ done ❌ missing ○ △ ×', '✅ done ❌ missing ○ △ ×'],
    ['$100 ¥200', '$100 ¥200'],
    // Markup.
    ['**API**s and `code` and *em*', 'apis and code and em'],
    ['### 1. Heading\n> quote\n- item\n2) two', 'heading quote item two'],
    ['a + b > c', 'a b > c'],
    ['──┬──\n│ box │', 'box'],
    ['see [the docs](https://x.test/a) now', 'see the docs now'],
    // Normalisation.
    ['ＡＰＩ（認証）', 'api認証'],
    ['ｶﾞｷﾞ', 'ガギ'],
    ['İstanbul', 'i̇stanbul'],
    ['...', ''],
  ])('%j → %j', (input, expected) => {
    expect(foldQuoteText(input)).toBe(expected);
  });
});

describe('foldForQuote', () => {
  const cases = ['# T\n\n- **Cache key** -> `model`\n\t| a | b |', 'キャッシュキー「未設定」、ＡＰＩ→ログ。', 'İİ ΣΑΣ x != y', 'ｶﾞ e\u0301 😀 a'];
  it.each(cases)('has the same text as foldQuoteText: %j', (text) => {
    expect(foldForQuote(text).text).toBe(foldQuoteText(text));
    expect(foldForQuote(text, true).text).toBe(foldQuoteText(text, true));
  });

  it('has the same text as foldQuoteText on random markdown-like strings', () => {
    const rand = mulberry32(11);
    const alphabet = ['a', 'B', ' ', '\n', '-', '>', '#', '1.', '|', '*', '_', '`', '"', '“', '→', '->', '!=', '.', ',', '5', '認', 'ｶ', 'ﾞ', 'Ａ', '%', '[x](y)', '・', '。', 'İ', '\u0301', '😀'];
    for (let n = 0; n < 300; n++) {
      const text = Array.from({ length: 1 + Math.floor(rand() * 30) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
      expect(foldForQuote(text).text, JSON.stringify(text)).toBe(foldQuoteText(text));
    }
  });

  it.each<[string, string, string]>([
    // [original, folded character, the original text it came from]
    ['Hello World', 'w', 'W'],
    ['x -> y', '→', '->'],
    ['ｶﾞｷﾞ', 'ガ', 'ｶﾞ'],
    ['**bold** text', 't', 't'],
    ['a\r\nb', ' ', '\r\n'],
  ])('maps each folded character back to its source: %j', (original, ch, source) => {
    const folded = foldForQuote(original);
    const i = folded.text.indexOf(ch);
    expect(i).toBeGreaterThanOrEqual(0);
    expect(original.slice(folded.starts[i], folded.ends[i])).toBe(source);
  });

  it('keeps list numbers at line start only when asked', () => {
    expect(foldQuoteText('1. one\n2. two')).toBe('one two');
    expect(foldQuoteText('1. one\n2. two', true)).toBe('1 one 2 two');
  });
});

describe('quoteWidth and isCjk', () => {
  it.each([
    ['abcdefgh', 8],
    ['認証トー', 8],
    ['api呼び出し', 11],
    ['', 0],
  ])('%j is %i wide', (text, width) => {
    expect(quoteWidth(text)).toBe(width);
  });
  it.each([['認', true], ['カ', true], ['ー', true], ['a', false], ['1', false], ['→', false]])('isCjk(%j) = %s', (ch, cjk) => {
    expect(isCjk(ch)).toBe(cjk);
  });
});

import { describe, expect, it } from 'vitest';
import { clip, num, pct, retriesSentence, signed, verdictKey, verdictMark, voteSplit } from './htmlPartsFormat.ts';

describe('report text formatting', () => {
  it.each([
    [8, '8', '+8'],
    [8.5, '8.5', '+8.5'],
    [0.375, '0.38', '+0.38'],
    [-0.25, '-0.25', '-0.25'],
    [-0.001, '0', '0'],
    [0, '0', '0'],
    [1 / 3, '0.33', '+0.33'],
  ])('num(%s) = %s, signed = %s', (n, plain, withSign) => {
    expect(num(n)).toBe(plain);
    expect(signed(n)).toBe(withSign);
  });

  it('formats shares, verdicts, splits and clipped text', () => {
    expect(pct(0.667)).toBe('67%');
    expect([verdictMark('○'), verdictMark('△'), verdictMark('×'), verdictMark('unscored'), verdictMark('?')]).toEqual(['○', '△', '×', '?', '?']);
    expect([verdictKey('○'), verdictKey('△'), verdictKey('×'), verdictKey('unscored')]).toEqual(['o', 't', 'x', 'unscored']);
    expect(voteSplit([{ verdict: '○' }, { verdict: '△' }, { verdict: '△' }])).toBe('○1 △2 ×0');
    expect(voteSplit([{ verdict: '×' }, { verdict: 'unscored' }])).toBe('○0 △0 ×1 ?1');
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('abcd', 4)).toBe('abcd');
    expect(clip('○△×○△', 3)).toBe('○△…');
  });
});

describe('retriesSentence', () => {
  it.each<[string, { invalidOutput: number; truncated: number; jsonObjectFallbacks: number } | undefined, string | null]>([
    ['older report: nothing to say', undefined, null],
    ['nothing asked again', { invalidOutput: 0, truncated: 0, jsonObjectFallbacks: 0 }, null],
    ['one truncation', { invalidOutput: 0, truncated: 1, jsonObjectFallbacks: 0 }, 'Retries and fallbacks in this run: 1 vote cut at the output budget and asked again with a larger one.'],
    ['all three', { invalidOutput: 2, truncated: 1, jsonObjectFallbacks: 3 }, 'Retries and fallbacks in this run: 1 vote cut at the output budget and asked again with a larger one; 2 malformed answers asked again; 3 requests sent as json_object (the server refused json_schema).'],
  ])('%s', (_name, retries, expected) => {
    expect(retriesSentence(retries)).toBe(expected);
  });
});

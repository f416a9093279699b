import { describe, expect, it } from 'vitest';
import { wordDiff } from './wordDiff.ts';

const words = (s: string) => (s === '' ? [] : s.split(' '));
/** Hunks as readable pairs: [quote words, passage words]. */
function readable(quote: string, passage: string): [string, string][] {
  const q = words(quote);
  const p = words(passage);
  return wordDiff(q, p).hunks.map((h) => [q.slice(h.quote.from, h.quote.to).join(' '), p.slice(h.review.from, h.review.to).join(' ')]);
}

describe('wordDiff', () => {
  it.each<[string, string, string, [string, string][]]>([
    ['equal', 'a b c', 'a b c', []],
    ['substitution', 'a x c', 'a b c', [['x', 'b']]],
    ['missing in the passage', 'a b x c', 'a b c', [['x', '']]],
    ['extra in the passage', 'a c', 'a b c', [['', 'b']]],
    ['passage around the quote is free', 'b c', 'x y b c z', []],
    ['two hunks', 'a x c y e', 'a b c d e', [['x', 'b'], ['y', 'd']]],
    ['leading quote words missing', 'x y a b', 'a b', [['x y', '']]],
    ['last word replaced by the next one', 'a b x', 'a b c d', [['x', 'c']]],
    ['compact: a word repeated before the passage is not dragged in', 'k a b c', 'k z z z k a b c', []],
    ['nothing in common', 'x y', 'a b', [['x y', '']]],
    ['empty quote', '', 'a b', []],
  ])('%s', (_name, quote, passage, hunks) => {
    expect(readable(quote, passage)).toEqual(hunks);
  });

  it.each<[string, string, string, number | null, number | null]>([
    ['the aligned passage tokens', 'b c', 'a b c d', 1, 2],
    ['a leading substitution is part of the passage', 'x b', 'a b c', 0, 1],
    ['no equal token', 'x', 'a b', null, null],
  ])('span: %s', (_name, quote, passage, first, last) => {
    const d = wordDiff(words(quote), words(passage));
    expect([d.first, d.last]).toEqual([first, last]);
  });
});

import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../score/prng.ts';
import { OffsetMap } from './offsetMap.ts';
import { foldForQuote } from './quoteFold.ts';

/** Review-like text with the things folding rewrites: emphasis, whitespace runs, symbols, CJK, full-width letters. */
function sample(seed: number, length: number): string {
  const rand = mulberry32(seed);
  const bits = ['The **pool** leaks', ' ', '  ', '\n\n', '→', 'ＡＢＣ', '「接続」', 'retry-budget', '`code`', '| a | b |', '1. ', '…', 'ﬁle', 'x'];
  let out = '';
  while (out.length < length) out += bits[Math.floor(rand() * bits.length)]!;
  return out;
}

describe('OffsetMap', () => {
  it.each([1, 2, 3, 4, 5])('answers exactly as the full offset arrays of a folded text (seed %i)', (seed) => {
    const folded = foldForQuote(sample(seed, 5000));
    const map = OffsetMap.of(folded);
    expect(map.length).toBe(folded.text.length);
    for (let i = 0; i < folded.text.length; i++) {
      expect(map.startOf(i)).toBe(folded.starts[i]);
      expect(map.endOf(i)).toBe(folded.ends[i]);
    }
    expect(map.span(3, 40)).toEqual({ start: folded.starts[3], end: folded.ends[39] });
  });

  it('keeps plain prose in few segments: one per whitespace run folding changed', () => {
    const text = 'The design leaks connections under load and has no retry budget.\n'.repeat(200);
    const map = OffsetMap.of(foldForQuote(text));
    // Each newline folds to a space mapped from it (one group) between two identity runs.
    expect(map.segments).toBeLessThanOrEqual(2 * 200 + 1);
  });

  it('refuses an offset outside the folded text', () => {
    const map = OffsetMap.of(foldForQuote('abc def'));
    expect(() => map.startOf(-1)).toThrow(RangeError);
    expect(() => map.endOf(map.length)).toThrow(RangeError);
  });
});

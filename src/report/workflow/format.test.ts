import { describe, expect, it } from 'vitest';
import { cell, minus, percent, plus, score, signed } from './format.ts';

describe('workflow number and text formatting', () => {
  it.each<[number, string]>([
    [7, '7.0'],
    [7.5, '7.5'],
    [7.25, '7.25'],
    [0.25, '0.25'],
    [0, '0.0'],
    [-0, '0.0'],
    [-0.5, '-0.5'],
    [0.1 + 0.2, '0.3'],
    [Math.SQRT1_2, '0.71'],
    [12, '12.0'],
  ])('score(%s) is %s, as the workflow writes scores', (x, s) => {
    expect(score(x)).toBe(s);
  });

  it('writes differences, bonuses and penalties with their signs', () => {
    expect([signed(1.5), signed(-0.25), signed(0), signed(-0)]).toEqual(['+1.5', '-0.25', '0.0', '0.0']);
    expect([plus(2.5), plus(0), minus(0.5), minus(0)]).toEqual(['+2.5', '+0.0', '-0.5', '-0.0']);
    expect([percent(2 / 3), percent(0.875), percent(1)]).toEqual(['66.7%', '87.5%', '100.0%']);
  });

  it('keeps untrusted text inside one table cell', () => {
    expect(cell('a | b\n\n<c> & d')).toBe('a \\| b &lt;c&gt; &amp; d');
    expect(cell('x'.repeat(10), 5)).toBe('xxxx…');
  });
});

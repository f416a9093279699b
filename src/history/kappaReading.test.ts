import { describe, expect, it } from 'vitest';
import { landisKochBand, readKappa } from './kappaReading.ts';

describe('landisKochBand (Landis & Koch 1977, p. 165)', () => {
  const cases: Array<[number, string]> = [
    [-0.1, 'poor'], [0, 'poor'], [0.01, 'slight'], [0.2, 'slight'], [0.21, 'fair'], [0.4, 'fair'],
    [0.41, 'moderate'], [0.6, 'moderate'], [0.61, 'substantial'], [0.8, 'substantial'], [0.81, 'almost perfect'], [1, 'almost perfect'],
  ];
  it.each(cases)('κ %d → %s', (k, band) => expect(landisKochBand(k)).toBe(band));
});

describe('readKappa', () => {
  const m = 'percentile bootstrap';
  it('names the band, the bands the interval spans, n, and what to trust', () => {
    expect(readKappa(0.72, { low: 0.57, high: 0.86, method: m }, 57)).toBe(
      "κ 0.720 is substantial (Landis & Koch); the interval spans moderate to almost perfect (n=57): the judge's verdicts are useful for totals over many units, not for single ○/△/× calls; tune the judge prompt on the dev split.",
    );
  });
  it('a narrow interval above 0.8: the judge can stand in', () => {
    expect(readKappa(0.95, { low: 0.9, high: 0.99, method: m }, 229)).toContain("the whole interval is almost perfect (n=229): the judge's ○/△/× can stand in");
  });
  it('few units: says the interval is wide', () => {
    expect(readKappa(1, { low: 1, high: 1, method: m }, 9)).toContain('only 9 units');
  });
  it('a low end at or under 0.4: do not trust single verdicts', () => {
    expect(readKappa(0.5, { low: 0.3, high: 0.7, method: m }, 40)).toContain("do not take the judge's ○/△/× in place of the reference's yet");
  });
});

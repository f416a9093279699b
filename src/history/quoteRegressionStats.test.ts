import { describe, expect, it } from 'vitest';
import type { QuoteRegressionSet } from './quoteRegressionSet.ts';
import { measureQuoteSet } from './quoteRegressionStats.ts';

const REVIEW = '- Retries never back off.\n- Tokens are logged in plain text\n';
const set: QuoteRegressionSet = {
  scoringFiles: 1,
  reviews: new Map([['r.md', REVIEW]]),
  faithful: [
    { kind: 'historical', review: 'r.md', quote: 'Retries never back off', source: 's:1' },
    { kind: 'historical', review: 'r.md', quote: '“Tokens are logged in plain text.”', source: 's:2' },
    { kind: 'trailing-period', review: 'r.md', quote: 'Tokens are logged in plain text.', source: 'r.md:2' },
  ],
  alterations: [
    { kind: 'negation-removed', review: 'r.md', quote: 'Retries back off', source: 'r.md:1' },
    { kind: 'fabricated-short-tail', review: 'r.md', quote: 'Retries never back ... is ok', source: 'r.md:1' },
  ],
  notInReview: [{ kind: 'not-in-review', review: 'r.md', quote: 'a circuit breaker per dependency', source: 's:3' }],
  tooShort: 4,
};

describe('measureQuoteSet', () => {
  const report = measureQuoteSet(set);

  it('counts the current check: nothing faithful rejected, nothing altered accepted', () => {
    expect(report.current.faithful).toMatchObject({ total: 3, wrong: 0 });
    expect(report.current.alterations).toMatchObject({ total: 2, wrong: 0 });
    expect(report.current.notInReview).toMatchObject({ total: 1, wrong: 0 });
    expect(report.rejected).toEqual([]);
    expect(report.accepted).toEqual([]);
  });

  it('counts the old check beside it, by kind, and what the new one recovers', () => {
    expect(report.legacy.faithful.byKind).toEqual({ historical: { total: 2, wrong: 1 }, 'trailing-period': { total: 1, wrong: 1 } });
    expect(report.legacy.alterations.byKind['fabricated-short-tail']).toEqual({ total: 1, wrong: 1 });
    expect(report.recovered).toEqual({ legacyRejected: 1, recovered: 1 });
    expect(report).toMatchObject({ scoringFiles: 1, reviews: 1, tooShort: 4, minQuoteWidth: 8, maxFragmentGap: 600 });
  });

  it('lists what a checker gets wrong', () => {
    const accepting = measureQuoteSet(set, () => ({ has: () => true }));
    expect(accepting.accepted.map((p) => p.kind)).toEqual(['negation-removed', 'fabricated-short-tail', 'not-in-review']);
    const rejecting = measureQuoteSet(set, () => ({ has: () => false }));
    expect(rejecting.rejected).toHaveLength(3);
    expect(rejecting.recovered.recovered).toBe(0);
  });
});

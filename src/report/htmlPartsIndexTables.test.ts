import { describe, expect, it } from 'vitest';
import { night } from '../../test/fixtures/overview/sampleOverview.ts';
import { nightSpend, reportHref, totalSpend } from './htmlPartsIndexTables.ts';

describe('reportHref', () => {
  it.each([
    ['20261125T020000Z-ab12cd', '20261125T020000Z-ab12cd/report.html'],
    ['reliability-design-r001-20261125', 'reliability-design-r001-20261125/report.html'],
    ['a b', 'a%20b/report.html'],
    ['../up', '..%2Fup/report.html'],
    ['javascript:alert(1)', 'javascript%3Aalert(1)/report.html'],
    ['#frag?q=1&r=%', '%23frag%3Fq%3D1%26r%3D%25/report.html'],
    ['"quote\' <tag>', "%22quote'%20%3Ctag%3E/report.html"],
    ['日本語', '%E6%97%A5%E6%9C%AC%E8%AA%9E/report.html'],
    ['line\nbreak', 'line%0Abreak/report.html'],
    ['lone \uD800', 'lone%20%EF%BF%BD/report.html'],
  ])('%j → %s', (folder, href) => {
    expect(reportHref(folder)).toBe(href);
  });
});

describe('spend', () => {
  const cost = (usd: number, requests: number, unpricedRequests: number) => night({ folder: 'f', createdAt: 'c', cost: { usd, requests, unpricedRequests } });
  it.each([
    ['priced', [cost(0.0123, 4, 0)], '$0.0123', '$0.0123'],
    ['all cache hits: nothing was paid', [cost(0, 0, 0)], '$0.0000', '$0.0000'],
    ['every request unpriced: unknown, never $0', [cost(0, 4, 4)], 'unpriced', 'unpriced'],
    ['some unpriced', [cost(0.5, 4, 1)], '$0.5000 + 1 unpriced requests', '$0.5000 + 1 unpriced requests'],
    ['not recorded', [night({ folder: 'f', createdAt: 'c', cost: null })], 'not recorded', 'not recorded'],
    ['summed, and the nights without a record counted', [cost(1, 2, 0), cost(0.25, 2, 2), night({ folder: 'f', createdAt: 'c', cost: null })], '$1.00', '$1.25 + 2 unpriced requests (1 night not recorded)'],
  ])('%s', (_, nights, first, total) => {
    expect(nightSpend(nights[0]!)).toBe(first);
    expect(totalSpend(nights)).toBe(total);
  });
});

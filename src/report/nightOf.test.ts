import { describe, expect, it } from 'vitest';
import { sampleReport } from '../../test/fixtures/report/sampleReport.ts';
import type { Report } from '../types/Report.ts';
import { nightOf, type NightHead } from './nightOf.ts';

const head: NightHead = { folder: 'f', runId: 'r', createdAt: '2026-11-25T02:00:00Z', series: 's', round: null, reportHtml: true };
const report = (over: Partial<Report> = {}): Report => ({ ...sampleReport(), unscored: [], ...over });
const evidence = (votes: number, demoted: number) => ({ votes, demoted, demotedShare: demoted / votes });

describe('nightOf', () => {
  it.each([
    ['complete, quotes found', report(), 'ok'],
    ['unscored units', report({ unscored: [{ prompt: 'baseline', run: 1, unit: 'P01', reason: 'timeout' }] }), 'unscored'],
    ['a quarter demoted is still ok', report({ evidence: evidence(8, 2) }), 'ok'],
    ['more than a quarter demoted: suspect, before unscored', report({ evidence: evidence(8, 3), unscored: [{ prompt: 'baseline', run: 1, unit: 'P01', reason: 'timeout' }] }), 'suspect-evidence'],
  ])('%s → %s', (_, r, status) => {
    expect(nightOf(head, r).status).toBe(status);
  });

  it('keeps the numbers the dashboard shows: means, unscored per prompt, the round from the report when the index has none', () => {
    const n = nightOf(head, sampleReport());
    expect(n.round).toBe(3);
    expect(n.prompts.map((p) => [p.prompt, p.mean, p.runs, p.unscored])).toEqual([
      ['baseline', 1.75, 2, sampleReport().unscored.filter((u) => u.prompt === 'baseline').length],
      ['variant-checklist', 2.5, 2, sampleReport().unscored.filter((u) => u.prompt === 'variant-checklist').length],
    ]);
    expect(nightOf({ ...head, round: 7 }, sampleReport()).round).toBe(7);
  });

  it.each([
    ['no cost recorded (imported, older reports)', undefined, null],
    ['unpriced requests kept apart from the dollars', { usd: 0.5, priceTableDate: 'd', requests: 3, inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, byRun: [], unpricedRequests: 2 }, { usd: 0.5, requests: 3, unpricedRequests: 2 }],
  ])('cost: %s', (_, cost, expected) => {
    const { cost: _drop, ...rest } = sampleReport();
    expect(nightOf(head, { ...rest, ...(cost ? { cost } : {}) }).cost).toEqual(expected);
  });

  it('an older report without recommendation.complete is complete when nothing is unscored', () => {
    const r = report();
    const { complete: _c, ...rec } = r.recommendation;
    expect(nightOf(head, { ...r, recommendation: rec }).recommendation.complete).toBe(true);
    expect(nightOf(head, { ...r, recommendation: rec, unscored: [{ prompt: 'baseline', run: 1, unit: 'P01', reason: 'x' }] }).recommendation.complete).toBe(false);
  });
});

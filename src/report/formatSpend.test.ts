import { describe, expect, it } from 'vitest';
import { NightlySummary } from '../types/Nightly.ts';
import { addLocalUsage } from '../types/LocalUsage.ts';
import { formatDuration, formatLocal, formatSpend, formatSpendWithLocal } from './formatSpend.ts';
import { renderNightlyMarkdown } from './renderNightlyMarkdown.ts';

const local = { requests: 92, wallMs: 345_200, promptTokens: 1_098_955, evaluatedTokens: 94_017, outputTokens: 19_125 };
const LOCAL_TEXT = 'local (no per-call price): 92 requests in 5 min 45 s, 1,098,955 prompt tokens (94,017 evaluated, the rest read from the KV cache), 19,125 output tokens';

describe('formatSpend / formatSpendWithLocal', () => {
  it.each([
    ['API only', 0.0123, 10, 0, undefined, '$0.0123'],
    ['unpriced', 0, 4, 4, undefined, 'unpriced'],
    ['all local: no $0.0000', 0, 92, 0, local, LOCAL_TEXT],
    ['API and local: the price covers the API requests only', 0.5, 100, 0, local, `$0.5000 + ${LOCAL_TEXT}`],
    ['API unpriced and local', 0, 95, 3, local, `unpriced + ${LOCAL_TEXT}`],
    ['a local judge that sent nothing is not shown', 0.01, 3, 0, { ...local, requests: 0 }, '$0.0100'],
  ])('%s', (_name, usd, requests, unpriced, l, want) => {
    expect(formatSpendWithLocal(usd, requests, unpriced, l)).toBe(want);
  });

  it('keeps formatSpend as it was', () => {
    expect(formatSpend(0, 2, 1)).toBe('$0.0000 + 1 unpriced requests');
    expect(formatLocal({ ...local, requests: 1 })).toMatch(/^local \(no per-call price\): 1 request in /);
  });

  it.each([
    [850, '850 ms'],
    [12_340, '12.3 s'],
    [119_600, '2 min 00 s'],
    [345_200, '5 min 45 s'],
    [7_380_000, '2 h 03 min'],
  ])('formatDuration(%d) = %s', (ms, want) => expect(formatDuration(ms)).toBe(want));

  it('adds local usage over runs; none is undefined', () => {
    expect(addLocalUsage([undefined, undefined])).toBeUndefined();
    expect(addLocalUsage([local, undefined, local])).toEqual({ requests: 184, wallMs: 690_400, promptTokens: 2_197_910, evaluatedTokens: 188_034, outputTokens: 38_250 });
  });

  it('the nightly summary shows a local round and the totals without $0.0000', () => {
    const round = { series: 's', round: 6, title: 's round 6', status: 'ok', exitCode: 0, unchanged: false, runId: 'r', runDir: 'runs/r', prompts: [], recommendation: null, complete: true, evidence: { votes: 10, demoted: 0, demotedShare: 0 }, unscored: 0, requests: 92, retries: null, costUsd: 0, unpricedRequests: 0, local, reasons: [] };
    const summary = NightlySummary.parse({ schemaVersion: 1, createdAt: '2026-12-01T00:00:00Z', exitCode: 0, exitReason: 'ok', rounds: [round], totals: { rounds: 1, byStatus: { ok: 1 }, unchanged: 0, requests: 92, costUsd: 0, unpricedRequests: 0, local, evidence: { votes: 10, demoted: 0, demotedShare: 0 } } });
    const md = renderNightlyMarkdown(summary);
    expect(md).not.toContain('$0.0000');
    expect(md.split(LOCAL_TEXT)).toHaveLength(3);
  });
});

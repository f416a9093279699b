/** aggregateUnit: a table of collected vote sets → the unit verdict written to verdicts.json. */
import { describe, expect, it } from 'vitest';
import type { JudgeFailureKind } from '../errors.ts';
import type { ReviewRef } from '../types/Verdicts.ts';
import { aggregateUnit } from './aggregateUnit.ts';
import type { CollectedVote } from '../types/Vote.ts';
import type { DetectionOutput } from './detection.ts';
import { createQuoteIndex, type EvidencePolicy } from './evidence.ts';

const REVIEW = [
  '# Review',
  '## C1: Payment gateway',
  'The payment gateway client has no timeout and no retry policy.',
  '## C2: Orders',
  'POST /orders creates a duplicate order when a client retries.',
].join('\n');
const index = createQuoteIndex(REVIEW);
const ref: ReviewRef = { prompt: 'baseline', run: 1, path: 'results/v001-baseline-run1.md', sha256: 'ab'.repeat(32) };

const Q1 = 'The payment gateway client has no timeout';
const Q2 = 'POST /orders creates a duplicate order';
const FAKE = 'the gateway is wrapped in a circuit breaker already';

type V = CollectedVote<DetectionOutput>;
let n = 0;
const base = () => ({ judge: 'openai:gpt-x', voteIndex: n++, cacheKey: 'k'.repeat(64), fromCache: false, usage: null, latencyMs: null });

/** A valid vote: `○`/`△`/`×` with the given quotes (location = the quote's first word). */
function ok(symbol: '○' | '△' | '×', ...quotes: string[]): V {
  const verdict = ({ '○': 'detected', '△': 'partial', '×': 'undetected' } as const)[symbol];
  return { ...base(), status: 'ok', output: { reasoning: `says ${symbol}`, evidence: quotes.map((q) => ({ location: q.split(' ')[0]!, quote: q })), verdict } };
}
function failed(kind: JudgeFailureKind, reason: string): V {
  return { ...base(), status: 'failed', kind, reason };
}

/** Renumbers vote indexes from 0 so each case reads naturally. */
function votes(...vs: V[]): V[] {
  return vs.map((v, i) => ({ ...v, voteIndex: i }));
}

interface Expected {
  verdict: string;
  agreement: number;
  unverified: number;
  evidence: string[];
  reason?: string;
}

describe('aggregateUnit: verdict, agreement, unverified, evidence', () => {
  it.each<[string, V[], number, EvidencePolicy, Expected]>([
    ['three agreeing ○', votes(ok('○', Q1), ok('○', Q1), ok('○', Q1)), 3, 'require', { verdict: '○', agreement: 1, unverified: 0, evidence: [Q1] }],
    ['early stop: two ○ of k=3', votes(ok('○', Q1), ok('○', Q2)), 3, 'require', { verdict: '○', agreement: 1, unverified: 0, evidence: [Q1, Q2] }],
    ['two ○ and a ×', votes(ok('○', Q1), ok('×'), ok('○', Q1)), 3, 'require', { verdict: '○', agreement: 0.6667, unverified: 0, evidence: [Q1] }],
    ['a × citing a quote: its quote is not evidence for ○', votes(ok('○', Q1), ok('×', Q2), ok('○', Q1)), 3, 'require', { verdict: '○', agreement: 0.6667, unverified: 0, evidence: [Q1] }],
    ['three-way split → △ (median), only the △ quote', votes(ok('○', Q1), ok('△', Q2), ok('×')), 3, 'require', { verdict: '△', agreement: 0.3333, unverified: 0, evidence: [Q2] }],
    ['k=2 tie ○/× → × (lower median)', votes(ok('○', Q1), ok('×')), 2, 'require', { verdict: '×', agreement: 0.5, unverified: 0, evidence: [] }],
    ['k=2 tie ○/△ → △', votes(ok('○', Q1), ok('△', Q2)), 2, 'require', { verdict: '△', agreement: 0.5, unverified: 0, evidence: [Q2] }],
    ['○ with an invented quote counts as × under require', votes(ok('○', FAKE), ok('×'), ok('×')), 3, 'require', { verdict: '×', agreement: 1, unverified: 1, evidence: [] }],
    ['two invented ○ outvote a real ○ under require', votes(ok('○', FAKE), ok('○', Q1), ok('○', FAKE)), 3, 'require', { verdict: '×', agreement: 0.6667, unverified: 2, evidence: [] }],
    ['the same votes under ignore stay ○ (still flagged)', votes(ok('○', FAKE), ok('○', Q1), ok('○', FAKE)), 3, 'ignore', { verdict: '○', agreement: 1, unverified: 2, evidence: [FAKE, Q1] }],
    ['one real quote among invented ones verifies the vote', votes(ok('○', FAKE, Q1), ok('○', Q1)), 3, 'require', { verdict: '○', agreement: 1, unverified: 0, evidence: [FAKE, Q1] }],
    ['△ without any quote is unverified', votes(ok('△'), ok('△'), ok('×')), 3, 'require', { verdict: '×', agreement: 1, unverified: 2, evidence: [] }],
    ['one failure, two valid of k=3 → scored', votes(failed('timeout', 'no answer'), ok('○', Q1), ok('○', Q1)), 3, 'require', { verdict: '○', agreement: 1, unverified: 0, evidence: [Q1] }],
    ['a failure never counts as ×', votes(ok('○', Q1), failed('refusal', 'model refused'), ok('○', Q1)), 3, 'require', { verdict: '○', agreement: 1, unverified: 0, evidence: [Q1] }],
    ['two failures of k=3 → unscored', votes(failed('timeout', 'no answer'), failed('api-error', 'HTTP 500'), ok('○', Q1)), 3, 'require', { verdict: 'unscored', agreement: 0, unverified: 0, evidence: [Q1], reason: 'only 1 of 3 votes valid (timeout: no answer)' }],
    ['early-stopped failures: 2 of k=3 failed, 1 never asked', votes(failed('budget', 'out of budget'), failed('budget', 'out of budget')), 3, 'require', { verdict: 'unscored', agreement: 0, unverified: 0, evidence: [], reason: 'only 0 of 3 votes valid (budget: out of budget)' }],
    ['k=4 needs 3 valid: 2 valid → unscored', votes(ok('○', Q1), ok('○', Q2), failed('truncated', 'cut'), failed('truncated', 'cut')), 4, 'require', { verdict: 'unscored', agreement: 0, unverified: 0, evidence: [Q1, Q2], reason: 'only 2 of 4 votes valid (truncated: cut)' }],
    ['k=2 needs both valid', votes(ok('○', Q1), failed('invalid-output', 'not JSON: x')), 2, 'require', { verdict: 'unscored', agreement: 0, unverified: 0, evidence: [Q1], reason: 'only 1 of 2 votes valid (invalid-output: not JSON: x)' }],
    ['k=1, one valid vote', votes(ok('△', Q2)), 1, 'require', { verdict: '△', agreement: 1, unverified: 0, evidence: [Q2] }],
    ['no votes at all (all slots skipped) → unscored', [], 3, 'require', { verdict: 'unscored', agreement: 0, unverified: 0, evidence: [], reason: 'only 0 of 3 votes valid' }],
  ])('%s', (_name, collected, k, policy, expected) => {
    const u = aggregateUnit(ref, 'P01', collected, k, index, policy);
    expect({ verdict: u.verdict, agreement: u.agreement, unverified: u.unverified, evidence: u.evidence.map((e) => e.quote), reason: u.reason }).toEqual({
      reason: undefined,
      ...expected,
    });
    expect(u.review).toEqual(ref);
    expect(u.unit).toBe('P01');
    expect(u.votes).toHaveLength(collected.length);
    if (u.verdict !== 'unscored') expect(u).not.toHaveProperty('reason');
  });
});

describe('aggregateUnit: vote records', () => {
  it('keep the judge, index, counted verdict, model verdict, verification and reasoning', () => {
    const collected = votes(ok('○', FAKE), ok('○', Q1), ok('×'));
    const u = aggregateUnit(ref, 'P02', collected, 3, index, 'require');
    expect(u.votes.map(({ evidence: _, ...v }) => v)).toEqual([
      { judge: 'openai:gpt-x', voteIndex: 0, verdict: '×', modelVerdict: '○', verified: false, reason: 'says ○' },
      { judge: 'openai:gpt-x', voteIndex: 1, verdict: '○', modelVerdict: '○', verified: true, reason: 'says ○' },
      { judge: 'openai:gpt-x', voteIndex: 2, verdict: '×', modelVerdict: '×', verified: true, reason: 'says ×' },
    ]);
    // Each vote keeps its own quotes: the demoted vote's invented quote stays visible, unverified and unplaced.
    expect(u.votes[0]!.evidence).toEqual([expect.objectContaining({ quote: FAKE, verified: false })]);
    expect(u.votes[0]!.evidence![0]!.span).toBeUndefined();
    const found = u.votes[1]!.evidence![0]!;
    expect(found).toMatchObject({ quote: Q1, verified: true });
    expect(found.span!.end).toBeGreaterThan(found.span!.start);
  });

  it.each<[JudgeFailureKind, string]>([
    ['timeout', 'openai:gpt-x: no answer within 400 ms (2 attempts)'],
    ['api-error', 'openai:gpt-x: HTTP 500: The server had an error'],
    ['invalid-output', 'not JSON: {"reasoning": "the'],
    ['cache-miss', 'offline and not in the cache'],
    ['budget', 'budget spent'],
  ])('a failed %s vote reads `kind: message`', (kind, message) => {
    const u = aggregateUnit(ref, 'P01', votes(failed(kind, message)), 1, index, 'require');
    expect(u.votes).toEqual([{ judge: 'openai:gpt-x', voteIndex: 0, verdict: 'unscored', modelVerdict: null, verified: false, reason: `${kind}: ${message}` }]);
    expect(u.verdict).toBe('unscored');
  });

  it('keeps each vote\'s judge in a panel', () => {
    const collected = votes(ok('○', Q1), { ...ok('○', Q1), judge: 'anthropic:claude-x' }, ok('×'));
    const u = aggregateUnit(ref, 'P01', collected, 4, index, 'require');
    expect(u.votes.map((v) => v.judge)).toEqual(['openai:gpt-x', 'anthropic:claude-x', 'openai:gpt-x']);
    expect(u.verdict).toBe('○');
    expect(u.agreement).toBe(0.6667);
  });
});

describe('aggregateUnit: evidence records', () => {
  it('are deduplicated by quote, first occurrence wins, with the verification flag', () => {
    const collected = votes(ok('○', Q1, FAKE), ok('○', Q2, Q1), ok('○', Q1));
    const u = aggregateUnit(ref, 'P01', collected, 3, index, 'require');
    expect(u.evidence.map(({ span: _, ...e }) => e)).toEqual([
      { quote: Q1, location: 'The', verified: true },
      { quote: FAKE, location: 'the', verified: false },
      { quote: Q2, location: 'POST', verified: true },
    ]);
    // A verified quote is placed in the review, an unverified one is not.
    expect(u.evidence.map((e) => e.span !== undefined)).toEqual([true, false, true]);
  });

  it('come only from the votes that agree with the final verdict', () => {
    const collected = votes(ok('△', Q2), ok('○', Q1), ok('△', Q2), ok('○', 'The payment gateway client has no timeout and no retry policy'));
    const u = aggregateUnit(ref, 'P01', collected, 5, index, 'require');
    // 2 ○ vs 2 △: a tie goes to the lower median, △.
    expect(u.verdict).toBe('△');
    expect(u.evidence.map((e) => e.quote)).toEqual([Q2]);
  });

  it('is pure: the same input gives the same output', () => {
    const collected = votes(ok('○', Q1), ok('×'), ok('○', FAKE));
    expect(aggregateUnit(ref, 'P01', collected, 3, index, 'require')).toEqual(aggregateUnit(ref, 'P01', collected, 3, index, 'require'));
  });
});

import { describe, expect, it } from 'vitest';
import type { AnswerKey } from '../types/AnswerKey.ts';
import { aggregateAudit } from './aggregateAudit.ts';
import type { AuditOutput } from './audit.ts';
import type { CollectedVote } from '../types/Vote.ts';
import { indexReview } from './reviewIndex.ts';

const REVIEW = [
  '## C1: Database is a single point of failure',
  'The primary PostgreSQL instance has no replica, so one host failure stops all writes.',
  '## C2: Use bcrypt for passwords',
  'Passwords should be hashed with bcrypt to resist brute-force attacks.',
  '## C3: Retry without idempotency',
  'Order creation is retried on timeout without an idempotency key.',
].join('\n');
const index = indexReview(REVIEW);
const ref = { prompt: 'baseline', run: 1, path: 'r.md', sha256: 'x' };
const criteria = { detected: 'd', partial: 'p', undetected: 'u' };
const key: AnswerKey = {
  title: 'k', round: 1, perspective: 'reliability', target: 'design', declaredProblemCount: 1, warnings: [],
  problems: [{ id: 'P01', title: 'Idempotency', category: 'c', severity: { raw: 'Critical', level: 'critical' }, location: null, description: 'd', criteria }],
  bonuses: [{ id: 'B01', category: 'Availability', description: 'DB SPOF', condition: 'names the DB as SPOF' }],
};

type F = AuditOutput['findings'][number];
const spof = (over: Partial<F> = {}): F => ({ location: 'C1', quote: 'The primary PostgreSQL instance has no replica', reasoning: 'SPOF', classification: 'bonus', matches: [], bonus_id: 'B01', ...over });
const bcrypt = (over: Partial<F> = {}): F => ({ location: 'C2', quote: 'Passwords should be hashed with bcrypt', reasoning: 'security', classification: 'penalty', matches: [], bonus_id: null, ...over });
const idem = (over: Partial<F> = {}): F => ({ location: 'C3', quote: 'retried on timeout without an idempotency key', reasoning: 'P01', classification: 'matches', matches: ['P01'], bonus_id: null, ...over });

const ok = (i: number, findings: F[]): CollectedVote<AuditOutput> => ({ judge: 'j', voteIndex: i, cacheKey: `k${i}`, fromCache: false, usage: null, latencyMs: null, status: 'ok', output: { findings } });
const failed = (i: number): CollectedVote<AuditOutput> => ({ judge: 'j', voteIndex: i, cacheKey: `k${i}`, fromCache: false, usage: null, latencyMs: null, status: 'failed', kind: 'api-error', reason: '500' });

describe('aggregateAudit', () => {
  it.each<[string, CollectedVote<AuditOutput>[], { bonuses: (string | null)[]; penalties: number; status?: string }]>([
    ['unanimous bonus, penalty and match', [0, 1, 2].map((i) => ok(i, [spof(), bcrypt(), idem()])), { bonuses: ['B01'], penalties: 1 }],
    ['penalty by 2 of 3 is a strict majority', [ok(0, [bcrypt()]), ok(1, [bcrypt()]), ok(2, [bcrypt({ classification: 'neutral' })])], { bonuses: [], penalties: 1 }],
    ['penalty by 1 of 3: in doubt, no penalty', [ok(0, [bcrypt()]), ok(1, []), ok(2, [bcrypt({ classification: 'neutral' })])], { bonuses: [], penalties: 0 }],
    ['penalty by 1 of 2 valid votes is no majority', [ok(0, [bcrypt()]), ok(1, []), failed(2)], { bonuses: [], penalties: 0 }],
    ['an unverifiable quote drops a bonus', [0, 1, 2].map((i) => ok(i, [spof({ quote: 'The cache cluster has no replica at all' })])), { bonuses: [], penalties: 0 }],
    ['the same point twice in one vote counts once', [0, 1, 2].map((i) => ok(i, [spof(), spof()])), { bonuses: ['B01'], penalties: 0 }],
    ['a listed bonus under two headings counts once', [0, 1, 2].map((i) => ok(i, [spof(), spof({ location: 'Summary', quote: 'one host failure stops all writes' })])), { bonuses: ['B01'], penalties: 0 }],
    ['an unknown bonus id becomes an unlisted bonus', [0, 1, 2].map((i) => ok(i, [spof({ bonus_id: 'B99' })])), { bonuses: [null], penalties: 0 }],
    ['a match to an unknown problem id is not a match', [0, 1, 2].map((i) => ok(i, [idem({ matches: ['P09'] })])), { bonuses: [], penalties: 0 }],
    ['too few valid votes: unscored, never zero', [ok(0, [spof()]), failed(1), failed(2)], { bonuses: [], penalties: 0, status: 'unscored' }],
  ])('%s', (_name, votes, expected) => {
    const a = aggregateAudit(ref, votes, 3, key, index);
    expect(a.status).toBe(expected.status ?? 'scored');
    expect(a.bonuses.map((b) => b.id)).toEqual(expected.bonuses);
    expect(a.penalties).toHaveLength(expected.penalties);
  });

  it('keeps the reason, the verified quote and the vote split of every bonus and penalty', () => {
    const a = aggregateAudit(ref, [0, 1, 2].map((i) => ok(i, [spof(), bcrypt()])), 3, key, index);
    expect(a.bonuses[0]).toMatchObject({ id: 'B01', location: 'C1', verified: true, reason: 'SPOF', votes: 3, of: 3 });
    expect(a.penalties[0]).toMatchObject({ location: 'C2', verified: true, reason: 'security', votes: 3, of: 3 });
    expect(a.findings.map((f) => f.split)).toEqual([
      { matches: 0, bonus: 3, penalty: 0, neutral: 0 },
      { matches: 0, bonus: 0, penalty: 3, neutral: 0 },
    ]);
  });
});

describe('aggregateAudit merges by quote position', () => {
  it('three unanimous bonus votes with one quote under different location texts give one bonus', () => {
    const votes = ['Issue #14', '### 14. Database is a single point of failure', 'C1'].map((location, i) => ok(i, [spof({ location })]));
    const a = aggregateAudit(ref, votes, 3, key, index);
    expect(a.bonuses).toHaveLength(1);
    expect(a.bonuses[0]).toMatchObject({ id: 'B01', votes: 3, of: 3 });
    expect(a.bonuses[0]!.span).toBeDefined();
  });
});

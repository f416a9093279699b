import { describe, expect, it } from 'vitest';
import type { AuditOutput } from './audit.ts';
import { auditClusters } from './auditClusters.ts';
import { indexReview } from './reviewIndex.ts';

const REVIEW = [
  '# Review',
  '### 14. Orders database is a single point of failure',
  'The primary PostgreSQL instance has no replica, so one host failure stops all writes.',
  'Failover is manual and takes the on-call engineer about an hour.',
  '### 15. Minor issues',
  '- Log retention for incident analysis is undefined.',
  '- Schema migrations have no rollback plan.',
  '### 16. Retry without idempotency',
  'Order creation is retried on timeout without an idempotency key.',
].join('\n');
const index = indexReview(REVIEW);

type F = AuditOutput['findings'][number];
const f = (location: string, quote: string): F => ({ location, quote, reasoning: 'r', classification: 'bonus', matches: [], bonus_id: null });
const SPOF = 'The primary PostgreSQL instance has no replica';
const FAILOVER = 'Failover is manual and takes the on-call engineer about an hour.';
const LOGS = 'Log retention for incident analysis is undefined.';
const MIGRATIONS = 'Schema migrations have no rollback plan.';
const IDEM = 'Order creation is retried on timeout without an idempotency key.';

/** Each cluster as the sorted voters it holds. */
const shape = (votes: F[][]) => auditClusters(votes.map((findings) => ({ findings })), index).map((c) => c.map((m) => m.voter).sort());

describe('auditClusters', () => {
  it.each<[string, F[][], number[][]]>([
    ['same quote, different location texts: one finding', [[f('Issue #14', SPOF)], [f('### 14. Orders database…', SPOF)], [f('14', SPOF)]], [[0, 1, 2]]],
    ['overlapping quotes of one passage: one finding', [[f('a', SPOF)], [f('b', 'PostgreSQL instance has no replica, so one host failure stops all writes.')]], [[0, 1]]],
    ['different sentences of one heading section, disjoint voters: one finding', [[f('C14', SPOF)], [f('14.', FAILOVER)]], [[0, 1]]],
    ['two findings of one section that a voter lists apart stay apart', [[f('15', LOGS), f('15', MIGRATIONS)], [f('15', LOGS)], [f('15', MIGRATIONS)]], [[0, 1], [0, 2]]],
    ['different sections: different findings', [[f('14', SPOF)], [f('16', IDEM)]], [[0], [1]]],
    ['one voter listing the same passage twice votes once', [[f('14', SPOF), f('Issue 14', SPOF)], [f('14', SPOF)]], [[0, 1]]],
    ['an unverified quote joins the placed finding of the same location text', [[f('Issue 14', SPOF)], [f('Issue 14', 'the database has no replica at all')]], [[0, 1]]],
    ['unverified quotes with no placed peer group by location text', [[f('Issue 99', 'nothing like this')], [f('Issue 99', 'nor this')]], [[0, 1]]],
  ])('%s', (_name, votes, expected) => {
    expect(shape(votes)).toEqual(expected);
  });

  it('places a finding where its quote sits in the review', () => {
    const [cluster] = auditClusters([{ findings: [f('x', IDEM)] }], index);
    const span = cluster![0]!.span!;
    // Punctuation is folded away, so the span may stop before the final period.
    expect(REVIEW.slice(span.start, span.end)).toBe(IDEM.replace(/\.$/, ''));
  });
});

import { describe, expect, it } from 'vitest';
import type { AnswerKey, Problem } from '../types/AnswerKey.ts';
import type { Review } from '../types/Review.ts';
import { unitId, type Unit } from '../types/Unit.ts';
import { planUnits } from './planUnits.ts';

function problem(n: number): Problem {
  const id = `P${String(n).padStart(2, '0')}`;
  return {
    id,
    title: `problem ${n}`,
    category: 'c',
    severity: { raw: 'Critical', level: 'critical' },
    location: null,
    description: 'd',
    criteria: { detected: 'o', partial: 'p', undetected: 'x' },
  };
}

function key(problems: number): AnswerKey {
  return {
    title: 'k',
    round: 1,
    perspective: null,
    target: null,
    declaredProblemCount: problems,
    problems: Array.from({ length: problems }, (_, i) => problem(i + 1)),
    bonuses: [],
    warnings: [],
  };
}

function review(prompt: string, run: number): Review {
  return { prompt, run, path: `${prompt}-run${run}.md`, sha256: '0'.repeat(64), size: 1, text: 'x' };
}

const reviews = (n: number) => Array.from({ length: n }, (_, i) => review(i % 2 ? 'variant' : 'baseline', Math.floor(i / 2) + 1));
const label = (u: Unit) => `${u.review.prompt}#${u.review.run}:${unitId(u)}`;

describe('planUnits: units per review = problems + 1 audit', () => {
  it.each([
    [10, 4, 44],
    [9, 4, 40],
    [3, 3, 12],
    [1, 1, 2],
    [10, 0, 0],
  ])('%i problems × %i reviews → %i units', (problems, count, expected) => {
    const units = planUnits(key(problems), reviews(count));
    expect(units).toHaveLength(expected);
    expect(units.filter((u) => u.kind === 'audit')).toHaveLength(count);
    expect(units.filter((u) => u.kind === 'detection').map((u) => u.kind === 'detection' && u.problem.id)).toHaveLength(problems * count);
  });
});

describe('planUnits: order', () => {
  const k = key(2);
  const rs = [review('baseline', 1), review('baseline', 2), review('variant', 1)];

  it('review by review, problems in key order, then the audit', () => {
    expect(planUnits(k, rs).map(label)).toEqual([
      'baseline#1:P01', 'baseline#1:P02', 'baseline#1:audit',
      'baseline#2:P01', 'baseline#2:P02', 'baseline#2:audit',
      'variant#1:P01', 'variant#1:P02', 'variant#1:audit',
    ]);
  });

  it('is stable: same inputs, same order; the review objects are the ones given', () => {
    const a = planUnits(k, rs);
    expect(planUnits(k, rs)).toEqual(a);
    expect(a[0]!.review).toBe(rs[0]);
    expect(a.at(-1)!.review).toBe(rs[2]);
  });

  it('follows the order of the reviews given, without sorting them', () => {
    expect(planUnits(k, [rs[2]!, rs[0]!]).map(label)).toEqual([
      'variant#1:P01', 'variant#1:P02', 'variant#1:audit',
      'baseline#1:P01', 'baseline#1:P02', 'baseline#1:audit',
    ]);
  });
});

describe('planUnits: only', () => {
  const k = key(3);
  const rs = [review('baseline', 1), review('variant', 1)];
  it.each<[string, string[] | undefined, string[]]>([
    ['undefined: everything', undefined, ['P01', 'P02', 'P03', 'audit']],
    ['empty: everything', [], ['P01', 'P02', 'P03', 'audit']],
    ['one problem', ['P02'], ['P02']],
    ['problems in any order keep key order', ['P03', 'P01'], ['P01', 'P03']],
    ['audit only', ['audit'], ['audit']],
    ['a problem and the audit', ['audit', 'P01'], ['P01', 'audit']],
    ['an id the key does not have', ['P99'], []],
    ['duplicates count once', ['P02', 'P02'], ['P02']],
  ])('%s', (_name, only, perReview) => {
    const units = planUnits(k, rs, only);
    expect(units.map(label)).toEqual(rs.flatMap((r) => perReview.map((u) => `${r.prompt}#${r.run}:${u}`)));
  });
});

describe('planUnits: typed units', () => {
  const k = key(2);
  const rs = [review('baseline', 1)];
  it('detection units carry their problem, the audit none; without the audit only detection units', () => {
    const units = planUnits(k, rs);
    expect(units.map((u) => (u.kind === 'detection' ? u.problem.id : u.kind))).toEqual(['P01', 'P02', 'audit']);
    expect(planUnits(k, rs, undefined, false).map(label)).toEqual(['baseline#1:P01', 'baseline#1:P02']);
  });
});

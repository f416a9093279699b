import { describe, expect, it } from 'vitest';
import { DEFAULT_RUBRIC } from '../types/Rubric.ts';
import { buildReport } from './buildReport.ts';
import { scoreRun } from './runScore.ts';
import { withStatedCounts } from './statedCounts.ts';
import { keyOf, unitsOf } from './testVerdicts.ts';

const R = DEFAULT_RUBRIC;
const base = scoreRun(unitsOf('baseline', 1, '○○△×'), undefined, R);
const stated = (bonus: number | null, penalty: number | null) => ({ prompt: 'baseline', run: 1, bonus, penalty, file: 'results/v001-baseline-scoring.md' });

describe('withStatedCounts', () => {
  it.each<[string, ReturnType<typeof stated> | undefined, { bonus: number; penalty: number; total: number; audited: boolean; bonusCount: number }]>([
    ['no stated counts: not audited, bonus and penalty 0', undefined, { bonus: 0, penalty: 0, total: 2.5, audited: false, bonusCount: 0 }],
    ['both unreadable: still not audited', stated(null, null), { bonus: 0, penalty: 0, total: 2.5, audited: false, bonusCount: 0 }],
    ['3 bonuses, 1 penalty as the file states', stated(3, 1), { bonus: 1.5, penalty: 0.5, total: 3.5, audited: true, bonusCount: 3 }],
    ['7 bonuses: the rubric cap (5) applies', stated(7, 0), { bonus: 2.5, penalty: 0, total: 5, audited: true, bonusCount: 5 }],
    ['bonus read, penalty not: penalty 0', stated(2, null), { bonus: 1, penalty: 0, total: 3.5, audited: true, bonusCount: 2 }],
  ])('%s', (_name, s, expected) => {
    const r = withStatedCounts(base, s, R);
    expect({ bonus: r.bonus, penalty: r.penalty, total: r.total, audited: r.audited, bonusCount: r.bonusCount }).toEqual(expected);
  });

  it('an imported report uses the stated counts (the history mean is not detection only)', () => {
    const units = [...unitsOf('baseline', 1, '○○○○'), ...unitsOf('baseline', 2, '○○○△')];
    const verdicts = { runId: 'import', units, imported: true, statedCounts: [{ ...stated(6, 0), run: 1 }, { ...stated(4, 1), run: 2 }] };
    const r = buildReport({ verdicts, key: keyOf('P01', 'P02', 'P03', 'P04'), rubric: R, round: 1, title: 't' });
    // run 1: 4 + 2.5 (6 → cap 5) = 6.5; run 2: 3.5 + 2 − 0.5 = 5; mean 5.75 (detection only: 3.75).
    expect(r.prompts[0]!.runs.map((x) => x.total)).toEqual([6.5, 5]);
    expect(r.prompts[0]!.mean).toBe(5.75);
  });
});

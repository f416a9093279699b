/** scoreRun: one run's detection, capped bonus, uncapped penalty and total, hand-computed. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_RUBRIC, type Rubric } from '../types/Rubric.ts';
import { distinctBonuses, scoreRun } from './runScore.ts';
import { audit, item, unit, unitsOf } from './testVerdicts.ts';

const R = DEFAULT_RUBRIC;

describe('scoreRun', () => {
  it.each([
    // label, verdicts (? = unscored), bonus ids, penalties, detection, bonus, penalty, total, bonusCount, bonusFound
    ['all detected, no audit items', '○○○○○○○○○○', [], 0, 10, 0, 0, 10, 0, 0],
    ['mixed verdicts: 4 ○ + 3 △', '○△×○△××○○△', [], 0, 5.5, 0, 0, 5.5, 0, 0],
    ['7 bonuses found → 5 counted = 2.5', '○○○○○××××△', ['B01', 'B02', 'B03', null, null, null, null], 0, 5.5, 2.5, 0, 8, 5, 7],
    ['exactly 5 bonuses', '○○○○○', ['B01', 'B02', null, null, null], 0, 5, 2.5, 0, 7.5, 5, 5],
    ['listed bonus twice counts once', '○○', ['B01', 'B01', 'B02'], 0, 2, 1, 0, 3, 2, 2],
    ['unlisted bonuses (id null) each count', '○', [null, null], 0, 1, 1, 0, 2, 2, 2],
    ['penalties uncapped: 7 × 0.5', '○○○○○○', [], 7, 6, 0, 3.5, 2.5, 0, 0],
    ['penalty can make the total negative', '××', [], 3, 0, 0, 1.5, -1.5, 0, 0],
    ['bonus and penalty', '○○○△××', ['B01', null], 1, 3.5, 1, 0.5, 4, 2, 2],
    ['13 × △ sums exactly', '△△△△△△△△△△△△△', [], 0, 6.5, 0, 0, 6.5, 0, 0],
  ] as const)('%s', (_, verdicts, bonusIds, penalties, detection, bonus, penalty, total, bonusCount, bonusFound) => {
    const s = scoreRun(unitsOf('baseline', 1, verdicts), audit('baseline', 1, [...bonusIds], penalties), R);
    expect({ detection: s.detection, bonus: s.bonus, penalty: s.penalty, total: s.total, bonusCount: s.bonusCount, bonusFound: s.bonusFound }).toEqual({
      detection,
      bonus,
      penalty,
      total,
      bonusCount,
      bonusFound,
    });
    expect(s.penaltyCount).toBe(penalties);
    expect(s.audited).toBe(true);
    expect(s.run).toBe(1);
  });

  it('leaves unscored units out of detection and lists them (never counted as ×)', () => {
    const s = scoreRun(unitsOf('v', 2, '○?△?○'), audit('v', 2, [], 0), R);
    expect(s.detection).toBe(2.5);
    expect(s.unscored).toEqual(['P02', 'P04']);
    expect(s.run).toBe(2);
  });

  it.each([
    ['no audit', undefined],
    ['unscored audit', audit('v', 1, ['B01', 'B02'], 3, 'unscored')],
  ])('%s → audited false, bonus and penalty 0', (_, a) => {
    const s = scoreRun(unitsOf('v', 1, '○○△'), a, R);
    expect(s).toMatchObject({ audited: false, bonus: 0, penalty: 0, bonusCount: 0, bonusFound: 0, penaltyCount: 0, bonuses: [], penalties: [], total: 2.5 });
  });

  it('scores an audit alone (all units unscored or none planned)', () => {
    const s = scoreRun([], audit('v', 3, ['B01'], 0), R);
    expect(s).toMatchObject({ run: 3, detection: 0, bonus: 0.5, total: 0.5, unscored: [] });
  });

  it('caps penalties when the rubric sets penalty.maxCount', () => {
    const rubric: Rubric = { ...R, penalty: { points: 0.5, maxCount: 2 } };
    const s = scoreRun(unitsOf('v', 1, '○○○○'), audit('v', 1, [], 5), rubric);
    expect(s).toMatchObject({ penaltyCount: 2, penalty: 1, total: 3 });
  });

  it('uses the rubric points (override with 0.1 steps stays exact)', () => {
    const rubric: Rubric = { ...R, points: { '○': 0.7, '△': 0.1, '×': 0 }, bonus: { points: 0.1, maxCount: 5 } };
    const s = scoreRun(unitsOf('v', 1, '○△△△'), audit('v', 1, [null, null], 0), rubric);
    expect(s.detection).toBe(1);
    expect(s.total).toBe(1.2);
  });

  it('lists the distinct bonuses and the penalties as report items', () => {
    const s = scoreRun(unitsOf('v', 1, '○'), audit('v', 1, ['B02', 'B02', null], 1), R);
    expect(s.bonuses.map((b) => b.id)).toEqual(['B02', null]);
    expect(s.bonuses[0]).toEqual({ id: 'B02', location: '§0', quote: 'quote B02 0', reason: 'reason 0' });
    expect(s.penalties).toHaveLength(1);
  });

  it('refuses units of different runs, a unit twice, and nothing at all', () => {
    expect(() => scoreRun([...unitsOf('v', 1, '○'), ...unitsOf('v', 2, '○')], undefined, R)).toThrow(/mixed/);
    expect(() => scoreRun(unitsOf('v', 1, '○'), audit('w', 1, [], 0), R)).toThrow(/mixed/);
    expect(() => scoreRun([unit('v', 1, 'P01', '○'), unit('v', 1, 'P01', '×')], undefined, R)).toThrow(/twice/);
    expect(() => scoreRun([], undefined, R)).toThrow(/no units/);
  });
});

describe('distinctBonuses', () => {
  it('keeps the first of each listed id and every unlisted one', () => {
    const got = distinctBonuses([item('B01', 0), item(null, 1), item('B01', 2), item(null, 3), item('B03', 4)]);
    expect(got.map((b) => [b.id, b.location])).toEqual([
      ['B01', '§0'],
      [null, '§1'],
      [null, '§3'],
      ['B03', '§4'],
    ]);
  });
});

describe('scoreRun: one finding, one credit', () => {
  const at = (start: number, end: number) => ({ start, end });
  const withEvidence = (verdicts: string, spans: Array<{ start: number; end: number } | null>) =>
    unitsOf('v', 1, verdicts).map((u, i) => ({ ...u, evidence: spans[i] ? [{ quote: 'q', location: 'l', verified: true, span: spans[i]! }] : [] }));
  const bonusAt = (id: string | null, span?: { start: number; end: number }) => ({ ...item(id), ...(span ? { span } : {}) });

  it.each<[string, string, Array<{ start: number; end: number } | null>, ReturnType<typeof bonusAt>[], number, string[]]>([
    ['a bonus on the passage of a ○ unit\'s evidence is not counted', '○×', [at(100, 160), null], [bonusAt('B01', at(120, 150))], 0, ['P01']],
    ['… nor on a △ unit\'s', '△', [at(100, 160)], [bonusAt('B01', at(90, 101))], 0, ['P01']],
    ['a bonus elsewhere counts', '○', [at(100, 160)], [bonusAt('B01', at(160, 200))], 1, []],
    ['a × unit\'s quote does not take the credit', '×', [at(100, 160)], [bonusAt('B01', at(120, 150))], 1, []],
    ['a bonus without a span (older verdicts) counts', '○', [at(100, 160)], [bonusAt('B01')], 1, []],
  ])('%s', (_name, verdicts, spans, bonuses, counted, restatedBy) => {
    const a = { ...audit('v', 1, [], 0), bonuses };
    const s = scoreRun(withEvidence(verdicts, spans), a, R);
    expect(s.bonusCount).toBe(counted);
    expect(s.bonus).toBe(counted * R.bonus.points);
    expect(s.bonusesRestated.map((b) => b.problem)).toEqual(restatedBy);
  });
});

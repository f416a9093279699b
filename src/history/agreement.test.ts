import { describe, expect, it } from 'vitest';
import { compareRaters, panelAgreement, unitAddress, type LabeledUnit, type PanelUnit } from './agreement.ts';
import type { Ordinal } from './kappa.ts';

type V = Ordinal | 'unscored';

/** A unit of reliability-design round 1, baseline run 1 unless overridden. */
function lu(unit: string, verdict: V, over: Partial<LabeledUnit> = {}): LabeledUnit {
  return { series: 'reliability-design', round: 1, prompt: 'baseline', run: 1, unit, verdict, severity: null, detail: `${verdict} for ${unit}`, ...over };
}

/** Units P01, P02, ... with the given verdicts (a string like '○○△×'). */
function rater(verdicts: string, over: Partial<LabeledUnit> = {}): LabeledUnit[] {
  return [...verdicts].map((v, i) => lu(`P${String(i + 1).padStart(2, '0')}`, v as Ordinal, over));
}

describe('compareRaters', () => {
  it('perfect agreement: κ 1, weighted κ 1, everything on the diagonal, no disagreement', () => {
    const r = compareRaters(rater('○○△××'), rater('○○△××'));
    expect(r).toMatchObject({ matched: 5, onlyA: 0, onlyB: 0, unscored: 0, disagreements: [] });
    expect(r.overall).toMatchObject({ n: 5, observed: 1, kappa: 1, weightedKappa: 1 });
    // rows A, columns B, both in the order ×, △, ○
    expect(r.overall!.matrix).toEqual([
      [2, 0, 0],
      [0, 1, 0],
      [0, 0, 2],
    ]);
  });

  it('one disagreement: the cell, observed agreement and κ by hand', () => {
    // A: P01 ○, P02 ○, P03 △, P04 ×    B: P01 ○, P02 ○, P03 ○, P04 ×
    // matrix (rows A ×△○, cols B ×△○): × [1 0 0], △ [0 0 1], ○ [0 0 2]
    // observed = 3/4 = 0.75
    // A marginals ×.25 △.25 ○.5; B marginals ×.25 △0 ○.75
    // expected = .25·.25 + .25·0 + .5·.75 = .4375
    // κ = (.75 − .4375) / (1 − .4375) = .3125 / .5625 = 5/9 ≈ 0.556
    // weighted (w = 1 − |i−j|/2): observed = .75 + .5·.25 = .875
    //   expected = 1·(.0625 + 0 + .375) + .5·(.25·.25 + .25·.75 + .5·0 + .25·0) + 0 = .4375 + .125 = .5625
    //   κw = (.875 − .5625) / (1 − .5625) = .3125 / .4375 = 5/7 ≈ 0.714
    const r = compareRaters(rater('○○△×'), rater('○○○×'));
    expect(r.matched).toBe(4);
    expect(r.overall!.matrix).toEqual([
      [1, 0, 0],
      [0, 0, 1],
      [0, 0, 2],
    ]);
    expect(r.overall!.matrix[1]![2]).toBe(1); // A △, B ○
    expect(r.overall!.observed).toBeCloseTo(0.75, 10);
    expect(r.overall!.expected).toBeCloseTo(0.4375, 10);
    expect(r.overall!.kappa!.toFixed(3)).toBe('0.556');
    expect(r.overall!.kappa).toBeCloseTo(5 / 9, 10);
    expect(r.overall!.weightedKappa!.toFixed(3)).toBe('0.714');
    expect(r.overall!.weightedKappa).toBeCloseTo(5 / 7, 10);
    expect(r.disagreements).toEqual([
      { series: 'reliability-design', round: 1, prompt: 'baseline', run: 1, unit: 'P03', a: '△', b: '○', aDetail: '△ for P03', bDetail: '○ for P03' },
    ]);
  });

  describe('matches by address (series, round, prompt, run, unit)', () => {
    const cases: Array<[string, Partial<LabeledUnit>]> = [
      ['series', { series: 'security-design' }],
      ['round', { round: 2 }],
      ['prompt', { prompt: 'variant-a' }],
      ['run', { run: 2 }],
      ['unit', { unit: 'P09' }],
    ];
    it.each(cases)('a unit differing only in %s does not match', (_field, over) => {
      const r = compareRaters([lu('P01', '○')], [lu('P01', '○', over)]);
      expect(r).toMatchObject({ matched: 0, onlyA: 1, onlyB: 1, unscored: 0, overall: null, byPerspective: {}, bySeverity: {}, disagreements: [] });
    });

    it('units only in A and only in B are counted, not compared', () => {
      const a = [lu('P01', '○'), lu('P02', '×'), lu('P03', '○', { run: 2 }), lu('P04', '△', { prompt: 'variant-a' })];
      const b = [lu('P01', '○'), lu('P02', '×'), lu('P05', '×'), lu('P06', '×'), lu('P07', '×', { round: 3 })];
      const r = compareRaters(a, b);
      expect(r).toMatchObject({ matched: 2, onlyA: 2, onlyB: 3, unscored: 0 });
      expect(r.overall).toMatchObject({ n: 2, observed: 1, kappa: 1 });
    });

    it('order does not matter: B in reverse order gives the same report', () => {
      const a = rater('○△×○△');
      const b = rater('○○×△△');
      expect(compareRaters(a, [...b].reverse())).toEqual(compareRaters(a, b));
    });

    it('the address keeps its fields apart (no collision by concatenation)', () => {
      expect(unitAddress(lu('P01', '○', { series: 'a', prompt: 'b1' }))).not.toBe(unitAddress(lu('P01', '○', { series: 'a1', prompt: 'b' })));
    });
  });

  it('a unit unscored on either side is matched and counted, but left out of κ', () => {
    const a = [lu('P01', '○'), lu('P02', 'unscored'), lu('P03', '×'), lu('P04', 'unscored')];
    const b = [lu('P01', '○'), lu('P02', '○'), lu('P03', 'unscored'), lu('P04', 'unscored')];
    const r = compareRaters(a, b);
    expect(r).toMatchObject({ matched: 4, unscored: 3, onlyA: 0, onlyB: 0, disagreements: [] });
    expect(r.overall).toMatchObject({ n: 1, observed: 1 });
  });

  it('everything unscored: matched but no κ at all (null, not a number)', () => {
    const r = compareRaters([lu('P01', 'unscored')], [lu('P01', '○')]);
    expect(r).toMatchObject({ matched: 1, unscored: 1, overall: null, byPerspective: {}, bySeverity: {} });
  });

  it('splits by perspective (the series), keys sorted', () => {
    const a = [...rater('○○', { series: 'security-design' }), ...rater('○×', { series: 'reliability-design' })];
    const b = [...rater('○○', { series: 'security-design' }), ...rater('○○', { series: 'reliability-design' })];
    const r = compareRaters(a, b);
    expect(Object.keys(r.byPerspective)).toEqual(['reliability-design', 'security-design']);
    expect(r.byPerspective['reliability-design']).toMatchObject({ n: 2, observed: 0.5 });
    // both sides all ○: κ undefined (null with its reason), not 1
    expect(r.byPerspective['security-design']).toMatchObject({ n: 2, observed: 1, kappa: null, kappaUndefined: expect.stringMatching(/^κ undefined: every unit is ○ on both sides/) });
    expect(r.overall).toMatchObject({ n: 4, observed: 0.75 });
  });

  describe('splits by severity, taken from either side (A first)', () => {
    const cases: Array<[string, string | null, string | null, string]> = [
      ['A only', 'critical', null, 'critical'],
      ['B only', null, 'minor', 'minor'],
      ['both: A wins', 'major', 'critical', 'major'],
      ['neither', null, null, 'unknown'],
    ];
    it.each(cases)('%s → %s', (_name, sa, sb, group) => {
      const r = compareRaters([lu('P01', '○', { severity: sa })], [lu('P01', '○', { severity: sb })]);
      expect(Object.keys(r.bySeverity)).toEqual([group]);
      expect(r.bySeverity[group]).toMatchObject({ n: 1, observed: 1 });
    });

    it('a mixed set groups every pair under its severity', () => {
      const a = [lu('P01', '○', { severity: 'critical' }), lu('P02', '△', { severity: 'major' }), lu('P03', '×'), lu('P04', '○')];
      const b = [lu('P01', '×'), lu('P02', '△'), lu('P03', '×', { severity: 'major' }), lu('P04', '○')];
      const r = compareRaters(a, b);
      expect(Object.keys(r.bySeverity)).toEqual(['critical', 'major', 'unknown']);
      expect(r.bySeverity.critical).toMatchObject({ n: 1, observed: 0 });
      expect(r.bySeverity.major).toMatchObject({ n: 2, observed: 1 });
      expect(r.bySeverity.unknown).toMatchObject({ n: 1, observed: 1 });
    });
  });

  // BUG: compareRaters (src/history/agreement.ts) assumes each rater holds an address once. When one
  // repeats it (loadRater keeps two runs of one round, see test/cli/agree.test.ts), every copy in A is
  // "matched" while B's Map keeps only its last copy: compareRaters(x, x) with x = [P01 ○, P01 ×]
  // gives matched 2, observed 0.5 and the disagreement "A ○ / B ×" — a rater disagreeing with itself.
  it('a rater compared with itself never disagrees, even when it repeats an address', () => {
    const x = [lu('P01', '○'), lu('P01', '×'), lu('P02', '△')];
    const r = compareRaters(x, x);
    expect(r.disagreements).toEqual([]);
    expect(r.overall!.observed).toBe(1);
  });

  it('lists every disagreement with both verdicts and both details, in A order', () => {
    const a = [lu('P01', '○', { detail: 'judge: names the timeout' }), lu('P02', '×', { run: 2, detail: 'judge: nothing' }), lu('P03', '△')];
    const b = [lu('P03', '△'), lu('P02', '○', { run: 2, detail: 'v001-baseline-scoring.md:34' }), lu('P01', '△', { detail: 'v001-baseline-scoring.md:7' })];
    const r = compareRaters(a, b);
    expect(r.disagreements).toEqual([
      { series: 'reliability-design', round: 1, prompt: 'baseline', run: 1, unit: 'P01', a: '○', b: '△', aDetail: 'judge: names the timeout', bDetail: 'v001-baseline-scoring.md:7' },
      { series: 'reliability-design', round: 1, prompt: 'baseline', run: 2, unit: 'P02', a: '×', b: '○', aDetail: 'judge: nothing', bDetail: 'v001-baseline-scoring.md:34' },
    ]);
    // A ○ / B △ and A × / B ○ are off the diagonal; A △ / B △ on it
    expect(r.overall!.matrix).toEqual([
      [0, 0, 1],
      [0, 1, 0],
      [0, 1, 0],
    ]);
  });
});

describe('panelAgreement', () => {
  const pu = (unit: string, ...votes: Array<[string, V]>): PanelUnit => ({ unit, votes: votes.map(([judge, verdict]) => ({ judge, verdict })) });

  it("Fleiss' κ over all votes, an unscored vote ignored (by hand)", () => {
    // u1 ○○○ → P = 1; u2 ○× (+ unscored, ignored) → P = 0; u3 ×× → P = 1
    // P̄ = 2/3; 7 ratings: ○ 4/7, × 3/7 → Pe = 16/49 + 9/49 = 25/49
    // κ = (2/3 − 25/49) / (1 − 25/49) = (23/147) / (24/49) = 23/72 ≈ 0.319
    const units = [pu('P01', ['j', '○'], ['j', '○'], ['j', '○']), pu('P02', ['j', '○'], ['j', '×'], ['j', 'unscored']), pu('P03', ['j', '×'], ['j', '×'])];
    const { fleiss, pairs } = panelAgreement(units);
    expect(fleiss).toMatchObject({ items: 3, dropped: 0, ratings: 7 });
    expect(fleiss!.observed).toBeCloseTo(2 / 3, 10);
    expect(fleiss!.expected).toBeCloseTo(25 / 49, 10);
    expect(fleiss!.kappa).toBeCloseTo(23 / 72, 10);
    expect(fleiss!.kappa!.toFixed(3)).toBe('0.319');
    expect(fleiss!.kappaInterval.method).toMatch(/^percentile bootstrap over units/);
    expect(pairs).toEqual([]); // one judge: no pairs
  });

  it("two judges: Cohen's κ from each judge's first valid vote, units without both left out", () => {
    // pairs (a, b): u1 (○, ○); u2 a's unscored skipped → (×, ×); u3 b's first vote △ → (○, △); u4 b has no valid vote → out
    // matrix rows a: × [1 0 0], △ [0 0 0], ○ [0 1 1]; observed 2/3
    // a marginals × 1/3, ○ 2/3; b marginals × 1/3, △ 1/3, ○ 1/3 → Pe = 1/9 + 2/9 = 1/3; κ = (2/3 − 1/3)/(2/3) = 0.5
    const units = [
      pu('P01', ['a', '○'], ['b', '○']),
      pu('P02', ['a', 'unscored'], ['a', '×'], ['b', '×']),
      pu('P03', ['a', '○'], ['b', '△'], ['b', '○']),
      pu('P04', ['a', '×'], ['b', 'unscored']),
    ];
    const { fleiss, pairs } = panelAgreement(units);
    expect(pairs).toHaveLength(1);
    expect(pairs[0]).toMatchObject({ a: 'a', b: 'b' });
    expect(pairs[0]!.agreement).toMatchObject({ n: 3, matrix: [[1, 0, 0], [0, 0, 0], [0, 1, 1]] });
    expect(pairs[0]!.agreement.observed).toBeCloseTo(2 / 3, 10);
    expect(pairs[0]!.agreement.kappa).toBeCloseTo(0.5, 10);
    // every κ agree prints carries its interval (review finding: the panel's had none)
    expect(pairs[0]!.agreement.kappaInterval.method).toMatch(/^percentile bootstrap over units/);
    expect(pairs[0]!.agreement.weightedKappaInterval).toHaveProperty('undefinedResamples');
    // Fleiss: u1 ○○ P=1; u2 ×× P=1; u3 ○△○ P=(2·1)/(3·2)=1/3; u4 one valid vote → dropped
    // P̄ = 7/9; 7 ratings: ○ 4/7, × 2/7, △ 1/7 → Pe = 21/49 = 3/7; κ = (7/9 − 3/7)/(4/7) = 11/18 ≈ 0.611
    expect(fleiss).toMatchObject({ items: 3, dropped: 1, ratings: 7 });
    expect(fleiss!.kappa).toBeCloseTo(11 / 18, 10);
  });

  it('three judges: every pair once, judges sorted by id', () => {
    const units = [pu('P01', ['z', '○'], ['a', '○'], ['m', '×']), pu('P02', ['z', '×'], ['a', '×'], ['m', '×'])];
    const { pairs } = panelAgreement(units);
    expect(pairs.map((p) => `${p.a}|${p.b}`)).toEqual(['a|m', 'a|z', 'm|z']);
    expect(pairs.map((p) => p.agreement.observed)).toEqual([0.5, 1, 0.5]);
  });

  const nullCases: Array<[string, PanelUnit[]]> = [
    ['every unit has a single vote', [pu('P01', ['a', '○']), pu('P02', ['a', '×'])]],
    ['the second vote is unscored', [pu('P01', ['a', '○'], ['a', 'unscored'])]],
    ['no units', []],
  ];
  it.each(nullCases)('fleiss is null when %s', (_name, units) => {
    const { fleiss, pairs } = panelAgreement(units);
    expect(fleiss).toBeNull();
    expect(pairs).toEqual([]);
  });

  it('two judges who never both vote validly on a unit give no pair', () => {
    const units = [pu('P01', ['a', '○'], ['b', 'unscored']), pu('P02', ['a', 'unscored'], ['b', '×'])];
    expect(panelAgreement(units)).toEqual({ fleiss: null, pairs: [] });
  });
});

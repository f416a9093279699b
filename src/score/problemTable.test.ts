/** problemTable: per planted problem, cells across prompts × runs and flips between runs. */
import { describe, expect, it } from 'vitest';
import { flipOf, problemTable, promptFlips } from './problemTable.ts';
import { keyOf, unit } from './testVerdicts.ts';

describe('flipOf', () => {
  it.each([
    [['○', '○'], null],
    [['○', '×'], '○→×'],
    [['×', '△', '×'], '×→△→×'],
    [['○', 'unscored'], null], // a failed run is not a flip
    [['○', 'unscored', '△'], '○→△'],
  ])('%j → %s', (verdicts, expected) => {
    expect(flipOf(verdicts.map((verdict, i) => ({ run: i + 1, verdict })))).toBe(expected);
  });

  it('reads in run order whatever the input order', () => {
    expect(flipOf([{ run: 2, verdict: '×' }, { run: 1, verdict: '○' }])).toBe('○→×');
  });
});

describe('problemTable', () => {
  const units = [
    unit('variant', 2, 'P01', '○'),
    unit('baseline', 2, 'P01', '×', '××○'),
    unit('baseline', 1, 'P01', '○'),
    unit('variant', 1, 'P01', '○'),
    unit('baseline', 1, 'P02', '△'),
    unit('baseline', 2, 'P02', '△'),
    unit('variant', 1, 'P02', 'unscored'),
    unit('variant', 2, 'P02', '×'),
    unit('variant', 1, 'P99', '○'),
  ];
  const rows = problemTable(units, keyOf('P01', 'P02', 'P03'), ['baseline', 'variant']);

  it('has one row per key problem, in key order, then unknown ids', () => {
    expect(rows.map((r) => [r.id, r.title, r.severity])).toEqual([
      ['P01', 'problem P01', 'critical'],
      ['P02', 'problem P02', '??'],
      ['P03', 'problem P03', '??'],
      ['P99', '(not in the answer key)', null],
    ]);
  });

  it('orders cells by prompt order then run, with agreement', () => {
    expect(rows[0]!.cells).toEqual([
      { prompt: 'baseline', run: 1, verdict: '○', agreement: 1 },
      { prompt: 'baseline', run: 2, verdict: '×', agreement: 2 / 3 },
      { prompt: 'variant', run: 1, verdict: '○', agreement: 1 },
      { prompt: 'variant', run: 2, verdict: '○', agreement: 1 },
    ]);
    expect(rows[2]!.cells).toEqual([]);
  });

  it('lists flips per prompt', () => {
    expect(rows.map((r) => r.flips)).toEqual([['baseline: ○→×'], [], [], []]);
  });

  it('promptFlips lists a prompt\'s flips across problems', () => {
    expect(promptFlips(rows, 'baseline')).toEqual(['P01: ○→×']);
    expect(promptFlips(rows, 'variant')).toEqual([]);
  });
});

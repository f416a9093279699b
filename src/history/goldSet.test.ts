import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import type { LabeledUnit } from './agreement.ts';
import { applyGold, GOLD_COLUMNS, goldLine, parseGoldTsv } from './goldSet.ts';

const HEADER = GOLD_COLUMNS.join('\t');
const lu = (unit: string, verdict: LabeledUnit['verdict'], run = 1): LabeledUnit => ({ series: 'reliability-design', round: 6, prompt: 'baseline', run, unit, verdict, severity: null, detail: `s.md:${unit}` });

describe('parseGoldTsv', () => {
  it('reads rows (round 006 or 6, note optional), skipping blank and # lines', () => {
    const rows = parseGoldTsv(`${HEADER}\nreliability-design\t006\tbaseline\t1\tP06\t△\tsame finding as round 7\n\n# a comment\nreliability-design\t6\tbaseline\t2\tP01\t○\n`, 'gold.tsv');
    expect(rows).toEqual([
      { series: 'reliability-design', round: 6, prompt: 'baseline', run: 1, unit: 'P06', verdict: '△', note: 'same finding as round 7', at: 'gold.tsv:2' },
      { series: 'reliability-design', round: 6, prompt: 'baseline', run: 2, unit: 'P01', verdict: '○', note: '', at: 'gold.tsv:5' },
    ]);
  });

  const bad: Array<[string, string, RegExp]> = [
    ['wrong header', 'series\tround\n', /gold.tsv:1: header must be/],
    ['bad verdict', `${HEADER}\nr\t006\tbaseline\t1\tP01\tX\t\n`, /gold.tsv:2: verdict: expected ○, △ or × \(or detected, partial, undetected\), got 'X'/],
    ['bad round', `${HEADER}\nr\tr6\tbaseline\t1\tP01\t○\t\n`, /gold.tsv:2: round/],
    ['bad unit', `${HEADER}\nr\t006\tbaseline\t1\t1\t○\t\n`, /gold.tsv:2: unit/],
    ['too few fields', `${HEADER}\nr\t006\tbaseline\t1\tP01\n`, /gold.tsv:2: expected 7 tab-separated fields/],
    ['the ? calibration.html pre-fills', `${HEADER}\nr\t006\tbaseline\t1\tP01\t?\tjudge ○, history ×\n`, /^gold.tsv:2: not adjudicated yet: put ○, △ or ×$/],
    ['a comment before a wrong header: the header line is named', `# mine\nseries\tround\n`, /gold.tsv:2: header must be/],
    ['duplicate', `${HEADER}\nr\t006\tb\t1\tP01\t○\t\nr\t6\tb\t1\tP01\t×\t\n`, /gold.tsv:3: the same unit as line 2/],
  ];
  it.each(bad)('%s → InputError with file and line', (_n, text, message) => {
    let err: unknown;
    try { parseGoldTsv(text, 'gold.tsv'); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).format()).toMatch(message);
  });
});

describe('parseGoldTsv: what editors and graders write', () => {
  const one = (verdict: string) => `r\t006\tb\t1\tP01\t${verdict}\tn`;
  const cases: Array<[string, string, Partial<Record<'verdict' | 'note' | 'at', string>>]> = [
    ['BOM and CRLF line ends', `\uFEFF${HEADER}\r\n${one('○')}\r\n`, { verdict: '○', note: 'n', at: 'g:2' }],
    ['◯ (U+25EF)', `${HEADER}\n${one('◯')}\n`, { verdict: '○' }],
    ['〇', `${HEADER}\n${one('〇')}\n`, { verdict: '○' }],
    ['⭕', `${HEADER}\n${one('⭕')}\n`, { verdict: '○' }],
    ['✕', `${HEADER}\n${one('✕')}\n`, { verdict: '×' }],
    ['╳', `${HEADER}\n${one('╳')}\n`, { verdict: '×' }],
    ['▲', `${HEADER}\n${one('▲')}\n`, { verdict: '△' }],
    ['the word detected', `${HEADER}\n${one('detected')}\n`, { verdict: '○' }],
    ['the word Partial', `${HEADER}\n${one('Partial')}\n`, { verdict: '△' }],
    ['the word undetected', `${HEADER}\n${one('undetected')}\n`, { verdict: '×' }],
    ['# comments before the header and between rows', `# my gold set\n\n${HEADER}\n  # indented comment\n${one('○')}\n`, { verdict: '○', at: 'g:5' }],
    ['a header without note', `series\tround\tprompt\trun\tunit\tverdict\nr\t006\tb\t1\tP01\t×\n`, { verdict: '×', note: '' }],
    ['a header and rows with a trailing tab (spreadsheet export)', `${HEADER}\t\n${one('△')}\t\n`, { verdict: '△', note: 'n' }],
  ];
  it.each(cases)('%s', (_name, text, want) => {
    const rows = parseGoldTsv(text, 'g');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject(want);
  });
});

describe('applyGold', () => {
  it('replaces exactly the gold units, counts overrides, changes and unused rows, and keeps the history in the detail', () => {
    const history = [lu('P01', '○'), lu('P02', '×'), lu('P03', '△'), lu('P04', '○'), lu('P01', '×', 2)];
    const gold = parseGoldTsv(`${HEADER}\nreliability-design\t006\tbaseline\t1\tP02\t△\tsee round 7\nreliability-design\t006\tbaseline\t1\tP03\t△\t\nreliability-design\t006\tbaseline\t2\tP01\t○\t\nreliability-design\t006\tbaseline\t9\tP01\t○\t\n`, 'g.tsv');
    const { units, applied } = applyGold(history, gold, 'g.tsv');
    expect(applied).toEqual({ file: 'g.tsv', goldOverrides: 3, changed: 2, unused: 1 });
    expect(units.map((u) => u.verdict)).toEqual(['○', '△', '△', '○', '○']);
    expect(units[1]!.detail).toBe('gold g.tsv:2: see round 7 (history: × s.md:P02)');
    expect(units[0]).toBe(history[0]);
    expect(units[3]).toBe(history[3]);
  });
});

describe('goldLine', () => {
  it('with the placeholder verdict ?: refused by parseGoldTsv until adjudicated', () => {
    const line = goldLine(lu('P06', '×'), '?', 'judge ○, history ×');
    expect(() => parseGoldTsv(`${HEADER}\n${line}\n`, 'g')).toThrow(/not adjudicated yet/);
    expect(parseGoldTsv(`${HEADER}\n${line.replace('\t?\t', '\t△\t')}\n`, 'g')[0]).toMatchObject({ verdict: '△', note: 'judge ○, history ×' });
  });

  it('is a line parseGoldTsv reads back, tabs in the note flattened', () => {
    const line = goldLine(lu('P06', '×'), '△', 'judge\tright');
    expect(line).toBe('reliability-design\t006\tbaseline\t1\tP06\t△\tjudge right');
    expect(parseGoldTsv(`${HEADER}\n${line}\n`, 'g')[0]).toMatchObject({ unit: 'P06', verdict: '△', note: 'judge right', round: 6 });
  });
});

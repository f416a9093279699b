import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { parseScoringFile, scoringFileName } from './parseScoringFile.ts';
import { ScoringFile } from './ScoringFile.ts';
import { cellVerdict, normProblemId, runsMentioned } from './verdictText.ts';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/scoring');
/** Parses a fixture and checks the result against the ScoringFile schema. */
const parse = (name: string) => ScoringFile.parse(parseScoringFile(readFileSync(path.join(FIXTURES, name), 'utf8'), `test/fixtures/scoring/${name}`));

/** `run/problem` → verdict, for compact expectations. */
const table = (f: ScoringFile) => Object.fromEntries(f.verdicts.map((v) => [`${v.run}/${v.problem}`, v.verdict]));
const lineOf = (f: ScoringFile, run: number, problem: string) => f.verdicts.find((v) => v.run === run && v.problem === problem)?.line;

describe('parseScoringFile: layouts', () => {
  it('per-run sections with a one-verdict-column table (English), penalty table reusing P ids, correction table', () => {
    const f = parse('v001-baseline-scoring.md');
    expect(f.round).toBe(1);
    expect(f.prompt).toBe('baseline');
    expect(table(f)).toEqual({
      '1/P01': '○', '1/P02': '△', '1/P03': '×',
      '2/P01': '○', '2/P02': '○', '2/P03': '×',
    });
    // The correction table at the end wins for run 2 P03 (△ in the run 2 matrix).
    expect(lineOf(f, 2, 'P03')).toBe(59);
    expect(f.warnings.map((w) => w.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/penalty heading without a detection column/),
        'run 2 P03: △ (line 37) superseded by ×',
      ]),
    );
    expect(f.bonusCounts).toEqual({ 1: 1, 2: 0 });
    expect(f.penaltyCounts).toEqual({ 1: 2, 2: 1 });
  });

  it('one combined table with a column per run (Japanese): **○**, ○ 検出, △ (0.5), × → △, P3, and a 訂正 table', () => {
    const f = parse('v002-variant-combined-scoring.md');
    expect(f.prompt).toBe('variant-combined');
    expect(table(f)).toEqual({
      '1/P01': '○', '1/P02': '△', '1/P03': '×', '1/P04': '△',
      '2/P01': '○', '2/P02': '△', '2/P03': '×', '2/P04': '○',
    });
    expect(lineOf(f, 2, 'P02')).toBe(31);
    expect(f.bonusCounts).toEqual({ 1: 2, 2: 5 });
    expect(f.penaltyCounts).toEqual({ 1: 0, 2: 1 });
  });

  it('a transposed table (rows = runs) with bonus and penalty count columns', () => {
    const f = parse('v003-variant-transposed-scoring.md');
    expect(table(f)).toEqual({
      '1/P01': '○', '1/P02': '△', '1/P03': '×', '1/P04': '○',
      '2/P01': '○', '2/P02': '○', '2/P03': '△', '2/P04': '×',
    });
    expect(f.bonusCounts).toEqual({ 1: 3, 2: 1 });
    expect(f.penaltyCounts).toEqual({ 1: 1, 2: 0 });
  });

  it('per-problem subsections (**判定**: ○), criteria and reasons ignored, nested re-evaluation and a Correction line', () => {
    const f = parse('v004-variant-subsections-scoring.md');
    expect(table(f)).toEqual({ '1/P01': '○', '1/P02': '×', '2/P01': '△', '2/P02': '△' });
    expect(lineOf(f, 2, 'P02')).toBe(30);
    expect(f.bonusCounts).toEqual({ 1: 1, 2: 0 });
    expect(f.penaltyCounts).toEqual({});
  });

  it('bullet lists: symbols, scores, (○): 1.0, ○/○ pairs; penalty bullets and run-to-run notes are not verdicts', () => {
    const f = parse('v005-variant-bullets-scoring.md');
    expect(table(f)).toEqual({
      '1/P01': '○', '1/P02': '△', '1/P03': '×', '1/P04': '○',
      '2/P01': '○', '2/P02': '×', '2/P03': '△', '2/P04': '○',
    });
    expect(f.bonusCounts).toEqual({ 1: 2 });
    expect(f.penaltyCounts).toEqual({ 1: 0, 2: 2 });
    expect(f.warnings).toEqual([]);
  });

  it('the last verdict for a (run, problem) wins and keeps its line', () => {
    const text = ['## Run 1', '| ID | Detection |', '|--|--|', '| P01 | ○ |', '', '## Run 1 (re-check)', '- P01: × (0.0)'].join('\n');
    const f = parseScoringFile(text, 'v009-p-scoring.md');
    expect(f.verdicts).toEqual([{ run: 1, problem: 'P01', verdict: '×', line: 7 }]);
    expect(f.warnings).toEqual([{ line: 7, message: 'run 1 P01: ○ (line 4) superseded by ×' }]);
  });

  it('warns about verdicts with no run and about problems one run lacks', () => {
    const text = ['| ID | Detection |', '|--|--|', '| P01 | ○ |', '', '| ID | Run1 | Run2 |', '|--|--|--|', '| P01 | ○ | △ |', '| P02 | × | |'].join('\n');
    const f = parseScoringFile(text, 'v009-p-scoring.md');
    expect(table(f)).toEqual({ '1/P01': '○', '2/P01': '△', '1/P02': '×' });
    expect(f.warnings.map((w) => w.message)).toEqual([
      'run 2 has no verdict for P02',
      'verdict table (column "Detection") under no heading naming a run: ignored',
    ]);
  });
});

describe('parseScoringFile: unreadable input', () => {
  it('throws InputError with the reason when no verdicts are found', () => {
    const text = readFileSync(path.join(FIXTURES, 'v006-broken-scoring.md'), 'utf8');
    expect(() => parseScoringFile(text, 'x/v006-broken-scoring.md')).toThrowError(InputError);
    expect(() => parseScoringFile(text, 'x/v006-broken-scoring.md')).toThrowError(/no verdict table found/);
    try {
      parseScoringFile(text, 'x/v006-broken-scoring.md');
    } catch (e) {
      expect((e as InputError).file).toBe('x/v006-broken-scoring.md');
    }
  });

  it('throws InputError for a file name without round and prompt', () => {
    expect(() => parseScoringFile('| P01 | ○ |', 'scores.md')).toThrowError(/vNNN-<prompt>-scoring\.md/);
  });
});

describe('scoring file helpers', () => {
  it.each([
    ['rounds/a/results/v012-variant-x-y-scoring.md', { round: 12, prompt: 'variant-x-y' }],
    ['v001-baseline-scoring.md', { round: 1, prompt: 'baseline' }],
    ['v01-baseline-scoring.md', null],
    ['v001-baseline-run1.md', null],
  ])('scoringFileName(%s)', (file, expected) => {
    expect(scoringFileName(file)).toEqual(expected);
  });

  it.each([
    ['○', '○'],
    ['○ (1.0)', '○'],
    ['**○**', '○'],
    ['○ 検出', '○'],
    ['△ Partial', '△'],
    ['× → △', '△'],
    ['◯', '○'],
    ['1.0', null],
    ['Run1 ○ but Run2 ×', null],
    ['name (× → ○)', null],
    ['', null],
  ])('cellVerdict(%j) = %j', (cell, expected) => {
    expect(cellVerdict(cell)).toBe(expected);
  });

  it('normalises problem ids and finds run mentions', () => {
    expect(normProblemId('P1')).toBe('P01');
    expect(normProblemId('p10')).toBe('P10');
    expect(runsMentioned('Run 1 vs run2 (v001-baseline-run1.md)')).toEqual([1, 2]);
    expect(runsMentioned('Round 2 results')).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { LABELS_COLUMNS, parseLabelsTsv } from './labelsTsv.ts';

const HEADER = LABELS_COLUMNS.join('\t');
const row = (over: Partial<Record<(typeof LABELS_COLUMNS)[number], string>> = {}) =>
  LABELS_COLUMNS.map((c) => over[c] ?? {
    target: 'security-design',
    round: '004',
    prompt: 'baseline',
    run: '2',
    problem_id: 'P03',
    verdict: '△',
    points: '0.5',
    report_matrix_verdict: '△',
    scoring_file: 'rounds/security-design/results/v004-baseline-scoring.md',
    answer_key_file: 'rounds/security-design/answer-key-round-004.md',
    run_file: 'rounds/security-design/results/v004-baseline-run2.md',
  }[c]).join('\t');

function failure(text: string): InputError {
  try {
    parseLabelsTsv(text, 'labels.tsv');
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('parseLabelsTsv', () => {
  it('types every field', () => {
    const rows = parseLabelsTsv(`${HEADER}\n${row()}\n${row({ run: '1', verdict: '○', points: '1.0', report_matrix_verdict: '' })}\n`, 'labels.tsv');
    expect(rows).toEqual([
      {
        line: 2,
        target: 'security-design',
        round: 4,
        prompt: 'baseline',
        run: 2,
        problemId: 'P03',
        verdict: '△',
        points: 0.5,
        reportMatrixVerdict: '△',
        scoringFile: 'rounds/security-design/results/v004-baseline-scoring.md',
        answerKeyFile: 'rounds/security-design/answer-key-round-004.md',
        runFile: 'rounds/security-design/results/v004-baseline-run2.md',
      },
      expect.objectContaining({ line: 3, run: 1, verdict: '○', points: 1, reportMatrixVerdict: null }),
    ]);
  });

  it('accepts CRLF and a BOM', () => {
    expect(parseLabelsTsv(`\uFEFF${HEADER}\r\n${row()}\r\n`, 'labels.tsv')).toHaveLength(1);
  });

  it('rejects a wrong header at line 1', () => {
    const e = failure(`target\tround\n${row()}`);
    expect(e.line).toBe(1);
    expect(e.format()).toMatch(/^labels\.tsv:1: header must be/);
  });

  it.each<[Partial<Record<(typeof LABELS_COLUMNS)[number], string>>, RegExp]>([
    [{ verdict: 'o' }, /verdict: expected ○, △ or ×/],
    [{ points: '1.0' }, /points 1\.0 do not match verdict △/],
    [{ points: 'half' }, /points: not a number/],
    [{ round: '4' }, /round: expected three digits/],
    [{ run: '0' }, /run: expected a positive integer/],
    [{ problem_id: 'P3' }, /problem_id: expected P01-style id/],
    [{ report_matrix_verdict: '?' }, /report_matrix_verdict/],
    [{ scoring_file: '' }, /scoring_file: empty/],
  ])('rejects a bad field %j with file:line', (over, message) => {
    const e = failure(`${HEADER}\n${row()}\n${row({ ...over, problem_id: over.problem_id ?? 'P04' })}`);
    expect(e.file).toBe('labels.tsv');
    expect(e.line).toBe(3);
    expect(e.message).toMatch(message);
  });

  it('rejects a row with a missing field and a duplicate row', () => {
    expect(failure(`${HEADER}\n${row().split('\t').slice(0, 10).join('\t')}`).message).toMatch(/expected 11 tab-separated fields, got 10/);
    expect(failure(`${HEADER}\n${row()}\n${row()}`).message).toMatch(/duplicate of line 2/);
  });
});

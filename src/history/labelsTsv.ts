/** Reads the corpus's labels.tsv: per-problem verdicts machine-extracted from the workflow's scoring files. */
import { InputError } from '../errors.ts';
import type { Ordinal } from './kappa.ts';
import { DEFAULT_RUBRIC } from '../types/Rubric.ts';

/** The columns of labels.tsv, in order. */
export const LABELS_COLUMNS = [
  'target',
  'round',
  'prompt',
  'run',
  'problem_id',
  'verdict',
  'points',
  'report_matrix_verdict',
  'scoring_file',
  'answer_key_file',
  'run_file',
] as const;

/** One labelled verdict: a problem of one run of one prompt in one round. */
export interface LabelRow {
  /** 1-based line in the TSV. */
  line: number;
  /** Perspective folder, e.g. `security-design`. */
  target: string;
  round: number;
  prompt: string;
  run: number;
  /** `P01`…: two digits. */
  problemId: string;
  verdict: Ordinal;
  /** 1.0, 0.5 or 0.0, matching the verdict. */
  points: number;
  /** The verdict the round's comparison report shows, or null when the report has none. */
  reportMatrixVerdict: Ordinal | null;
  /** Paths relative to the corpus root. */
  scoringFile: string;
  answerKeyFile: string;
  runFile: string;
}

const POINTS: Record<Ordinal, number> = DEFAULT_RUBRIC.points;

/** Parses labels.tsv; a wrong header or a malformed row throws InputError with file and line. */
export function parseLabelsTsv(text: string, file: string): LabelRow[] {
  const lines = (text.startsWith('\uFEFF') ? text.slice(1) : text).split(/\r?\n/);
  const header = (lines[0] ?? '').split('\t');
  if (header.join('\t') !== LABELS_COLUMNS.join('\t')) {
    throw new InputError(`header must be: ${LABELS_COLUMNS.join(' ')} (got: ${header.join(' ')})`, file, 1);
  }
  const rows: LabelRow[] = [];
  const seen = new Map<string, number>();
  lines.slice(1).forEach((raw, i) => {
    const line = i + 2;
    if (raw.trim() === '') return;
    const cells = raw.split('\t');
    const fail = (message: string): never => {
      throw new InputError(message, file, line);
    };
    if (cells.length !== LABELS_COLUMNS.length) fail(`expected ${LABELS_COLUMNS.length} tab-separated fields, got ${cells.length}`);
    const [target, round, prompt, run, problemId, verdict, points, report, scoringFile, answerKeyFile, runFile] = cells as [
      string, string, string, string, string, string, string, string, string, string, string,
    ];
    if (!/^[\w.-]+$/.test(target)) fail(`target: not a folder name: '${target}'`);
    if (!/^\d{3}$/.test(round)) fail(`round: expected three digits, got '${round}'`);
    if (prompt.trim() === '') fail('prompt: empty');
    if (!/^\d+$/.test(run) || Number(run) < 1) fail(`run: expected a positive integer, got '${run}'`);
    if (!/^P\d{2}$/.test(problemId)) fail(`problem_id: expected P01-style id, got '${problemId}'`);
    if (!isOrdinal(verdict)) fail(`verdict: expected ○, △ or ×, got '${verdict}'`);
    if (report !== '' && !isOrdinal(report)) fail(`report_matrix_verdict: expected ○, △, × or empty, got '${report}'`);
    const pts = Number(points);
    if (points.trim() === '' || !Number.isFinite(pts)) fail(`points: not a number: '${points}'`);
    if (pts !== POINTS[verdict as Ordinal]) fail(`points ${points} do not match verdict ${verdict}`);
    for (const [name, value] of [['scoring_file', scoringFile], ['answer_key_file', answerKeyFile], ['run_file', runFile]] as const) {
      if (value.trim() === '') fail(`${name}: empty`);
    }
    const key = `${scoringFile}\u0000${run}\u0000${problemId}`;
    const dup = seen.get(key);
    if (dup !== undefined) fail(`duplicate of line ${dup} (same scoring_file, run, problem_id)`);
    seen.set(key, line);
    rows.push({
      line,
      target,
      round: Number(round),
      prompt,
      run: Number(run),
      problemId,
      verdict: verdict as Ordinal,
      points: pts,
      reportMatrixVerdict: report === '' ? null : (report as Ordinal),
      scoringFile,
      answerKeyFile,
      runFile,
    });
  });
  return rows;
}

function isOrdinal(s: string): s is Ordinal {
  return s === '○' || s === '△' || s === '×';
}

/** Verdicts stated in markdown tables: per-run single-column tables, combined run columns, transposed tables. */
import type { ScoringWarning, VerdictEvent } from './ScoringFile.ts';
import { inPenaltySection, type TableBlock } from './scoringDocument.ts';
import { cellVerdict, leadingProblemId, plain, singleRun } from './verdictText.ts';

/** Header words of a column that states the detection verdict (rather than a score or a note). */
const VERDICT_HEADER = /detect|判定|検出|status|result|verdict|judg|rating|assessment|評価|結果|状況|run/i;
/** Header words of a score column (numbers, possibly with a symbol copied in). */
const SCORE_HEADER = /score|スコア|点|points?|pts/i;

/** Reads the verdicts of one table; tables without a problem-id column or a verdict column yield nothing. */
export function tableVerdicts(t: TableBlock, warnings: ScoringWarning[]): VerdictEvent[] {
  const header = t.header.map(plain);
  const transposed = transposedVerdicts(t, header);
  if (transposed) return transposed;

  const idCol = problemColumn(t);
  if (idCol < 0) return [];
  const rows = t.rows
    .map((r) => ({ ...r, problem: leadingProblemId(r.cells[idCol] ?? '') }))
    .filter((r): r is typeof r & { problem: string } => r.problem !== null);
  const withVerdicts = (c: number) => rows.filter((r) => cellVerdict(r.cells[c] ?? '') !== null).length;

  const candidates = header
    .map((h, c) => ({ c, h, run: singleRun(h), n: c === idCol ? 0 : withVerdicts(c) }))
    .filter((x) => x.n > 0);
  // A penalty table may number its items P01, P02…: only a column that says it holds detections counts there.
  if (inPenaltySection(t.path) && !candidates.some((x) => /detect|検出|run\s*\d/i.test(x.h))) {
    warnings.push({ line: t.headerLine, message: 'P-numbered rows under a penalty heading without a detection column: read as penalty items, not verdicts' });
    return [];
  }
  if (candidates.length === 0) return [];

  const byRun = new Map<number, { c: number; h: string }>();
  for (const x of candidates) {
    if (x.run === null) continue;
    const prev = byRun.get(x.run);
    if (!prev || (SCORE_HEADER.test(prev.h) && !SCORE_HEADER.test(x.h))) byRun.set(x.run, x);
  }
  const events: VerdictEvent[] = [];
  if (byRun.size > 0) {
    for (const r of rows) {
      for (const [run, { c }] of byRun) {
        const v = cellVerdict(r.cells[c] ?? '');
        if (v) events.push({ run, problem: r.problem, verdict: v, line: r.line });
      }
    }
    return events;
  }

  const col = pickSingleColumn(candidates);
  if (t.run === null) {
    warnings.push({ line: t.headerLine, message: `verdict table (column "${col.h}") under no heading naming a run: ignored` });
    return [];
  }
  for (const r of rows) {
    const v = cellVerdict(r.cells[col.c] ?? '');
    if (v) events.push({ run: t.run, problem: r.problem, verdict: v, line: r.line });
  }
  return events;
}

/**
 * The problem-id column: the first one, or the second when the first only numbers the rows. Ids met
 * further right are mentions inside a bonus or penalty rationale (`P06で指摘`), not row keys.
 */
function problemColumn(t: TableBlock): number {
  const ids = (c: number) => t.rows.filter((r) => leadingProblemId(r.cells[c] ?? '') !== null).length;
  if (ids(0) > 0 && ids(0) * 2 >= t.rows.length) return 0;
  const numbered = t.rows.every((r) => /^\s*#?\d*\.?\s*$/.test(r.cells[0] ?? ''));
  if (numbered && ids(1) > 0 && ids(1) * 2 >= t.rows.length) return 1;
  return -1;
}

/** Of the columns holding verdicts, the one a single-run table states its verdict in. */
function pickSingleColumn(cands: Array<{ c: number; h: string; n: number }>): { c: number; h: string } {
  const named = cands.filter((x) => VERDICT_HEADER.test(x.h) && !SCORE_HEADER.test(x.h));
  const pool = named.length > 0 ? named : cands.filter((x) => !SCORE_HEADER.test(x.h));
  return (pool.length > 0 ? pool : cands).reduce((a, b) => (b.n > a.n ? b : a));
}

/** A table whose header lists problems (`| Run | P01 | P02 | ...`) and whose rows are runs; null if not one. */
function transposedVerdicts(t: TableBlock, header: string[]): VerdictEvent[] | null {
  const pCols = header.map((h) => (/^P\d{1,2}$/.test(h) ? leadingProblemId(h) : null));
  if (pCols.filter((p) => p !== null).length < 2) return null;
  const events: VerdictEvent[] = [];
  for (const r of t.rows) {
    const run = singleRun(r.cells[0] ?? '');
    if (run === null) continue;
    pCols.forEach((p, c) => {
      const v = p ? cellVerdict(r.cells[c] ?? '') : null;
      if (p && v) events.push({ run, problem: p, verdict: v, line: r.line });
    });
  }
  return events;
}

import type { AnswerKey } from '../types/AnswerKey.ts';
import type { ProblemRow } from '../types/Report.ts';
import type { UnitVerdict } from '../types/Verdicts.ts';

type Cell = ProblemRow['cells'][number];

/**
 * The verdict sequence of one prompt's runs when they differ, e.g. `○→×` (run order), else null.
 *
 * Unscored runs are left out: a judge failure is not a change in the review. Null when all runs agree.
 */
export function flipOf(cells: readonly Pick<Cell, 'run' | 'verdict'>[]): string | null {
  const seq = [...cells].sort((a, b) => a.run - b.run).map((c) => c.verdict).filter((v) => v !== 'unscored');
  return new Set(seq).size > 1 ? seq.join('→') : null;
}

/**
 * The problem table: one row per planted problem with its cells and flips.
 *
 * Rows follow key order, then unit ids not in the key (titled as such, never dropped); cells are
 * ordered by `promptOrder` then run; flips per prompt read `baseline: ○→×`.
 */
export function problemTable(units: readonly UnitVerdict[], key: AnswerKey, promptOrder: readonly string[]): ProblemRow[] {
  const rank = (prompt: string) => {
    const i = promptOrder.indexOf(prompt);
    return i < 0 ? promptOrder.length : i;
  };
  const byProblem = new Map<string, UnitVerdict[]>();
  for (const u of units) byProblem.set(u.unit, [...(byProblem.get(u.unit) ?? []), u]);
  const known = new Set(key.problems.map((p) => p.id));
  const extra = [...byProblem.keys()].filter((id) => !known.has(id)).sort();
  const rows = [
    ...key.problems.map((p) => ({ id: p.id, title: p.title, severity: p.severity.level ?? (p.severity.raw || null), criteria: { ...p.criteria } })),
    ...extra.map((id) => ({ id, title: '(not in the answer key)', severity: null })),
  ];
  return rows.map((row) => {
    const cells: Cell[] = (byProblem.get(row.id) ?? [])
      .map((u) => ({ prompt: u.review.prompt, run: u.review.run, verdict: u.verdict, agreement: u.agreement }))
      .sort((a, b) => rank(a.prompt) - rank(b.prompt) || (a.prompt < b.prompt ? -1 : a.prompt > b.prompt ? 1 : 0) || a.run - b.run);
    const prompts = [...new Set(cells.map((c) => c.prompt))];
    const flips = prompts.flatMap((prompt) => {
      const f = flipOf(cells.filter((c) => c.prompt === prompt));
      return f ? [`${prompt}: ${f}`] : [];
    });
    return { ...row, cells, flips };
  });
}

/** A prompt's flips across problems, e.g. `P03: ○→×`: the problems whose verdict differs between its runs. */
export function promptFlips(rows: readonly ProblemRow[], prompt: string): string[] {
  return rows.flatMap((row) => {
    const f = flipOf(row.cells.filter((c) => c.prompt === prompt));
    return f ? [`${row.id}: ${f}`] : [];
  });
}

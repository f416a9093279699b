import type { Report } from '../types/Report.ts';
import type { Verdicts } from '../types/Verdicts.ts';

/**
 * A review × problem table of verdicts with each run's score as report.json has it (detection,
 * bonus, penalty, total, under the run's rubric): the terminal never computes points of its own.
 * Unscored cells show as `?` and are counted beside the total, never as ×.
 */
export function formatVerdictTable(verdicts: Verdicts, problemIds: string[], report: Report): string {
  const rows = new Map<string, Map<string, Verdicts['units'][number]>>();
  for (const u of verdicts.units) {
    const k = `${u.review.prompt} run${u.review.run}`;
    rows.set(k, (rows.get(k) ?? new Map()).set(u.unit, u));
  }
  const scoreOf = (name: string) => {
    for (const p of report.prompts) for (const r of p.runs) if (`${p.prompt} run${r.run}` === name) return r;
    return undefined;
  };
  const width = Math.max(6, ...[...rows.keys()].map((k) => k.length));
  const lines = [`${'review'.padEnd(width)}  ${problemIds.map((id) => id.padStart(3)).join(' ')}  detection  bonus  penalty  total`];
  for (const [name, cells] of rows) {
    const marks = problemIds.map((id) => {
      const u = cells.get(id);
      return !u ? '  -' : u.verdict === 'unscored' ? '  ?' : `  ${u.verdict}`;
    });
    const s = scoreOf(name);
    const score = s ? `${String(s.detection).padStart(9)}  ${`+${s.bonus}`.padStart(5)}  ${`−${s.penalty}`.padStart(7)}  ${String(s.total).padStart(5)}${s.audited ? '' : ' (not audited)'}${s.unscored.length ? ` + ${s.unscored.length} unscored` : ''}` : '';
    lines.push(`${name.padEnd(width)}  ${marks.join(' ')}  ${score}`);
  }
  return lines.join('\n') + '\n';
}

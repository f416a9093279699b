import type { Verdicts } from '../types/Verdicts.ts';

const POINTS: Record<string, number> = { '○': 1, '△': 0.5, '×': 0 };

/** A review × problem table of verdicts with the detection subtotal; unscored cells shown as `?` and left out of the sum. */
export function formatVerdictTable(verdicts: Verdicts, problemIds: string[]): string {
  const rows = new Map<string, Map<string, Verdicts['units'][number]>>();
  for (const u of verdicts.units) {
    const k = `${u.review.prompt} run${u.review.run}`;
    rows.set(k, (rows.get(k) ?? new Map()).set(u.unit, u));
  }
  const width = Math.max(6, ...[...rows.keys()].map((k) => k.length));
  const lines = [`${'review'.padEnd(width)}  ${problemIds.map((id) => id.padStart(3)).join(' ')}  detection`];
  for (const [name, cells] of rows) {
    let sum = 0;
    let unscored = 0;
    const marks = problemIds.map((id) => {
      const u = cells.get(id);
      if (!u) return '  -';
      if (u.verdict === 'unscored') {
        unscored++;
        return '  ?';
      }
      sum += POINTS[u.verdict]!;
      return `  ${u.verdict}`;
    });
    lines.push(`${name.padEnd(width)}  ${marks.join(' ')}  ${sum}${unscored ? ` (+${unscored} unscored)` : ''}`);
  }
  return lines.join('\n') + '\n';
}

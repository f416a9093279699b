import { formatVoteSplit } from '../judge/voteSplit.ts';
import type { Report } from '../types/Report.ts';
import type { Verdicts } from '../types/Verdicts.ts';

const fmt = (x: number) => String(Math.round(x * 1000) / 1000);

/**
 * Pure: what `--only` changed against the run it built on — every unit whose verdict or agreement
 * changed (with both vote splits), every changed run total and prompt mean, and whether the
 * recommendation changed. Every unit is compared, not only the `--only` ones, so a unit that came
 * back different any other way shows too.
 */
export function diffVerdicts(before: Verdicts, after: Verdicts, beforeReport: Report | null, afterReport: Report): string[] {
  const id = (u: Verdicts['units'][number]) => `${u.review.prompt} run${u.review.run} ${u.unit}`;
  const old = new Map(before.units.map((u) => [id(u), u]));
  const lines = [`compared with run ${before.runId}:`];
  let changed = 0;
  for (const u of after.units) {
    const prev = old.get(id(u));
    if (prev && prev.verdict === u.verdict && prev.agreement === u.agreement) continue;
    changed++;
    const was = prev ? `${prev.verdict} (${formatVoteSplit(prev.votes)})` : '(not judged)';
    lines.push(`  ${id(u)}: ${was} → ${u.verdict} (${formatVoteSplit(u.votes)})`);
  }
  if (!changed) lines.push('  no verdict changed');
  if (!beforeReport) return [...lines, '  (the earlier run has no readable report.json: totals not compared)'];
  for (const p of afterReport.prompts) {
    const q = beforeReport.prompts.find((x) => x.prompt === p.prompt);
    for (const r of p.runs) {
      const s = q?.runs.find((x) => x.run === r.run);
      if (s && s.total !== r.total) lines.push(`  ${p.prompt} run${r.run} total: ${fmt(s.total)} → ${fmt(r.total)}`);
    }
    if (q && q.mean !== p.mean) lines.push(`  ${p.prompt} mean: ${fmt(q.mean)} → ${fmt(p.mean)}`);
  }
  const a = beforeReport.recommendation.prompt;
  const b = afterReport.recommendation.prompt;
  lines.push(a === b ? `  recommendation unchanged: ${b}` : `  recommendation changed: ${a} → ${b}`);
  return lines;
}

import type { Verdicts } from '../types/Verdicts.ts';

/** Lines describing how the given units changed between two runs (`baseline run1 P03: × → △`). */
export function diffVerdicts(before: Verdicts, after: Verdicts, units: string[]): string[] {
  const id = (u: Verdicts['units'][number]) => `${u.review.prompt} run${u.review.run} ${u.unit}`;
  const old = new Map(before.units.map((u) => [id(u), u]));
  const lines = [`compared with run ${before.runId}:`];
  let changed = 0;
  for (const u of after.units) {
    if (!units.includes(u.unit)) continue;
    const prev = old.get(id(u));
    const was = prev ? prev.verdict : '(not judged)';
    if (was === u.verdict && prev?.agreement === u.agreement) continue;
    changed++;
    lines.push(`  ${id(u)}: ${was} → ${u.verdict}  (agreement ${prev ? prev.agreement : '-'} → ${u.agreement})`);
  }
  if (!changed) lines.push('  no verdict changed');
  return lines;
}

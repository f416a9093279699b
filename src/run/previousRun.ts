import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { Manifest } from './Manifest.ts';
import { readJsonOrNull } from './readRun.ts';
import { Verdicts } from './Verdicts.ts';

/** The most recent earlier run with the same fingerprint, or null. Unreadable folders are skipped. */
export async function findPreviousRun(runsDir: string, current: Manifest): Promise<{ manifest: Manifest; verdicts: Verdicts } | null> {
  let best: { manifest: Manifest; verdicts: Verdicts } | null = null;
  for (const name of await readdir(runsDir).catch(() => [] as string[])) {
    if (name === current.runId || name === 'cache') continue;
    const manifest = await readJsonOrNull(path.join(runsDir, name, 'manifest.json'), Manifest);
    if (!manifest || manifest.fingerprint !== current.fingerprint) continue;
    if (best && manifest.createdAt <= best.manifest.createdAt) continue;
    const verdicts = await readJsonOrNull(path.join(runsDir, name, 'verdicts.json'), Verdicts);
    if (verdicts) best = { manifest, verdicts };
  }
  return best;
}


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

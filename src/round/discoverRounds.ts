import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { seriesFolders } from './seriesFolders.ts';
import { parseRunFileName } from './reviewFileName.ts';

/** One round folder with reviews to judge, found under a workflow root. */
export interface DiscoveredRound {
  /** `<perspective>-<target>/` folder. */
  dir: string;
  /** Its name, e.g. `reliability-design`. */
  series: string;
  round: number;
}

/**
 * Finds every `<perspective>-<target>/` folder under a workflow root (or the root itself) that has
 * `answer-key-round-NNN.md` and run files `results/vNNN-*-runR.md` for that round. Sorted by series, round.
 */
export async function discoverRounds(root: string): Promise<DiscoveredRound[]> {
  const candidates = await seriesFolders(root);
  const found: DiscoveredRound[] = [];
  for (const dir of candidates) {
    const resolved = path.resolve(dir);
    const names = await readdir(dir).catch(() => [] as string[]);
    const keyRounds = names.map((n) => /^answer-key-round-(\d+)\.md$/.exec(n)).filter((m) => m !== null).map((m) => Number(m[1]));
    if (!keyRounds.length) continue;
    const runs = (await readdir(path.join(dir, 'results')).catch(() => [] as string[])).map(parseRunFileName).filter((r) => r !== null);
    for (const round of keyRounds.sort((a, b) => a - b)) {
      if (runs.some((r) => r.round === round)) found.push({ dir, series: path.basename(resolved), round });
    }
  }
  return found.sort((a, b) => a.series.localeCompare(b.series) || a.round - b.round);
}

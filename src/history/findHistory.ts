import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { seriesFolders } from '../round/seriesFolders.ts';

/** A round of a series that has historical scoring files. */
export interface HistoryLocation {
  dir: string;
  series: string;
  round: number;
  /** Scoring file names under results/, sorted. */
  scoringFiles: string[];
  /** Run file names (`vNNN-<prompt>-runR.md`) of that round under results/. */
  runFiles: string[];
}

const SCORING = /^v(\d{3})-(.+)-scoring\.md$/;
const RUN = /^v(\d{3})-(.+)-run(\d+)\.md$/;

/** Finds the rounds with `results/vNNN-*-scoring.md` in a round folder, a workflow root, or its `rounds/`. */
export async function findHistory(root: string): Promise<HistoryLocation[]> {
  const dirs = await seriesFolders(root);
  const out: HistoryLocation[] = [];
  for (const dir of dirs) {
    const abs = path.resolve(dir);
    const names = (await readdir(path.join(dir, 'results')).catch(() => [] as string[])).sort();
    const rounds = new Set(names.map((n) => SCORING.exec(n)).filter((m) => m !== null).map((m) => Number(m[1])));
    for (const round of [...rounds].sort((a, b) => a - b)) {
      out.push({
        dir,
        series: path.basename(abs),
        round,
        scoringFiles: names.filter((n) => Number(SCORING.exec(n)?.[1]) === round),
        runFiles: names.filter((n) => Number(RUN.exec(n)?.[1]) === round),
      });
    }
  }
  return out.sort((a, b) => (a.series < b.series ? -1 : a.series > b.series ? 1 : a.round - b.round));
}

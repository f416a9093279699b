import { readdir } from 'node:fs/promises';
import path from 'node:path';

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
  const dirs = [root, ...(await subdirs(root)), ...(await subdirs(path.join(root, 'rounds')))];
  const out: HistoryLocation[] = [];
  const seen = new Set<string>();
  for (const dir of dirs) {
    const abs = path.resolve(dir);
    if (seen.has(abs)) continue;
    seen.add(abs);
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

async function subdirs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory() && e.name !== 'results' && e.name !== 'reports').map((e) => path.join(dir, e.name)).sort();
}

import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { InputError } from '../errors.ts';
import { Report } from '../report/Report.ts';
import { Manifest } from './Manifest.ts';
import { readJsonOrNull } from './readRun.ts';

/** One round's improvement (recommended mean − baseline mean), the input of the convergence rule. */
export const HistoryEntry = z.object({ round: z.number().int(), improvement: z.number() });
export type HistoryEntry = z.infer<typeof HistoryEntry>;

/**
 * The series a run belongs to: the name of its answer key's folder (`reliability-design`). The name,
 * not the path: manifests record paths as typed, relative to wherever that run was started.
 */
export function seriesOf(keyPath: string): string {
  return path.basename(path.dirname(path.resolve(keyPath)));
}

/**
 * Earlier rounds' improvements of the same series found in the runs folder (the latest run of each
 * round wins), merged under a `--history` file's entries. Unreadable run folders are skipped.
 */
export async function loadHistory(runsDir: string, series: string, beforeRound: number, historyFile?: unknown): Promise<HistoryEntry[]> {
  const byRound = new Map<number, { createdAt: string; improvement: number }>();
  for (const name of await readdir(runsDir).catch(() => [] as string[])) {
    if (name === 'cache') continue;
    const manifest = await readJsonOrNull(path.join(runsDir, name, 'manifest.json'), Manifest);
    if (!manifest || manifest.round === null || manifest.round >= beforeRound) continue;
    if (seriesOf(manifest.inputs.key.path) !== series) continue;
    const report = await readJsonOrNull(path.join(runsDir, name, 'report.json'), Report);
    const own = report?.convergence.history.find((h) => h.round === manifest.round);
    if (!own) continue;
    const seen = byRound.get(manifest.round);
    if (!seen || seen.createdAt < manifest.createdAt) byRound.set(manifest.round, { createdAt: manifest.createdAt, improvement: own.improvement });
  }
  const merged = new Map([...byRound].map(([round, v]) => [round, v.improvement]));
  for (const h of historyFile === undefined ? [] : parseHistory(historyFile)) if (h.round < beforeRound) merged.set(h.round, h.improvement);
  return [...merged].map(([round, improvement]) => ({ round, improvement })).sort((a, b) => a.round - b.round);
}

/** Validates a `--history` file: `[{ "round": 5, "improvement": 0.25 }, ...]`. */
export function parseHistory(json: unknown, file = '--history'): HistoryEntry[] {
  const parsed = z.array(HistoryEntry).safeParse(json);
  if (!parsed.success) throw new InputError('expected a JSON array like [{ "round": 5, "improvement": 0.25 }]', file);
  return parsed.data;
}


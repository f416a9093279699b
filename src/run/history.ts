import path from 'node:path';
import { z } from 'zod';
import { InputError } from '../errors.ts';

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

/** Validates a `--history` file: `[{ "round": 5, "improvement": 0.25 }, ...]`. */
export function parseHistory(json: unknown, file = '--history'): HistoryEntry[] {
  const parsed = z.array(HistoryEntry).safeParse(json);
  if (!parsed.success) throw new InputError('expected a JSON array like [{ "round": 5, "improvement": 0.25 }]', file);
  return parsed.data;
}


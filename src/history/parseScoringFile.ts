/** Reads a historical Phase 4 scoring file of the workflow into per-run, per-problem verdicts. */
import { InputError } from '../errors.ts';
import { readDocument, readTables } from './scoringDocument.ts';
import { proseVerdicts } from './scoringProse.ts';
import { tableVerdicts, type ScoringWarning, type VerdictEvent } from './scoringTables.ts';

/** What a scoring file says, verdict by verdict. */
export interface ScoringFile {
  round: number;
  prompt: string;
  verdicts: VerdictEvent[];
  bonusCounts: Record<number, number>;
  penaltyCounts: Record<number, number>;
  warnings: ScoringWarning[];
}

/** Parses a scoring file; the last verdict for a (run, problem) wins. */
export function parseScoringFile(text: string, file: string): ScoringFile {
  const name = /v(\d{3})-(.+)-scoring\.md$/.exec(file);
  if (!name) throw new InputError('file name does not match vNNN-<prompt>-scoring.md', file);
  const warnings: ScoringWarning[] = [];
  const doc = readDocument(text);
  const events: VerdictEvent[] = [];
  if (!process.env.NO_TABLES) for (const t of readTables(doc)) events.push(...tableVerdicts(t, warnings));
  if (!process.env.NO_PROSE) events.push(...proseVerdicts(doc, warnings));
  events.sort((a, b) => a.line - b.line);
  const last = new Map<string, VerdictEvent>();
  for (const e of events) {
    const k = `${e.run}\u0000${e.problem}`;
    last.delete(k);
    last.set(k, e);
  }
  const verdicts = [...last.values()].sort((a, b) => a.run - b.run || a.problem.localeCompare(b.problem));
  if (verdicts.length === 0) throw new InputError('no verdict table found', file);
  return { round: Number(name[1]), prompt: name[2]!, verdicts, bonusCounts: {}, penaltyCounts: {}, warnings };
}

/**
 * Reads a historical Phase 4 scoring file of the workflow (`vNNN-<prompt>-scoring.md`) into
 * per-run, per-problem verdicts. Five layouts are read, in any mix: per-run sections with a
 * one-verdict-column table, one table with a column per run, a transposed table (rows = runs),
 * per-problem subsections (`### P01 …` + `**判定**: ○`), and bullets (`- P01: ○ (1.0)`).
 * Verdicts are taken in file order and the last one for a (run, problem) wins, so correction
 * tables and re-evaluations further down supersede the first matrix.
 */
import { InputError } from '../errors.ts';
import { readCounts } from './scoringCounts.ts';
import { readDocument, readTables } from './scoringDocument.ts';
import { proseVerdicts } from './scoringProse.ts';
import type { ScoringFile, ScoringWarning, VerdictEvent } from './ScoringFile.ts';
import { tableVerdicts } from './scoringTables.ts';

/** The parsed-file types, re-exported so callers import the parser and its result from one place. */
export type { ScoringFile, ScoringWarning, VerdictEvent } from './ScoringFile.ts';
/** The verdict symbol type (○, △, ×). */
export type { HistoricVerdict } from './verdictText.ts';

/** Round and prompt from a scoring file's name: `v012-variant-x-scoring.md` → 12, `variant-x`. */
export function scoringFileName(file: string): { round: number; prompt: string } | null {
  const m = /(?:^|[\\/])v(\d{3})-(.+)-scoring\.md$/.exec(file);
  return m ? { round: Number(m[1]), prompt: m[2]! } : null;
}

/** Parses a scoring file; throws InputError when the name or the content cannot be read. */
export function parseScoringFile(text: string, file: string): ScoringFile {
  const name = scoringFileName(file);
  if (!name) throw new InputError('file name does not match vNNN-<prompt>-scoring.md', file);
  const warnings: ScoringWarning[] = [];
  const doc = readDocument(text);
  const tables = readTables(doc);
  const events: VerdictEvent[] = [];
  for (const t of tables) events.push(...tableVerdicts(t, warnings));
  events.push(...proseVerdicts(doc, warnings));
  if (events.length === 0) {
    const reason = tables.length === 0 ? 'no verdict table found (no tables, no P01-style verdict lines)' : 'no verdict table found (no table pairs problem ids with ○/△/× cells)';
    throw new InputError(reason, file);
  }

  events.sort((a, b) => a.line - b.line);
  const last = new Map<string, VerdictEvent>();
  for (const e of events) {
    const k = `${e.run}/${e.problem}`;
    const prev = last.get(k);
    if (prev && prev.verdict !== e.verdict) {
      warnings.push({ line: e.line, message: `run ${e.run} ${e.problem}: ${prev.verdict} (line ${prev.line}) superseded by ${e.verdict}` });
    }
    last.set(k, e);
  }
  const verdicts = [...last.values()].sort((a, b) => a.run - b.run || a.problem.localeCompare(b.problem));
  warnings.push(...coverageGaps(verdicts));
  warnings.sort((a, b) => a.line - b.line);
  return { ...name, verdicts, ...readCounts(doc, tables), warnings };
}

/** Problems some run has a verdict for and another run lacks. */
function coverageGaps(verdicts: VerdictEvent[]): ScoringWarning[] {
  const runs = [...new Set(verdicts.map((v) => v.run))];
  const problems = [...new Set(verdicts.map((v) => v.problem))].sort();
  const out: ScoringWarning[] = [];
  for (const run of runs) {
    const missing = problems.filter((p) => !verdicts.some((v) => v.run === run && v.problem === p));
    if (missing.length > 0) out.push({ line: 0, message: `run ${run} has no verdict for ${missing.join(', ')}` });
  }
  return out;
}

/** Small text readers shared by the scoring-file extractors: verdict symbols, problem ids, run mentions. */
import type { z } from 'zod';
import type { VerdictSymbol } from '../types/Verdicts.ts';

/** The three detection verdicts of the rubric (the same symbols verdicts.json uses). */
export type HistoricVerdict = z.infer<typeof VerdictSymbol>;

/** Look-alike characters graders used for the rubric symbols. */
const ALIASES: Record<string, HistoricVerdict> = { '◯': '○', '〇': '○', '⭕': '○', '✕': '×', '╳': '×', '▲': '△' };

/** Replaces look-alike symbols by the rubric's ○/△/×. */
export function canonSymbols(s: string): string {
  return s.replace(/[◯〇⭕✕╳▲]/gu, (c) => ALIASES[c] ?? c);
}

/** Drops markdown emphasis and code marks so `**○**` reads like `○`. */
export function plain(s: string): string {
  return canonSymbols(s).replace(/[*_`]/g, '').trim();
}

/**
 * The verdict a table cell states, or null. Accepts `○`, `○ (1.0)`, `**○**`, `○ 検出`, `△ Partial`;
 * a correction inside the cell (`× → △`) yields the symbol after the last arrow. A cell that does not
 * start with a symbol (a note, a rationale, `name (× → ○)`) is not a verdict.
 */
export function cellVerdict(cell: string): HistoricVerdict | null {
  const s = plain(cell);
  if (!leadingVerdict(s)) return null;
  const parts = s.split(ARROW);
  for (let i = parts.length - 1; i >= 0; i--) {
    const v = leadingVerdict(parts[i]!);
    if (v) return v;
  }
  return null;
}

/** Arrows graders wrote between a first verdict and its correction. */
export const ARROW = /→|->|⇒/;

/** The symbol a text starts with (after brackets and spaces), or null. */
export function leadingVerdict(text: string): HistoricVerdict | null {
  const m = /^[\s([【「]*([○△×])/u.exec(plain(text));
  return m ? (m[1] as HistoricVerdict) : null;
}

/** Normalises `P1`, `p01`, `P01` to the two-digit `P01` form the answer keys use. */
export function normProblemId(raw: string): string {
  const n = Number(/\d+/.exec(raw)![0]);
  return `P${String(n).padStart(2, '0')}`;
}

/** The problem id a cell or heading starts with (`P01`, `**P01**`, `P01 (name)`, `P01: name`), or null. */
export function leadingProblemId(text: string): string | null {
  const m = /^[\s[(]*(P\d{1,2})(?![\d\w])/u.exec(plain(text));
  return m ? normProblemId(m[1]!) : null;
}

/** Every distinct run number a text names (`Run 1`, `Run1`, `run-2`, `…-run2.md`), in order of first mention. */
export function runsMentioned(text: string): number[] {
  const out: number[] = [];
  for (const m of plain(text).matchAll(/\brun\s*[-#]?\s*(\d{1,2})(?!\d)/giu)) {
    const n = Number(m[1]);
    if (!out.includes(n)) out.push(n);
  }
  return out;
}

/** The single run a text names, or null when it names none or several. */
export function singleRun(text: string): number | null {
  const runs = runsMentioned(text);
  return runs.length === 1 ? runs[0]! : null;
}

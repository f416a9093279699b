/**
 * The gold set: units a user adjudicated once, whose verdicts replace the history's in every later
 * measurement (`agree --gold`, `calibrate --gold`).
 *
 * Format: a TSV with the header `series round prompt run unit verdict note` (tab-separated; the
 * `note` column may be left out, trailing tabs are ignored); `round` as in the folder names (`006`
 * or `6`), `verdict` ○, △ or × (or the look-alikes ◯ 〇 ⭕ ✕ ╳ ▲ graders use, or the words
 * detected, partial, undetected), `note` free text (may be empty). Blank lines and lines starting
 * with `#` are skipped anywhere, also before the header; a BOM and CRLF line ends are fine.
 * calibration.html prints one such line under every disagreement with the verdict `?`, which this
 * parser refuses until a person puts their verdict there: copying the lines unchanged adjudicates
 * nothing.
 */
import { InputError } from '../errors.ts';
import { unitAddress, type LabeledUnit } from './agreement.ts';
import type { Ordinal } from './kappa.ts';
import { canonSymbols } from './verdictText.ts';

/** The verdict calibration.html pre-fills: not a verdict, refused until a person replaces it. */
export const NOT_ADJUDICATED = '?';

/** The rubric's words for the verdicts (lower case), accepted in place of the symbols. */
const WORDS: Record<string, Ordinal> = { detected: '○', partial: '△', undetected: '×' };

/** A gold file's verdict cell as a verdict, or null when it is none. */
export function goldVerdict(cell: string): Ordinal | null {
  const s = canonSymbols(cell.trim());
  if (s === '○' || s === '△' || s === '×') return s;
  return WORDS[s.toLowerCase()] ?? null;
}

/** The columns of a gold TSV, in order. */
export const GOLD_COLUMNS = ['series', 'round', 'prompt', 'run', 'unit', 'verdict', 'note'] as const;

/** One adjudicated unit. */
export interface GoldRow {
  series: string;
  round: number;
  prompt: string;
  run: number;
  unit: string;
  verdict: Ordinal;
  note: string;
  /** Where it was read: `file:line`. */
  at: string;
}

/** What applying the gold set did, counted so no history verdict changes silently. */
export interface GoldApplied {
  file: string;
  /** History units whose verdict the gold set replaced (same verdict or not). */
  goldOverrides: number;
  /** Of those, units whose verdict differs from the history's. */
  changed: number;
  /** Gold rows that match no unit of the history compared here. */
  unused: number;
}

/** Parses a gold TSV; a wrong header or a malformed row throws InputError with file and line. */
export function parseGoldTsv(text: string, file: string): GoldRow[] {
  const lines = (text.startsWith('\uFEFF') ? text.slice(1) : text).split(/\r?\n/);
  const skip = (raw: string) => raw.trim() === '' || raw.trimStart().startsWith('#');
  const headerAt = lines.findIndex((raw) => !skip(raw));
  const header = (lines[headerAt] ?? '').split('\t').map((c) => c.trim());
  while (header.length && header.at(-1) === '') header.pop();
  const names = header.join('\t');
  if (names !== GOLD_COLUMNS.join('\t') && names !== GOLD_COLUMNS.slice(0, -1).join('\t')) {
    throw new InputError(`header must be the tab-separated columns: ${GOLD_COLUMNS.join(' ')} (note may be left out; got: ${header.join(' ')})`, file, Math.max(0, headerAt) + 1);
  }
  const rows: GoldRow[] = [];
  const seen = new Map<string, number>();
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (i <= headerAt || skip(raw)) return;
    const fail = (message: string): never => {
      throw new InputError(message, file, line);
    };
    const cells = raw.split('\t');
    while (cells.length > GOLD_COLUMNS.length && cells.at(-1)!.trim() === '') cells.pop();
    if (cells.length < 6 || cells.length > 7) fail(`expected ${GOLD_COLUMNS.length} tab-separated fields (note may be empty), got ${cells.length}`);
    const [series, round, prompt, run, unit, verdictCell, note = ''] = cells.map((c) => c.trim()) as [string, string, string, string, string, string, string?];
    if (!/^[\w.-]+$/.test(series)) fail(`series: not a perspective folder name: '${series}'`);
    if (!/^\d{1,3}$/.test(round)) fail(`round: expected a round number like 006, got '${round}'`);
    if (prompt === '') fail('prompt: empty');
    if (!/^\d+$/.test(run) || Number(run) < 1) fail(`run: expected a positive integer, got '${run}'`);
    if (!/^P\d{2,}$/.test(unit)) fail(`unit: expected a problem id like P03, got '${unit}'`);
    if (verdictCell === NOT_ADJUDICATED) fail('not adjudicated yet: put ○, △ or ×');
    const verdict = goldVerdict(verdictCell) ?? fail(`verdict: expected ○, △ or × (or detected, partial, undetected), got '${verdictCell}'`);
    const row: GoldRow = { series, round: Number(round), prompt, run: Number(run), unit, verdict, note, at: `${file}:${line}` };
    const dup = seen.get(unitAddress(row));
    if (dup !== undefined) fail(`the same unit as line ${dup}: adjudicate a unit once`);
    seen.set(unitAddress(row), line);
    rows.push(row);
  });
  return rows;
}

/** Pure: the history with the gold verdicts in place of its own, and the counts of what changed. */
export function applyGold(history: readonly LabeledUnit[], gold: readonly GoldRow[], file: string): { units: LabeledUnit[]; applied: GoldApplied } {
  const byAddress = new Map(gold.map((g) => [unitAddress(g), g]));
  const used = new Set<string>();
  let changed = 0;
  const units = history.map((u) => {
    const g = byAddress.get(unitAddress(u));
    if (!g) return u;
    used.add(unitAddress(u));
    if (g.verdict !== u.verdict) changed++;
    return { ...u, verdict: g.verdict, detail: `gold ${g.at}${g.note ? `: ${g.note}` : ''} (history: ${u.verdict} ${u.detail})` };
  });
  const goldOverrides = history.filter((u) => used.has(unitAddress(u))).length;
  return { units, applied: { file, goldOverrides, changed, unused: gold.length - used.size } };
}

/** One TSV line for a unit, as calibration.html offers it to copy into a gold file (verdict `?` until adjudicated). */
export function goldLine(u: Pick<LabeledUnit, 'series' | 'round' | 'prompt' | 'run' | 'unit'>, verdict: Ordinal | typeof NOT_ADJUDICATED, note: string): string {
  return [u.series, String(u.round).padStart(3, '0'), u.prompt, String(u.run), u.unit, verdict, note.replace(/[\t\r\n]+/g, ' ')].join('\t');
}

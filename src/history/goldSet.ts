/**
 * The gold set: units a user adjudicated once, whose verdicts replace the history's in every later
 * measurement (`agree --gold`, `calibrate --gold`).
 *
 * Format: a TSV with the header `series round prompt run unit verdict note` (tab-separated);
 * `round` as in the folder names (`006` or `6`), `verdict` ○, △ or ×, `note` free text (may be
 * empty). Blank lines and lines starting with `#` are skipped. calibration.html prints one such line
 * under every disagreement, ready to copy.
 */
import { InputError } from '../errors.ts';
import { unitAddress, type LabeledUnit } from './agreement.ts';
import type { Ordinal } from './kappa.ts';

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
  const header = (lines[0] ?? '').split('\t').map((c) => c.trim());
  if (header.join('\t') !== GOLD_COLUMNS.join('\t')) throw new InputError(`header must be the tab-separated columns: ${GOLD_COLUMNS.join(' ')} (got: ${header.join(' ')})`, file, 1);
  const rows: GoldRow[] = [];
  const seen = new Map<string, number>();
  lines.slice(1).forEach((raw, i) => {
    const line = i + 2;
    if (raw.trim() === '' || raw.startsWith('#')) return;
    const fail = (message: string): never => {
      throw new InputError(message, file, line);
    };
    const cells = raw.split('\t');
    if (cells.length < 6 || cells.length > 7) fail(`expected ${GOLD_COLUMNS.length} tab-separated fields (note may be empty), got ${cells.length}`);
    const [series, round, prompt, run, unit, verdict, note = ''] = cells.map((c) => c.trim()) as [string, string, string, string, string, string, string?];
    if (!/^[\w.-]+$/.test(series)) fail(`series: not a perspective folder name: '${series}'`);
    if (!/^\d{1,3}$/.test(round)) fail(`round: expected a round number like 006, got '${round}'`);
    if (prompt === '') fail('prompt: empty');
    if (!/^\d+$/.test(run) || Number(run) < 1) fail(`run: expected a positive integer, got '${run}'`);
    if (!/^P\d{2,}$/.test(unit)) fail(`unit: expected a problem id like P03, got '${unit}'`);
    if (verdict !== '○' && verdict !== '△' && verdict !== '×') fail(`verdict: expected ○, △ or ×, got '${verdict}'`);
    const row: GoldRow = { series, round: Number(round), prompt, run: Number(run), unit, verdict: verdict as Ordinal, note, at: `${file}:${line}` };
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

/** One TSV line for a unit, as calibration.html offers it to copy into a gold file. */
export function goldLine(u: Pick<LabeledUnit, 'series' | 'round' | 'prompt' | 'run' | 'unit'>, verdict: Ordinal, note: string): string {
  return [u.series, String(u.round).padStart(3, '0'), u.prompt, String(u.run), u.unit, verdict, note.replace(/[\t\r\n]+/g, ' ')].join('\t');
}

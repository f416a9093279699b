import { exact } from '../../score/numbers.ts';
import type { Rubric } from '../../types/Rubric.ts';
import type { PromptScore } from '../../types/Report.ts';

/**
 * Text formatting for the workflow files: numbers as the workflow's reports write them (`7.0`,
 * `7.5`, `0.25`), Japanese labels, and untrusted text made safe for one markdown line or table cell.
 */

/** A score with one or two decimals: `7.0`, `7.5`, `7.25`; never `-0.0`. */
export function score(x: number): string {
  const s = exact(x).toFixed(2).replace(/(\.\d)0$/, '$1');
  return s === '-0.0' ? '0.0' : s;
}

/** A difference with its sign: `+1.5`, `-0.25`, and `0.0` for no change. */
export function signed(x: number): string {
  const s = score(x);
  return s === '0.0' || s.startsWith('-') ? s : `+${s}`;
}

/** A bonus as the workflow writes it: `+2.5` (always a plus). */
export function plus(x: number): string {
  return `+${score(x)}`;
}

/** A penalty as the workflow writes it: `-0.5` (always a minus, `-0.0` when none). */
export function minus(x: number): string {
  return `-${score(x)}`;
}

/** A 0..1 share as a percentage with one decimal: `72.2%`. */
export function percent(share: number): string {
  return `${(Math.round(share * 1000) / 10).toFixed(1)}%`;
}

/** `Run1`, as the workflow labels runs. */
export function runName(run: number): string {
  return `Run${run}`;
}

/** Japanese stability label with its band from the rubric: `高安定 (SD ≤ 0.5)`. */
export function stabilityLabel(s: PromptScore['stability'], rubric: Rubric): string {
  const { high, medium } = rubric.stability;
  if (s === 'high') return `高安定 (SD ≤ ${score(high)})`;
  if (s === 'medium') return `中安定 (${score(high)} < SD ≤ ${score(medium)})`;
  return `低安定 (SD > ${score(medium)})`;
}

/** The SD method named as the rubric's setting means it. */
export function sdMethod(rubric: Rubric): string {
  return rubric.sd === 'population' ? '母標準偏差: 2回なら |Run1−Run2|/2' : '標本標準偏差: n−1 で割る';
}

/** Japanese severity for the levels of a ProblemRow when the key's own label is not at hand. */
export function severityLabel(level: string | null): string {
  if (level === null || level === '') return '—';
  return { critical: '重大', major: '中', minor: '軽微' }[level] ?? level;
}

/** Untrusted text on one markdown line: whitespace runs (newlines included) as one space, HTML-significant characters as entities. */
export function inline(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Untrusted text in a table cell: `inline`, clipped to `max` characters, `|` escaped. */
export function cell(text: string, max = 200): string {
  return inline(clip(text.replace(/\s+/g, ' ').trim(), max)).replace(/\|/g, '\\|');
}

/** Cuts text to at most `max` characters, ending with `…` when cut. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** A markdown table. */
export function table(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '------').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

import { formatVoteSplit } from '../judge/voteSplit.ts';
import type { VoteRecord } from '../types/Verdicts.ts';
import type { Rubric } from '../types/Rubric.ts';
import type { EvidenceCount, Report } from '../types/Report.ts';
import { DEFAULT_MAX_DEMOTED_SHARE } from '../score/evidenceCount.ts';
import { isVerdict, VERDICT_NAMES } from '../types/Scale.ts';
import { formatLocal } from './formatSpend.ts';

/** Text formatting shared by the markdown and HTML renderers (numbers, verdict marks, vote splits); output is plain, unescaped text. */

/** A score with at most two decimals and no trailing zeros (8, 8.5, 0.35); never `-0`. */
export function num(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const s = n.toFixed(2).replace(/\.?0+$/, '');
  return s === '-0' ? '0' : s;
}

/** A difference with an explicit sign (+1.25, -0.5, 0). */
export function signed(n: number): string {
  const s = num(n);
  return s === '0' || s.startsWith('-') ? s : `+${s}`;
}

/** The evidence check's effect in one sentence, the same on every page: how many ○/△ votes counted as × for want of a found quote. */
export function evidenceSentence(e: EvidenceCount, limit = DEFAULT_MAX_DEMOTED_SHARE): string {
  if (e.votes === 0) return 'Evidence check: the judge gave no ○/△ vote, so nothing could be demoted.';
  if (e.demoted === 0) return `Evidence check: all ${e.votes} ○/△ votes quoted the review; none demoted.`;
  const share = `${Math.round(e.demotedShare * 1000) / 10}%`;
  return `Evidence check: ${e.demoted} of ${e.votes} ○/△ votes (${share}) demoted to × because their quotes were not found in the review${e.demotedShare > limit + 1e-9 ? ' — so many that the judge or its quotes are suspect, not the reviews (check them with review-judge quote-check)' : ''}.`;
}

/** One line on what was asked again or sent another way, or null when nothing was: numbers that moved for those reasons say so. */
export function retriesSentence(r: Report['retries']): string | null {
  if (!r || r.invalidOutput + r.truncated + r.jsonObjectFallbacks === 0) return null;
  const parts = [
    r.truncated ? `${r.truncated} vote${r.truncated === 1 ? '' : 's'} cut at the output budget and asked again with a larger one` : '',
    r.invalidOutput ? `${r.invalidOutput} malformed answer${r.invalidOutput === 1 ? '' : 's'} asked again` : '',
    r.jsonObjectFallbacks ? `${r.jsonObjectFallbacks} request${r.jsonObjectFallbacks === 1 ? '' : 's'} sent as json_object (the server refused json_schema)` : '',
  ].filter(Boolean);
  return `Retries and fallbacks in this run: ${parts.join('; ')}.`;
}

/** One line on the votes provider batches answered (billed at the batch price), or null when none did. */
export function batchSentence(c: Report['cost']): string | null {
  const b = c?.batch;
  if (!b || b.requests + b.votes === 0) return null;
  return `Batch-billed: ${b.votes} vote${b.votes === 1 ? '' : 's'} from ${b.requests} provider batch entr${b.requests === 1 ? 'y' : 'ies'} at the batch price ($${b.usd.toFixed(4)} of the run's cost); no interactive request answered them.`;
}

/** One line on what the run's local judges used instead of a price, or null when none was asked. */
export function localSentence(c: Report['cost']): string | null {
  return c?.local?.requests ? `Cost: ${formatLocal(c.local)}.` : null;
}

/** A 0..1 share as a whole percentage (67%). */
export function pct(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** The table mark of a verdict: ○ △ × as they are, `?` for unscored or anything unknown. */
export function verdictMark(verdict: string): string {
  return isVerdict(verdict) ? verdict : '?';
}

/** A stable class-name suffix for a verdict: `o`, `t` (△), `x`, `unscored`. */
export function verdictKey(verdict: string): 'o' | 't' | 'x' | 'unscored' {
  return isVerdict(verdict) ? VERDICT_NAMES[verdict].key : 'unscored';
}

/** The vote split of a unit, e.g. `○2 △1 ×0`, with `?1` appended when votes failed. */
export function voteSplit(votes: readonly Pick<VoteRecord, 'verdict'>[]): string {
  return formatVoteSplit(votes, { zeros: true });
}

/** Cuts text to at most `max` characters, ending with `…` when cut. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** The short name of one review run: `baseline r1`. */
export function runLabel(prompt: string, run: number): string {
  return `${prompt} r${run}`;
}

/** The rubric in one line: points per verdict, bonus and penalty with their caps, SD kind. */
export function rubricSummary(rubric: Rubric): string {
  const p = rubric.points;
  const cap = rubric.penalty.maxCount === null ? 'no cap' : `max ${rubric.penalty.maxCount}`;
  return (
    `Rubric: ○ ${num(p['○'])} · △ ${num(p['△'])} · × ${num(p['×'])} · bonus +${num(rubric.bonus.points)} (max ${rubric.bonus.maxCount})` +
    ` · penalty −${num(rubric.penalty.points)} (${cap}) · SD ${rubric.sd}.`
  );
}

import { formatVoteSplit } from '../../judge/voteSplit.ts';
import type { AnswerKey } from '../../types/AnswerKey.ts';
import type { AuditVerdict, UnitVerdict, Verdicts } from '../../types/Verdicts.ts';
import type { ProblemRow, PromptScore, Report } from '../../types/Report.ts';
import { cell, clip, inline, severityLabel } from './format.ts';
import { promptVersionName } from './workflowFileNames.ts';
import { isAuditId } from '../../types/Unit.ts';
import { isVerdict } from '../../types/Scale.ts';

/** Lookups over report.json, verdicts.json and the key shared by the two workflow renderers. */

type Cell = ProblemRow['cells'][number];

/** The round of the files: the report's, else the key's; null when neither knows it. */
export function roundOf(report: Report, key: AnswerKey): number | null {
  return report.round ?? key.round;
}

/** The workflow's name of a prompt: `v006-baseline`, or the bare name when the round is unknown. */
export function displayName(round: number | null, prompt: string): string {
  return round === null ? prompt : promptVersionName(round, prompt);
}

/** The prompt's scores; throws when the report has no such prompt (a caller bug). */
export function promptScore(report: Report, prompt: string): PromptScore {
  const p = report.prompts.find((x) => x.prompt === prompt);
  if (!p) throw new Error(`prompt '${prompt}' is not in the report (${report.prompts.map((x) => x.prompt).join(', ') || 'no prompts'})`);
  return p;
}

/** The problem's cell for one run of one prompt. */
export function cellOf(row: ProblemRow, prompt: string, run: number): Cell | undefined {
  return row.cells.find((c) => c.prompt === prompt && c.run === run);
}

/** Points of a verdict, or null when it is not ○/△/× (unscored: left out, never ×). */
export function pointsOf(verdict: string, rubric: Report['rubric']): number | null {
  return isVerdict(verdict) ? rubric.points[verdict] : null;
}

/** The mark of a cell: ○ △ × as they are, `—` for unscored, `未判定` when the unit was not judged. */
export function mark(c: Cell | undefined): string {
  if (!c) return '未判定';
  return isVerdict(c.verdict) ? c.verdict : '—';
}

/** Category and severity of a problem as the key writes them (the row's level as a fallback). */
export function problemLabels(key: AnswerKey, row: ProblemRow): { category: string; severity: string } {
  const p = key.problems.find((x) => x.id === row.id);
  const raw = p?.severity.raw.trim();
  return { category: p ? cell(p.category, 60) : '—', severity: raw ? cell(raw, 30) : severityLabel(row.severity) };
}

/** A detection unit of verdicts.json. */
export function unitOf(verdicts: Verdicts, prompt: string, run: number, unit: string): UnitVerdict | undefined {
  return verdicts.units.find((u) => u.review.prompt === prompt && u.review.run === run && u.unit === unit);
}

/** The audit of one review. */
export function auditOf(verdicts: Verdicts, prompt: string, run: number): AuditVerdict | undefined {
  return (verdicts.audits ?? []).find((a) => a.review.prompt === prompt && a.review.run === run);
}

/** The review file of a run, as verdicts.json records it. */
export function reviewPath(verdicts: Verdicts, prompt: string, run: number): string | null {
  const u = verdicts.units.find((x) => x.review.prompt === prompt && x.review.run === run);
  return u?.review.path ?? auditOf(verdicts, prompt, run)?.review.path ?? null;
}

/** Why a unit (or `audit`) is unscored: the report's reason, else the verdicts', else a plain word. */
export function unscoredReason(report: Report, verdicts: Verdicts, prompt: string, run: number, unit: string): string {
  const listed = report.unscored.find((u) => u.prompt === prompt && u.run === run && u.unit === unit);
  if (listed) return listed.reason;
  if (isAuditId(unit)) return auditOf(verdicts, prompt, run)?.reason ?? '監査結果なし';
  return unitOf(verdicts, prompt, run, unit)?.reason ?? '理由の記録なし';
}

/** Valid votes per verdict, `○2 △1`, with failed votes as `失敗1`; `—` when there are no votes. */
export function voteSplit(u: UnitVerdict | undefined): string {
  return !u || u.votes.length === 0 ? '—' : formatVoteSplit(u.votes, { failedLabel: '失敗' });
}

/**
 * Where the review shows it and why, from the judges' own records: the first verified evidence
 * (`location「quote」`) and the reasoning of the first vote that agrees with the verdict.
 */
export function evidenceNote(u: UnitVerdict | undefined, unscored: string | null): string {
  if (unscored !== null) return `未採点: ${cell(unscored, 160)}`;
  if (!u) return '—';
  const ev = u.evidence.find((e) => e.verified);
  const vote = [...u.votes].sort((a, b) => a.voteIndex - b.voteIndex).find((v) => v.verdict === u.verdict);
  const where = ev ? `${cell(ev.location, 60)}「${cell(ev.quote, 80)}」` : '';
  const why = vote ? cell(vote.reason, 160) : '';
  return [where, why].filter(Boolean).join(' — ') || '—';
}

/** An audit item's location and quote for a table: `§3.2「…」`. */
export function itemWhere(item: { location: string; quote: string }): string {
  return `${cell(item.location, 60)}「${cell(item.quote, 80)}」`;
}

/** Plain text on one line (for bullet lists), clipped. */
export function line(text: string, max = 160): string {
  return inline(clip(text.replace(/\s+/g, ' ').trim(), max));
}

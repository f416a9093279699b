import type { RunScore } from '../types/Report.ts';
import type { AuditItem, AuditVerdict, UnitVerdict } from '../types/Verdicts.ts';
import { evidenceCount } from './evidenceCount.ts';
import { exact, sum } from './numbers.ts';
import type { Rubric } from '../types/Rubric.ts';

type Item = RunScore['bonuses'][number];

/** The report's view of an audit item (votes and verification stay in verdicts.json). */
function toItem(a: AuditItem): Item {
  return { id: a.id, location: a.location, quote: a.quote, reason: a.reason };
}

type Span = { start: number; end: number };

/** The ○/△ unit whose verified evidence quotes the passage of this bonus, if any. */
function restates(b: AuditItem, units: readonly UnitVerdict[]): string | null {
  if (!b.span) return null;
  const at = b.span;
  const hit = units.find((u) => (u.verdict === '○' || u.verdict === '△') && u.evidence.some((e) => e.span && overlap(e.span, at)));
  return hit?.unit ?? null;
}

function overlap(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

/**
 * Distinct bonuses, first occurrence kept.
 *
 * A listed bonus id (B03) counts once however often it appears (first one kept);
 * unlisted bonuses (id null) each count, the audit having already merged repeated findings.
 */
export function distinctBonuses(bonuses: readonly AuditItem[]): AuditItem[] {
  const seen = new Set<string>();
  return bonuses.filter((b) => (b.id === null ? true : seen.has(b.id) ? false : (seen.add(b.id), true)));
}

/** The rubric's bonus and penalty for the counts found: bonuses capped at bonus.maxCount, penalties only when penalty.maxCount is set. */
export function auditPoints(bonusFound: number, penaltyFound: number, rubric: Rubric): Pick<RunScore, 'bonus' | 'penalty' | 'bonusCount' | 'bonusFound' | 'penaltyCount'> {
  const bonusCount = Math.min(bonusFound, rubric.bonus.maxCount);
  const penaltyCount = rubric.penalty.maxCount === null ? penaltyFound : Math.min(penaltyFound, rubric.penalty.maxCount);
  return { bonus: exact(bonusCount * rubric.bonus.points), penalty: exact(penaltyCount * rubric.penalty.points), bonusCount, bonusFound, penaltyCount };
}

/** The review (prompt, run) that all units and the audit must share; throws on a mix (a caller bug). */
function reviewOf(units: readonly UnitVerdict[], audit: AuditVerdict | undefined): { prompt: string; run: number } {
  const refs = [...units.map((u) => u.review), ...(audit ? [audit.review] : [])];
  const first = refs[0];
  if (!first) throw new Error('scoreRun: no units and no audit, so no run to score');
  const other = refs.find((r) => r.prompt !== first.prompt || r.run !== first.run);
  if (other) throw new Error(`scoreRun: units of ${first.prompt} run ${first.run} mixed with ${other.prompt} run ${other.run}`);
  return first;
}

/**
 * One review run's score per the rubric, every part shown.
 *
 * Detection = Σ points of scored units (unscored units are listed and left out, never counted
 * as ×); bonus = min(distinct bonuses, bonus.maxCount) × points, a bonus whose quote is the
 * evidence of a ○/△ unit of the run left out and listed in `bonusesRestated` (one finding, one credit);
 * penalty = count × points, capped only when penalty.maxCount is set; total = detection + bonus − penalty.
 * A missing or unscored audit gives audited false with bonus and penalty 0. `evidence` counts the
 * ○/△ votes the evidence check demoted to ×, so a score that fell for want of quotes says so.
 */
export function scoreRun(units: readonly UnitVerdict[], audit: AuditVerdict | undefined, rubric: Rubric): RunScore {
  const { run } = reviewOf(units, audit);
  const ids = new Set<string>();
  for (const u of units) {
    if (ids.has(u.unit)) throw new Error(`scoreRun: unit ${u.unit} of ${u.review.prompt} run ${run} appears twice`);
    ids.add(u.unit);
  }
  const points: number[] = [];
  const unscored: string[] = [];
  for (const u of units) {
    if (u.verdict === 'unscored') unscored.push(u.unit);
    else points.push(rubric.points[u.verdict]);
  }
  const detection = sum(points);
  const audited = audit?.status === 'scored';
  const found = audited ? distinctBonuses(audit.bonuses) : [];
  // One finding, one credit: a bonus on the passage a ○/△ unit's evidence quotes is that problem's detection.
  const restated = found.flatMap((b) => {
    const problem = restates(b, units);
    return problem ? [{ ...toItem(b), problem }] : [];
  });
  const bonuses = found.filter((b) => !restates(b, units));
  const penalties = audited ? audit.penalties : [];
  const counted = auditPoints(bonuses.length, penalties.length, rubric);
  return {
    run,
    detection,
    ...counted,
    total: exact(detection + counted.bonus - counted.penalty),
    unscored: unscored.sort(),
    audited,
    bonuses: bonuses.map(toItem),
    penalties: penalties.map(toItem),
    bonusesRestated: restated,
    evidence: evidenceCount(units),
  };
}

import type { PromptScore } from '../types/Report.ts';
import type { Rubric } from '../types/Rubric.ts';
import type { AuditVerdict, UnitVerdict } from '../types/Verdicts.ts';
import { exact, sum } from './numbers.ts';
import { promptStats } from './promptStats.ts';

/** One run as the comparison needs it: its units, its audit and the score it got. */
export interface ComparableRun {
  prompt: string;
  units: readonly UnitVerdict[];
  audit: AuditVerdict | undefined;
  bonus: number;
  penalty: number;
  audited: boolean;
}

/** The prompts' statistics on the data every run has, and what had to be left out for that. */
export interface ComparableScores {
  /** Mean and SD per prompt over the problems scored in every run (and the audit, when every run has one). */
  prompts: Array<Pick<PromptScore, 'prompt' | 'baseline' | 'mean' | 'sd'>>;
  /** Problems left out because some run has them unscored or not judged. */
  leftOut: string[];
  /** True when the bonus/penalty part was left out because some audit is unscored. */
  auditLeftOut: boolean;
  /** True when nothing had to be left out: the comparison is on complete data. */
  complete: boolean;
  /** False when no problem and no audit part is left to compare on. */
  anything: boolean;
}

/**
 * Pure: the prompts' scores restricted to what every run scored, so a comparison never rewards a
 * prompt because the judge failed on another's units (an unscored unit is not a ×, and not a
 * reason to win either). Problems scored in every run of every prompt count; the bonus/penalty
 * part counts when every run's audit is scored (or, with --no-audit, when none is).
 */
export function comparableScores(runs: readonly ComparableRun[], prompts: readonly Pick<PromptScore, 'prompt' | 'baseline'>[], rubric: Rubric): ComparableScores {
  const ids = [...new Set(runs.flatMap((r) => r.units.map((u) => u.unit)))].sort();
  const scoredIn = (r: ComparableRun, id: string) => r.units.some((u) => u.unit === id && u.verdict !== 'unscored');
  const common = ids.filter((id) => runs.every((r) => scoredIn(r, id)));
  const leftOut = ids.filter((id) => !common.includes(id));
  const anyAudit = runs.some((r) => r.audit !== undefined);
  const auditLeftOut = anyAudit && runs.some((r) => !r.audited);
  const total = (r: ComparableRun) => {
    const detection = sum(r.units.filter((u) => common.includes(u.unit) && u.verdict !== 'unscored').map((u) => rubric.points[u.verdict as '○' | '△' | '×']));
    return exact(detection + (auditLeftOut ? 0 : r.bonus - r.penalty));
  };
  return {
    prompts: prompts.map((p) => {
      const totals = runs.filter((r) => r.prompt === p.prompt).map(total);
      const stats = promptStats(totals.length ? totals : [0], rubric);
      return { prompt: p.prompt, baseline: p.baseline, mean: stats.mean, sd: stats.sd };
    }),
    leftOut,
    auditLeftOut,
    complete: leftOut.length === 0 && !auditLeftOut,
    anything: common.length > 0 || (anyAudit && !auditLeftOut),
  };
}

import type { AnswerKey } from '../types/AnswerKey.ts';
import { InputError } from '../errors.ts';
import { Report, type Comparison, type PromptScore } from '../types/Report.ts';
import type { AuditVerdict, UnitVerdict, Verdicts } from '../types/Verdicts.ts';
import { pairedBootstrap, type BootstrapOptions } from './bootstrap.ts';
import { compareVariants } from './compareVariants.ts';
import type { PermutationOptions, RunCells } from './permutationTest.ts';
import { runCells } from './runCells.ts';
import { convergence, roundImprovement, type RoundImprovement } from './convergence.ts';
import { comparisonNoise, noiseBand } from './noiseBand.ts';
import { evidenceCount, sumEvidence } from './evidenceCount.ts';
import { exact } from './numbers.ts';
import { formatVoteSplit } from '../judge/voteSplit.ts';
import { problemTable } from './problemTable.ts';
import { promptStats } from './promptStats.ts';
import { recommend } from './recommend.ts';
import { comparableScores, type ComparableRun, type ComparableScores } from './comparableScores.ts';
import type { Rubric } from '../types/Rubric.ts';
import { scoreRun } from './runScore.ts';
import { withStatedCounts } from './statedCounts.ts';
import { AUDIT_UNIT_ID } from '../types/Unit.ts';

/** What `buildReport` assembles a report from. */
export interface BuildReportInput {
  verdicts: Verdicts;
  key: AnswerKey;
  rubric: Rubric;
  /** The baseline prompt; default: a prompt named `baseline`, else the first prompt by name. */
  baseline?: string;
  /** Earlier rounds' improvements; this round's is appended (replacing an entry for the same round). */
  history?: RoundImprovement[];
  /** This round's number; null when unknown (its history entry is then numbered last + 1, or 1). */
  round: number | null;
  title: string;
  /** Most doubtful units listed (default 10). */
  maxDisagreements?: number;
  /** Bootstrap settings (seed, resamples); defaults are the documented ones. */
  bootstrap?: BootstrapOptions;
  /** A/B permutation test settings (seed, iterations); defaults are the documented ones. */
  abTest?: PermutationOptions;
}

/** Code-point order, so reports never depend on locale. */
const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The baseline prompt's name.
 *
 * The `baseline` option (an InputError when no prompt has that name), else the prompt named
 * `baseline`, else the first prompt in code-point order.
 */
export function chooseBaseline(names: readonly string[], option: string | undefined): string {
  if (option !== undefined) {
    if (!names.includes(option)) throw new InputError(`baseline '${option}' is not among the prompts (${names.join(', ') || 'none'})`);
    return option;
  }
  if (names.includes('baseline')) return 'baseline';
  const first = [...names].sort(byName)[0];
  if (first === undefined) throw new InputError('the verdicts hold no units and no audits: nothing to report');
  return first;
}

/** Valid votes per verdict, in the order ○ △ ×, zero counts left out: `○2 △1`. */
export function voteSplit(unit: UnitVerdict): string {
  return formatVoteSplit(unit.votes);
}

/** Units and audit of each (prompt, run), keyed `prompt\u0000run`; a second audit of one review throws. */
function groupRuns(verdicts: Verdicts): Map<string, { prompt: string; run: number; units: UnitVerdict[]; audit?: AuditVerdict }> {
  const groups = new Map<string, { prompt: string; run: number; units: UnitVerdict[]; audit?: AuditVerdict }>();
  const at = (prompt: string, run: number) => {
    const k = `${prompt}\u0000${run}`;
    const g = groups.get(k) ?? { prompt, run, units: [] };
    groups.set(k, g);
    return g;
  };
  for (const u of verdicts.units) at(u.review.prompt, u.review.run).units.push(u);
  for (const a of verdicts.audits ?? []) {
    const g = at(a.review.prompt, a.review.run);
    if (g.audit) throw new Error(`buildReport: two audits for ${a.review.prompt} run ${a.review.run}`);
    g.audit = a;
  }
  return groups;
}

/** The rule on the comparable scores, its reason saying what was left out; baseline kept when nothing is comparable. */
function incompleteRecommendation(c: ComparableScores, baselineName: string, rubric: Rubric): Report['recommendation'] {
  const leftOut = [...c.leftOut, ...(c.auditLeftOut ? ['bonus/penalty'] : [])];
  if (!c.anything) {
    return { prompt: baselineName, rule: 'baseline', difference: null, complete: false, leftOut, reason: `Not decided: nothing was scored in every run (unscored somewhere: ${leftOut.join(', ')}); the baseline is kept until a complete rerun.` };
  }
  const rec = recommend(c.prompts, baselineName, rubric);
  return { ...rec, complete: false, leftOut, reason: `On what every run scored (left out, unscored somewhere: ${leftOut.join(', ')}): ${rec.reason}` };
}

/**
 * Assembles report.json from verdicts, key and rubric, validated with Report.parse.
 *
 * Contents: per-run scores, prompt statistics and noise bands (baseline first, then
 * by name), the recommendation, convergence over the history plus this round, comparisons with a
 * paired bootstrap interval, vote noise and the A/B verdict with the runs needed, the problem table, unscored units (audits included) and the
 * most doubtful units (scored, agreement < 1, sorted by agreement, unit, prompt order, run).
 * The result is checked with Report.parse, so a bug fails loudly instead of writing a bad report.
 */
export function buildReport(input: BuildReportInput): Report {
  const { verdicts, key, rubric, title, round } = input;
  const groups = [...groupRuns(verdicts).values()];
  const names = [...new Set(groups.map((g) => g.prompt))].sort(byName);
  const baselineName = chooseBaseline(names, input.baseline);
  const order = [baselineName, ...names.filter((n) => n !== baselineName)];
  const rank = (p: string) => order.indexOf(p);

  const arms = new Map<string, RunCells[]>();
  const forComparison: ComparableRun[] = [];
  const prompts: PromptScore[] = order.map((prompt) => {
    const runs = groups.filter((g) => g.prompt === prompt).sort((a, b) => a.run - b.run);
    // Imported history: the bonus and penalty counts its scoring files state stand for the audit.
    const stated = (run: number) => verdicts.statedCounts?.find((c) => c.prompt === prompt && c.run === run);
    const scored = runs.map((g) => ({ score: withStatedCounts(scoreRun(g.units, g.audit, rubric), verdicts.imported ? stated(g.run) : undefined, rubric), units: g.units }));
    runs.forEach((g, i) => forComparison.push({ prompt, units: g.units, audit: g.audit, bonus: scored[i]!.score.bonus, penalty: scored[i]!.score.penalty, audited: scored[i]!.score.audited }));
    arms.set(prompt, scored.map((r) => runCells(r.units, r.score, rubric)));
    const stats = promptStats(scored.map((r) => r.score.total), rubric);
    return { prompt, baseline: prompt === baselineName, runs: scored.map((r) => r.score), ...stats, noise: noiseBand(scored, rubric), evidence: sumEvidence(scored.map((r) => r.score.evidence)) };
  });
  const base = prompts[0]!;

  // The rule acts on complete data only: on what every run scored, saying what was left out.
  const comparable = comparableScores(forComparison, prompts, rubric);
  const recommendation = comparable.complete ? recommend(prompts, baselineName, rubric) : incompleteRecommendation(comparable, baselineName, rubric);
  const previous = input.history ?? [];
  const thisRound = round ?? Math.max(0, ...previous.map((h) => h.round)) + 1;
  const history = [...previous.filter((h) => h.round !== thisRound), { round: thisRound, improvement: roundImprovement(comparable.complete ? prompts : comparable.prompts, recommendation) }];

  const comparisons: Comparison[] = prompts.slice(1).map((v) => {
    const difference = exact(v.mean - base.mean);
    const totals = (p: PromptScore) => p.runs.map((r) => ({ run: r.run, total: r.total }));
    const boot = pairedBootstrap(totals(v), totals(base), input.bootstrap);
    const ab = compareVariants(arms.get(v.prompt)!, arms.get(base.prompt)!, input.abTest);
    return { baseline: base.prompt, variant: v.prompt, difference, interval: boot.interval, intervalNote: boot.note, ...comparisonNoise(difference, v.noise, base.noise), ...ab };
  });

  const byReview = <T extends { prompt: string; run: number; unit: string }>(a: T, b: T) => rank(a.prompt) - rank(b.prompt) || a.run - b.run || byName(a.unit, b.unit);
  const unscored = [
    ...verdicts.units.filter((u) => u.verdict === 'unscored').map((u) => ({ prompt: u.review.prompt, run: u.review.run, unit: u.unit, reason: u.reason ?? 'unscored' })),
    ...(verdicts.audits ?? []).filter((a) => a.status === 'unscored').map((a) => ({ prompt: a.review.prompt, run: a.review.run, unit: AUDIT_UNIT_ID, reason: a.reason ?? 'unscored' })),
  ].sort(byReview);

  const split = verdicts.units.filter((u) => u.verdict !== 'unscored' && u.agreement < 1);
  const disagreements = split
    .map((u) => ({ prompt: u.review.prompt, run: u.review.run, unit: u.unit, verdict: u.verdict, agreement: u.agreement, split: voteSplit(u) }))
    .sort((a, b) => a.agreement - b.agreement || byName(a.unit, b.unit) || rank(a.prompt) - rank(b.prompt) || a.run - b.run)
    .slice(0, input.maxDisagreements ?? 10);

  return Report.parse({
    schemaVersion: 1,
    runId: verdicts.runId,
    round,
    title,
    rubric,
    prompts,
    recommendation,
    convergence: convergence(history, rubric),
    comparisons,
    evidence: evidenceCount(verdicts.units),
    problems: problemTable(verdicts.units, key, order),
    unscored,
    disagreements,
    disagreementsTotal: split.length,
  });
}

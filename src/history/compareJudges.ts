import { unitAddress, type LabeledUnit } from './agreement.ts';
import type { Ordinal } from './kappa.ts';
import { agreementWithIntervals, type PairAgreementWithIntervals } from './kappaInterval.ts';
import { pairedKappaDifference, type PairedDifference, type PairedKappaDifference } from './pairedKappaDifference.ts';

/** One side of a judge comparison: its judged units and the reference (history after gold) it was calibrated against. */
export interface JudgeSide {
  label: string;
  judged: readonly LabeledUnit[];
  history: readonly LabeledUnit[];
}

/** A unit the two judges scored differently, with both reasonings and the reference. */
export interface JudgeDifference {
  series: string;
  round: number;
  prompt: string;
  run: number;
  unit: string;
  a: Ordinal;
  b: Ordinal;
  reference: Ordinal;
  aDetail: string;
  bDetail: string;
  referenceDetail: string;
}

/** Judge A against judge B on the units both judged, each against the same reference. */
export interface JudgeComparison {
  a: string;
  b: string;
  /** Units both judged with a verdict on both sides and in the reference: what every number below counts. */
  common: number;
  onlyA: number;
  onlyB: number;
  /** Units both judged but unscored on a side (not counted). */
  unscored: number;
  /** Common units whose reference differs between the two calibrations (e.g. another gold set): A's reference is used. */
  referenceConflicts: number;
  sideA: PairAgreementWithIntervals | null;
  sideB: PairAgreementWithIntervals | null;
  difference: PairedKappaDifference | null;
  /**
   * Which judge agrees better with the reference: when the κ difference's interval excludes 0 and
   * the permutation test agrees (p < 0.05); else null, and `verdict` says when the two disagree.
   */
  better: 'A' | 'B' | null;
  verdict: string;
  differing: JudgeDifference[];
}

/** Pure, seeded: each judge's agreement with the reference on their common units, the paired difference and where they differ. */
export function compareJudges(A: JudgeSide, B: JudgeSide, options: { seed?: number } = {}): JudgeComparison {
  const map = (xs: readonly LabeledUnit[]) => new Map(xs.map((u) => [unitAddress(u), u]));
  const ja = map(A.judged);
  const jb = map(B.judged);
  const ha = map(A.history);
  const hb = map(B.history);
  const common: Array<{ x: LabeledUnit; y: LabeledUnit; r: LabeledUnit }> = [];
  let unscored = 0;
  let conflicts = 0;
  for (const key of [...ja.keys()].sort()) {
    const x = ja.get(key)!;
    const y = jb.get(key);
    if (!y) continue;
    const r = ha.get(key) ?? hb.get(key);
    if (!r) continue;
    const other = hb.get(key);
    if (other && ha.has(key) && other.verdict !== r.verdict) conflicts++;
    if (x.verdict === 'unscored' || y.verdict === 'unscored' || r.verdict === 'unscored') unscored++;
    else common.push({ x, y, r });
  }
  const agree = (side: 'x' | 'y') => (common.length ? agreementWithIntervals(common.map((c) => c[side].verdict as Ordinal), common.map((c) => c.r.verdict as Ordinal), options) : null);
  const difference = common.length ? pairedKappaDifference(common.map((c) => ({ a: c.x.verdict as Ordinal, b: c.y.verdict as Ordinal, reference: c.r.verdict as Ordinal })), options) : null;
  const better = difference ? betterJudge(difference.kappa) : null;
  const both = [...ja.keys()].filter((k) => jb.has(k)).length;
  return {
    a: A.label,
    b: B.label,
    common: common.length,
    onlyA: ja.size - both,
    onlyB: jb.size - both,
    unscored,
    referenceConflicts: conflicts,
    sideA: agree('x'),
    sideB: agree('y'),
    difference,
    better,
    verdict: comparisonVerdict(difference, better),
    differing: common
      .filter((c) => c.x.verdict !== c.y.verdict)
      .map(({ x, y, r }) => ({ series: x.series, round: x.round, prompt: x.prompt, run: x.run, unit: x.unit, a: x.verdict as Ordinal, b: y.verdict as Ordinal, reference: r.verdict as Ordinal, aDetail: x.detail, bDetail: y.detail, referenceDetail: r.detail })),
  };
}

/** Significance level of the permutation test that must agree with the interval. */
export const BETTER_P = 0.05;

/** The side the interval favours (it excludes 0), or null. */
function favoured(d: PairedDifference): 'A' | 'B' | null {
  const { low, high } = d.interval;
  return low === null || high === null ? null : low > 0 ? 'A' : high < 0 ? 'B' : null;
}

/** A judge is better only when the interval excludes 0 and the permutation test rejects "no difference" too. */
export function betterJudge(d: PairedDifference): 'A' | 'B' | null {
  const side = favoured(d);
  return side && d.p !== null && d.p < BETTER_P ? side : null;
}

/** The comparison's verdict in one sentence: who is better, or why no difference is shown (incl. interval and test disagreeing). */
export function comparisonVerdict(d: PairedKappaDifference | null, better: 'A' | 'B' | null): string {
  if (!d) return 'no unit both judges scored: nothing to compare (calibrate both on the same --split and --seed)';
  const k = d.kappa;
  if (k.difference === null) return `no difference measurable: ${k.interval.notEstimable}`;
  const iv = k.interval.low === null || k.interval.high === null ? `interval not estimable` : `[${sign(k.interval.low)}, ${sign(k.interval.high)}]`;
  const range = `κ_A − κ_B ${sign(k.difference)} ${iv}, permutation p ${k.p === null ? 'not computable' : k.p.toFixed(4)}`;
  if (better) return `judge ${better} agrees better with the history: ${range}; the interval excludes 0 and p < ${BETTER_P}`;
  const side = favoured(k);
  if (side) return `no difference shown: ${range}; the interval excludes 0 but the permutation test does not (p ≥ ${BETTER_P}), so the evidence for judge ${side} is not conclusive (judge more reviews, e.g. a larger --sample)`;
  if (k.p !== null && k.p < BETTER_P) return `no difference shown: ${range}; the permutation test rejects "no difference" (p < ${BETTER_P}) but the interval includes 0, so the evidence is not conclusive (judge more reviews, e.g. a larger --sample)`;
  return `no difference shown: ${range}; the interval includes 0, so ${d.n} units cannot tell the judges apart (judge more reviews, e.g. a larger --sample)`;
}

/** A signed number with three decimals (+0.120, −0.050). */
export function sign(x: number): string {
  return `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`;
}

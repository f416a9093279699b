import { unitAddress, type LabeledUnit } from './agreement.ts';
import type { Ordinal } from './kappa.ts';
import { agreementWithIntervals, type PairAgreementWithIntervals } from './kappaInterval.ts';
import { pairedKappaDifference, type PairedKappaDifference } from './pairedKappaDifference.ts';

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
  /** Which judge agrees better with the reference, when the κ difference's interval excludes 0; else null. */
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
  const better = !difference ? null : difference.kappa.interval.low > 0 ? 'A' : difference.kappa.interval.high < 0 ? 'B' : null;
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
    verdict: verdictText(difference, better),
    differing: common
      .filter((c) => c.x.verdict !== c.y.verdict)
      .map(({ x, y, r }) => ({ series: x.series, round: x.round, prompt: x.prompt, run: x.run, unit: x.unit, a: x.verdict as Ordinal, b: y.verdict as Ordinal, reference: r.verdict as Ordinal, aDetail: x.detail, bDetail: y.detail, referenceDetail: r.detail })),
  };
}

function verdictText(d: PairedKappaDifference | null, better: 'A' | 'B' | null): string {
  if (!d) return 'no unit both judges scored: nothing to compare (calibrate both on the same --split and --seed)';
  const k = d.kappa;
  const range = `κ_A − κ_B ${sign(k.difference)} [${sign(k.interval.low)}, ${sign(k.interval.high)}], permutation p ${k.p.toFixed(4)}`;
  if (better) return `judge ${better} agrees better with the history: ${range}; the interval excludes 0`;
  return `no difference shown: ${range}; the interval includes 0, so ${d.n} units cannot tell the judges apart (judge more reviews, e.g. a larger --sample)`;
}

/** A signed number with three decimals (+0.120, −0.050). */
export function sign(x: number): string {
  return `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`;
}

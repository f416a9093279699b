import type { Ordinal } from './kappa.ts';
import { fleissWithInterval, type MultiAgreementWithInterval } from './fleissInterval.ts';
import { agreementWithIntervals, type PairAgreementWithIntervals } from './kappaInterval.ts';
import { readKappa } from './kappaReading.ts';

/** One verdict of one rater, addressable across sources (runs, imported history, labels.tsv). */
export interface LabeledUnit {
  /** Perspective folder, e.g. `reliability-design`. */
  series: string;
  round: number;
  prompt: string;
  run: number;
  unit: string;
  verdict: Ordinal | 'unscored';
  /** Severity level of the problem, when the source knows it. */
  severity: string | null;
  /** The judge's reasoning, or the historical source line. */
  detail: string;
}

/** Agreement of rater A with rater B over the units both scored. */
export interface AgreementReport {
  matched: number;
  onlyA: number;
  onlyB: number;
  /** Matched units one side left unscored: not counted in κ. */
  unscored: number;
  /** κ and weighted κ each with a 95% interval (see kappaInterval.ts for the method). */
  overall: PairAgreementWithIntervals | null;
  /** The overall κ in words: Landis & Koch band of the value and its interval, and what to trust (null when nothing matched). */
  reading: string | null;
  byPerspective: Record<string, PairAgreementWithIntervals>;
  bySeverity: Record<string, PairAgreementWithIntervals>;
  disagreements: Array<{ series: string; round: number; prompt: string; run: number; unit: string; a: Ordinal; b: Ordinal; aDetail: string; bDetail: string }>;
}

/** Stable address of a unit across sources. */
export function unitAddress(u: Pick<LabeledUnit, 'series' | 'round' | 'prompt' | 'run' | 'unit'>): string {
  return `${u.series}\u0000${u.round}\u0000${u.prompt}\u0000${u.run}\u0000${u.unit}`;
}

/**
 * Pure: Cohen's κ, weighted κ (each with a seeded bootstrap 95% interval) and the confusion matrix
 * of A against B, overall and by perspective and severity. Pairs are taken in address order, so the
 * intervals do not depend on the order the raters list their units.
 */
export function compareRaters(rawA: LabeledUnit[], rawB: LabeledUnit[], options: { seed?: number } = {}): AgreementReport {
  // One verdict per address and rater: a later entry for the same unit replaces an earlier one.
  const a = [...new Map(rawA.map((u) => [unitAddress(u), u])).values()];
  const b = [...new Map(rawB.map((u) => [unitAddress(u), u])).values()];
  const inB = new Map(b.map((u) => [unitAddress(u), u]));
  const pairs: Array<{ x: LabeledUnit & { verdict: Ordinal }; y: LabeledUnit & { verdict: Ordinal } }> = [];
  let matched = 0;
  let unscored = 0;
  for (const x of a) {
    const y = inB.get(unitAddress(x));
    if (!y) continue;
    matched++;
    if (x.verdict === 'unscored' || y.verdict === 'unscored') unscored++;
    else pairs.push({ x: x as LabeledUnit & { verdict: Ordinal }, y: y as LabeledUnit & { verdict: Ordinal } });
  }
  const sorted = [...pairs].sort((p, q) => (unitAddress(p.x) < unitAddress(q.x) ? -1 : 1));
  const kappaOf = (ps: typeof pairs) => (ps.length ? agreementWithIntervals(ps.map((p) => p.x.verdict), ps.map((p) => p.y.verdict), options) : null);
  const overall = kappaOf(sorted);
  const by = (f: (p: (typeof pairs)[number]) => string) => {
    const groups = new Map<string, typeof pairs>();
    for (const p of sorted) groups.set(f(p), [...(groups.get(f(p)) ?? []), p]);
    return Object.fromEntries([...groups].sort(([k1], [k2]) => (k1 < k2 ? -1 : 1)).map(([k, ps]) => [k, kappaOf(ps)!]));
  };
  const inA = new Set(a.map(unitAddress));
  return {
    matched,
    onlyA: a.length - matched,
    onlyB: b.filter((u) => !inA.has(unitAddress(u))).length,
    unscored,
    overall,
    reading: overall ? readKappa(overall.kappa, overall.kappaInterval, overall.n, overall.kappaUndefined) : null,
    byPerspective: by((p) => p.x.series),
    bySeverity: by((p) => p.x.severity ?? p.y.severity ?? 'unknown'),
    disagreements: pairs
      .filter((p) => p.x.verdict !== p.y.verdict)
      .map(({ x, y }) => ({ series: x.series, round: x.round, prompt: x.prompt, run: x.run, unit: x.unit, a: x.verdict, b: y.verdict, aDetail: x.detail, bDetail: y.detail })),
  };
}

/** One judge's votes on a unit, for agreement inside a panel. */
export interface PanelUnit {
  unit: string;
  votes: Array<{ judge: string; verdict: Ordinal | 'unscored' }>;
}

/**
 * Pure, seeded: Fleiss' κ of all valid votes (self-consistency), and Cohen's κ between each pair of
 * judges (first valid vote each), every κ with its bootstrap 95% interval over units.
 */
export function panelAgreement(units: PanelUnit[], options: { seed?: number } = {}): { fleiss: MultiAgreementWithInterval | null; pairs: Array<{ a: string; b: string; agreement: PairAgreementWithIntervals }> } {
  const items = units.map((u) => u.votes.map((v) => (v.verdict === 'unscored' ? null : v.verdict)));
  const fleiss = items.some((i) => i.filter((v) => v !== null).length >= 2) ? fleissWithInterval(items, options) : null;
  const judges = [...new Set(units.flatMap((u) => u.votes.map((v) => v.judge)))].sort();
  const first = (u: PanelUnit, j: string) => u.votes.find((v) => v.judge === j && v.verdict !== 'unscored')?.verdict as Ordinal | undefined;
  const pairs: Array<{ a: string; b: string; agreement: PairAgreementWithIntervals }> = [];
  for (let i = 0; i < judges.length; i++) {
    for (let k = i + 1; k < judges.length; k++) {
      const both = units.map((u) => [first(u, judges[i]!), first(u, judges[k]!)] as const).filter((p): p is readonly [Ordinal, Ordinal] => p[0] !== undefined && p[1] !== undefined);
      if (both.length) pairs.push({ a: judges[i]!, b: judges[k]!, agreement: agreementWithIntervals(both.map((p) => p[0]), both.map((p) => p[1]), options) });
    }
  }
  return { fleiss, pairs };
}

/**
 * Measures a quote checker on the regression set: how many faithful quotes it rejects and how
 * many alterations it accepts, by kind, next to the checker before issue 11. Pure: no I/O.
 */
import { createQuoteIndex, MAX_FRAGMENT_GAP, MIN_QUOTE_WIDTH } from '../judge/evidence.ts';
import { legacyQuoteIndex } from './legacyQuoteCheck.ts';
import type { QuoteProbe } from './QuoteProbe.ts';
import type { QuoteRegressionSet } from './quoteRegressionSet.ts';

/** A checker under measurement: builds an index per review text. */
export type QuoteChecker = (reviewText: string) => { has(quote: string): boolean };

/** Counts of one class of probes. */
export interface ProbeCounts {
  total: number;
  /** Faithful: rejected; alterations and not-in-review: accepted. */
  wrong: number;
  byKind: Record<string, { total: number; wrong: number }>;
}

/** One checker's answers on the set. */
export interface CheckerStats {
  faithful: ProbeCounts;
  alterations: ProbeCounts;
  notInReview: ProbeCounts;
}

/** The report `quote-check --corpus` prints and the corpus test asserts. */
export interface QuoteRegressionReport {
  scoringFiles: number;
  /** Run files of the corpus (the hand-written excerpts not counted). */
  reviews: number;
  minQuoteWidth: number;
  maxFragmentGap: number;
  tooShort: number;
  current: CheckerStats;
  legacy: CheckerStats;
  /** Historical faithful quotes the old checker rejected, and how many of them the current one accepts. */
  recovered: { legacyRejected: number; recovered: number };
  /** Faithful quotes the current checker rejects, and alterations it accepts: the cases to look at. */
  rejected: QuoteProbe<string>[];
  accepted: QuoteProbe<string>[];
}

/** Runs the current and the old checker over the set. */
export function measureQuoteSet(set: QuoteRegressionSet, current: QuoteChecker = createQuoteIndex, legacy: QuoteChecker = legacyQuoteIndex): QuoteRegressionReport {
  const answers = (checker: QuoteChecker) => {
    const indexes = new Map<string, { has(q: string): boolean }>();
    const indexFor = (key: string) => indexes.get(key) ?? indexes.set(key, checker(set.reviews.get(key) ?? '')).get(key)!;
    return (probes: readonly QuoteProbe<string>[]) => probes.map((p) => indexFor(p.review).has(p.quote));
  };
  const now = answers(current);
  const before = answers(legacy);
  const results = {
    faithful: { probes: set.faithful, now: now(set.faithful), before: before(set.faithful) },
    alterations: { probes: set.alterations, now: now(set.alterations), before: before(set.alterations) },
    notInReview: { probes: set.notInReview, now: now(set.notInReview), before: before(set.notInReview) },
  };
  const stats = (which: 'now' | 'before'): CheckerStats => ({
    faithful: counts(results.faithful.probes, results.faithful[which], false),
    alterations: counts(results.alterations.probes, results.alterations[which], true),
    notInReview: counts(results.notInReview.probes, results.notInReview[which], true),
  });
  const f = results.faithful;
  const historical = f.probes.map((p, i) => ({ p, now: f.now[i]!, before: f.before[i]! })).filter((x) => x.p.kind === 'historical');
  return {
    scoringFiles: set.scoringFiles,
    reviews: [...set.reviews.keys()].filter((k) => !k.startsWith('hand-written:')).length,
    minQuoteWidth: MIN_QUOTE_WIDTH,
    maxFragmentGap: MAX_FRAGMENT_GAP,
    tooShort: set.tooShort,
    current: stats('now'),
    legacy: stats('before'),
    recovered: { legacyRejected: historical.filter((x) => !x.before).length, recovered: historical.filter((x) => !x.before && x.now).length },
    rejected: f.probes.filter((_, i) => !f.now[i]),
    accepted: [...results.alterations.probes.filter((_, i) => results.alterations.now[i]), ...results.notInReview.probes.filter((_, i) => results.notInReview.now[i])],
  };
}

/** Totals and per-kind counts of the probes whose answer equals `wrongIf`. */
function counts(probes: readonly QuoteProbe<string>[], answers: readonly boolean[], wrongIf: boolean): ProbeCounts {
  const out: ProbeCounts = { total: probes.length, wrong: 0, byKind: {} };
  probes.forEach((p, i) => {
    const kind = (out.byKind[p.kind] ??= { total: 0, wrong: 0 });
    kind.total++;
    if (answers[i] === wrongIf) {
      kind.wrong++;
      out.wrong++;
    }
  });
  return out;
}

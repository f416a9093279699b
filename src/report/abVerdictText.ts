import { pickCandidate } from '../score/recommend.ts';
import type { Comparison, Report } from '../types/Report.ts';
import { num, signed } from './htmlPartsFormat.ts';

/**
 * The A/B verdict in English words for report.md, report.html and the terminal (plain, unescaped
 * text). One place, so the pages never disagree: "beyond vote noise" is only ever the vote-noise
 * band, and the A/B verdict is worded as distinguishable (or not) from run-to-run and vote noise.
 */

/** The method as a reader names it: `stratified permutation test`. */
export function methodName(method: string | undefined): string {
  return method === 'stratified-permutation' ? 'stratified permutation test' : (method ?? 'no test');
}

/** A p-value as shown: `p = 0.32`, `p = 0.009`, `p < 0.001`. */
export function pText(p: number | null): string {
  if (p === null) return 'no p: nothing to compare';
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p < 0.01 ? p.toFixed(3) : p.toFixed(2)}`;
}

/** The verdict word: `better`, `worse`, `not distinguishable`; `–` for a report written before the A/B test. */
export function verdictWord(c: Comparison): string {
  return c.verdict === undefined ? '–' : c.verdict === 'indistinguishable' ? 'not distinguishable' : c.verdict;
}

/** The verdict with its evidence: `better (p < 0.001)`, `not distinguishable (p = 0.32; left out, unscored on a side: P03)`. */
export function verdictText(c: Comparison): string {
  if (c.verdict === undefined || !c.test) return '–';
  // Problems left out (unscored on one side) change what was compared: say so beside the verdict.
  const left = c.test.leftOut.length ? `; left out, unscored on a side: ${c.test.leftOut.join(', ')}` : '';
  return `${verdictWord(c)} (${pText(c.test.p)}${left})`;
}

/** Runs per prompt for a 0.5 / 1.0-point difference: `21 / 6`, with the note when the figure is a floor; the note alone when there is none. */
export function runsNeededText(c: Comparison): string {
  const r = c.runsNeeded;
  if (!r) return '–';
  if (r.half === null || r.one === null) return c.runsNeededNote ?? 'cannot be estimated';
  return `${r.half} / ${r.one}${c.runsNeededNote ? ` (${c.runsNeededNote})` : ''}`;
}

/** `2 runs per prompt`, or `3 and 2 runs` when the two prompts differ. */
function runsPhrase(report: Report, c: Comparison): string {
  const count = (name: string) => report.prompts.find((p) => p.prompt === name)?.runs.length ?? 0;
  const [v, b] = [count(c.variant), count(c.baseline)];
  return v === b ? `${v} run${v === 1 ? '' : 's'} per prompt` : `${v} and ${b} runs`;
}

/** What more runs would buy: ` — 21 runs per prompt would be needed for a 0.5-point difference (6 for 1.0)`, or the note. */
function needClause(c: Comparison): string {
  const r = c.runsNeeded;
  if (!r) return '';
  if (r.half === null || c.runsNeededNote) return ` — runs needed: ${c.runsNeededNote ?? 'cannot be estimated'}`;
  return ` — ${r.half} runs per prompt would be needed for a 0.5-point difference (${r.one} for 1.0)`;
}

/** Why the rule picked what it picked, in a few words. */
function ruleWords(report: Report): string {
  const rec = report.recommendation;
  if (rec.rule === 'higher-mean') return 'higher mean';
  if (rec.rule === 'smaller-sd') return 'smaller SD';
  return `difference below its ${num(report.rubric.recommendation.minor)}-point margin`;
}

/**
 * The sentence set beside the recommendation: the A/B verdict of the variant the rule compared with
 * the baseline, worded so it never contradicts the rule (which stays the workflow's). Null without a
 * variant, or for a report written before the A/B test.
 */
export function abRecommendationText(report: Report): string | null {
  const rec = report.recommendation;
  const cand = pickCandidate(report.prompts.filter((p) => !p.baseline));
  const c = cand && report.comparisons.find((x) => x.variant === cand.prompt);
  if (!c || c.verdict === undefined || !c.test || rec.rule === 'no-variant') return null;
  const how = `${methodName(c.method)}, ${pText(c.test.p)}`;
  if (c.verdict === 'indistinguishable') {
    const lead =
      rec.rule === 'higher-mean'
        ? `${rec.prompt} has the higher mean by the workflow's rule, but the difference (${signed(c.difference)}) is`
        : rec.rule === 'smaller-sd'
          ? `${rec.prompt} by the workflow's SD rule; the difference of the means (${signed(c.difference)}) is`
          : `The difference (${signed(c.difference)}) is`;
    return `${lead} not distinguishable from run-to-run and vote noise with ${runsPhrase(report, c)} (${how})${needClause(c)}.`;
  }
  const also = rec.prompt === c.variant && c.verdict === 'better' ? `the workflow's rule also recommends ${rec.prompt}` : `the workflow's rule recommends ${rec.prompt} (${ruleWords(report)})`;
  return `${c.variant} is ${c.verdict} than ${c.baseline}, distinguishable from run-to-run and vote noise with ${runsPhrase(report, c)} (${how}); ${also}.`;
}

/** The explanation under a comparisons table: what the A/B verdict, the runs needed and "beyond vote noise" each measure. */
export function comparisonsLegend(report: Report): string {
  const it = report.comparisons.find((c) => c.test)?.test?.iterations;
  return (
    `A/B verdict: stratified permutation test over problems × runs (${it === undefined ? 'seeded' : `${it.toLocaleString('en-US')} seeded`} iterations; judge noise drawn from each unit's votes; ` +
    `unscored units left out), two-sided p < 0.05. Runs needed: runs per prompt to tell a 0.5 / 1.0-point difference apart at 80% power from the observed spread. ` +
    `Beyond vote noise: the difference, either sign, exceeds the vote-noise band — judge disagreement only, not the run-to-run spread.`
  );
}

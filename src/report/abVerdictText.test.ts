/** The A/B wording of report.md / report.html / the terminal: one verdict, never contradicting the rule, never a worse variant as a win. */
import { describe, expect, it } from 'vitest';
import { sampleReport, sampleVerdicts } from '../../test/fixtures/report/sampleReport.ts';
import type { Comparison, Report } from '../types/Report.ts';
import { abRecommendationText, pText, runsNeededText, verdictText } from './abVerdictText.ts';
import { renderHtml } from './renderHtml.ts';
import { renderMarkdown } from './renderMarkdown.ts';

type Rule = Report['recommendation']['rule'];

/** The sample report with its one comparison (variant-checklist vs baseline) and recommendation replaced. */
function withAb(ab: Partial<Comparison>, rule: Rule, prompt: string, difference = ab.difference ?? 0.75): Report {
  const r = sampleReport();
  r.comparisons[0] = { ...r.comparisons[0]!, ...ab, difference };
  r.recommendation = { prompt, rule, difference, reason: `rule ${rule} applied.` };
  return r;
}

const test = (p: number, statistic: number) => ({ statistic, p, iterations: 10000, strata: 4, leftOut: [] });
const need = { runsNeeded: { half: 21, one: 6, sd: 0.56 }, runsNeededNote: null };

describe('pText, verdictText, runsNeededText', () => {
  it.each([
    [0.3333, 'p = 0.33'],
    [0.0095, 'p = 0.009'],
    [0.00009999, 'p < 0.001'],
    [null, 'no p: nothing to compare'],
  ])('p %s → %s', (p, text) => expect(pText(p)).toBe(text));

  it.each<[Partial<Comparison>, string, string]>([
    [{ verdict: 'better', test: test(0.004, 2), ...need }, 'better (p = 0.004)', '21 / 6'],
    [{ verdict: 'indistinguishable', test: test(0.33, 1), runsNeeded: { half: 2, one: 2, sd: 0 }, runsNeededNote: 'no spread observed' }, 'not distinguishable (p = 0.33)', '2 / 2 (no spread observed)'],
    [{ verdict: 'worse', test: test(0.01, -2), runsNeeded: { half: null, one: null, sd: null }, runsNeededNote: 'one run per prompt' }, 'worse (p = 0.01)', 'one run per prompt'],
    [{ verdict: undefined, test: undefined, runsNeeded: undefined, runsNeededNote: undefined }, '–', '–'], // a report written before the A/B test
    [{ verdict: 'indistinguishable', test: { ...test(0.5, 0.5), leftOut: ['P03'] }, ...need }, 'not distinguishable (p = 0.50; left out, unscored on a side: P03)', '21 / 6'],
  ])('%j → %s, %s', (ab, verdict, runs) => {
    const c = withAb(ab, 'baseline', 'baseline').comparisons[0]!;
    expect(verdictText(c)).toBe(verdict);
    expect(runsNeededText(c)).toBe(runs);
  });
});

describe('abRecommendationText', () => {
  it.each<[string, Partial<Comparison>, Rule, string, string]>([
    [
      'higher mean by the rule, not distinguishable',
      { verdict: 'indistinguishable', test: test(0.33, 1.25), difference: 1.25, ...need },
      'higher-mean',
      'variant-checklist',
      "variant-checklist has the higher mean by the workflow's rule, but the difference (+1.25) is not distinguishable from run-to-run and vote noise with 2 runs per prompt (stratified permutation test, p = 0.33) — 21 runs per prompt would be needed for a 0.5-point difference (6 for 1.0).",
    ],
    [
      'smaller SD by the rule, not distinguishable, no spread observed',
      { verdict: 'indistinguishable', test: test(0.33, 0.75), runsNeeded: { half: 2, one: 2, sd: 0 }, runsNeededNote: 'no spread observed over 4 runs: 2 is the floor, not an estimate' },
      'smaller-sd',
      'baseline',
      "baseline by the workflow's SD rule; the difference of the means (+0.75) is not distinguishable from run-to-run and vote noise with 2 runs per prompt (stratified permutation test, p = 0.33) — runs needed: no spread observed over 4 runs: 2 is the floor, not an estimate.",
    ],
    [
      'baseline kept, not distinguishable',
      { verdict: 'indistinguishable', test: test(1, 0.25), difference: 0.25, ...need },
      'baseline',
      'baseline',
      'The difference (+0.25) is not distinguishable from run-to-run and vote noise with 2 runs per prompt (stratified permutation test, p = 1.00) — 21 runs per prompt would be needed for a 0.5-point difference (6 for 1.0).',
    ],
    [
      'higher mean and better: they agree',
      { verdict: 'better', test: test(0.0001, 2), difference: 2, ...need },
      'higher-mean',
      'variant-checklist',
      "variant-checklist is better than baseline, distinguishable from run-to-run and vote noise with 2 runs per prompt (stratified permutation test, p < 0.001); the workflow's rule also recommends variant-checklist.",
    ],
    [
      'better but below the rule’s margin: the rule keeps the baseline, and says why',
      { verdict: 'better', test: test(0.01, 0.4), difference: 0.4, ...need },
      'baseline',
      'baseline',
      "variant-checklist is better than baseline, distinguishable from run-to-run and vote noise with 2 runs per prompt (stratified permutation test, p = 0.01); the workflow's rule recommends baseline (difference below its 0.5-point margin).",
    ],
    [
      'worse',
      { verdict: 'worse', test: test(0.002, -1.25), difference: -1.25, ...need },
      'baseline',
      'baseline',
      "variant-checklist is worse than baseline, distinguishable from run-to-run and vote noise with 2 runs per prompt (stratified permutation test, p = 0.002); the workflow's rule recommends baseline (difference below its 0.5-point margin).",
    ],
  ])('%s', (_, ab, rule, prompt, sentence) => {
    expect(abRecommendationText(withAb(ab, rule, prompt))).toBe(sentence);
  });

  it('is null without a variant or for a report written before the A/B test', () => {
    expect(abRecommendationText({ ...sampleReport(), comparisons: [], recommendation: { prompt: 'baseline', rule: 'no-variant', difference: null, reason: '' } })).toBeNull();
    expect(abRecommendationText(withAb({ verdict: undefined, test: undefined }, 'smaller-sd', 'baseline'))).toBeNull();
  });
});

describe('the pages never contradict themselves', () => {
  // −1.25 with unanimous votes: "beyond vote noise" (band ±0) yet, with 2 runs, not distinguishable — the measured problem.
  const cases: [string, Report][] = [
    ['worse beyond vote noise', withAb({ verdict: 'worse', test: test(0.004, -1.25), difference: -1.25, noise: 0, beyondNoise: true, ...need }, 'baseline', 'baseline')],
    ['−1.25 beyond vote noise, not distinguishable', withAb({ verdict: 'indistinguishable', test: test(0.33, -1.25), difference: -1.25, noise: 0, beyondNoise: true, ...need }, 'baseline', 'baseline')],
    ['+0.25 beyond vote noise, not distinguishable', withAb({ verdict: 'indistinguishable', test: test(1, 0.25), difference: 0.25, noise: 0, beyondNoise: true, ...need }, 'baseline', 'baseline')],
  ];

  it.each(cases)('%s: no "beyond noise" or "judge noise" label, no "may be noise", "beyond vote noise" every time', (_, r) => {
    for (const page of [renderMarkdown(r), renderHtml(r, sampleVerdicts())]) {
      expect(page).not.toMatch(/beyond (judge )?noise/i);
      expect(page).not.toMatch(/may be noise/i);
      expect(page).toContain('beyond vote noise');
    }
  });

  it.each(cases)('%s: a negative difference is never coloured or bolded as a win', (_, r) => {
    const row = renderHtml(r, sampleVerdicts()).match(/<tr><th scope="row">variant-checklist vs baseline<\/th>.*?<\/tr>/)![0];
    expect(row).not.toMatch(/class="(yes|ab-better)"/);
    const md = renderMarkdown(r).split('\n').find((l) => l.startsWith('| variant-checklist vs baseline'))!;
    expect(md).not.toContain('**yes**');
    expect(md).not.toContain('better');
  });

  it('a worse verdict is red in the page', () => {
    expect(renderHtml(cases[0]![1], sampleVerdicts())).toContain('<td class="ab-worse">worse (p = 0.004)</td>');
  });
});

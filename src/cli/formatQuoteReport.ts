import type { ProbeCounts, QuoteRegressionReport } from '../history/quoteRegressionStats.ts';

/** Cases listed under the table (rejected faithful quotes, accepted alterations); the rest are counted. */
const LISTED = 20;

/** The text output of `quote-check --corpus`: the regression set's rates, the old check's beside them, and the cases to look at. Pure. */
export function formatQuoteReport(r: QuoteRegressionReport, root: string, seed: number): string {
  const c = r.current;
  const l = r.legacy;
  const lines = [
    `quote regression set: ${root} (${plural(r.scoringFiles, 'scoring file')}, ${plural(r.reviews, 'review')}, seed ${seed})`,
    `check: punctuation folded on both sides, every elided fragment in order within ${r.maxFragmentGap} characters, quotes at least ${r.minQuoteWidth} wide`,
    '',
    `${'faithful quotes'.padEnd(28)}${num(c.faithful.total).padStart(7)}   rejected ${rate(c.faithful.wrong, c.faithful.total).padEnd(18)} before issue 11: ${rate(l.faithful.wrong, l.faithful.total)}`,
    ...kinds(c.faithful, l.faithful),
    `${'alterations'.padEnd(28)}${num(c.alterations.total).padStart(7)}   accepted ${num(c.alterations.wrong).padEnd(18)} before issue 11: ${num(l.alterations.wrong)}`,
    ...kinds(c.alterations, l.alterations),
    '',
    `historical rejections of the old check recovered: ${num(r.recovered.recovered)} of ${num(r.recovered.legacyRejected)}`,
    `historical quotes in no run of their prompt (paraphrases, answer-key or rubric text): ${num(c.notInReview.total)}, accepted ${num(c.notInReview.wrong)} (before: ${num(l.notInReview.wrong)})`,
    `historical quotes too short to check: ${num(r.tooShort)}`,
  ];
  const list = (title: string, probes: QuoteRegressionReport['rejected']) => {
    if (probes.length === 0) return;
    lines.push('', `${title} (${probes.length}):`);
    for (const p of probes.slice(0, LISTED)) lines.push(`  [${p.kind}] ${p.source}  ${JSON.stringify(p.quote.length > 160 ? p.quote.slice(0, 159) + '…' : p.quote)}`);
    if (probes.length > LISTED) lines.push(`  ... and ${probes.length - LISTED} more (--json lists all)`);
  };
  list('faithful quotes rejected', r.rejected);
  list('alterations and foreign quotes accepted', r.accepted);
  return lines.join('\n') + '\n';
}

/** One indented row per kind: count, current wrong, old wrong. */
function kinds(now: ProbeCounts, before: ProbeCounts): string[] {
  return Object.entries(now.byKind).map(([kind, k]) => {
    const old = before.byKind[kind] ?? { total: 0, wrong: 0 };
    return `  ${kind.padEnd(26)}${num(k.total).padStart(7)}   ${'         ' + rate(k.wrong, k.total).padEnd(18)} ${' '.repeat(17)}${rate(old.wrong, old.total)}`;
  });
}

function plural(n: number, noun: string): string {
  return `${num(n)} ${noun}${n === 1 ? '' : 's'}`;
}

function num(n: number): string {
  return n.toLocaleString('en-US');
}

function rate(n: number, of: number): string {
  return `${num(n)} (${of === 0 ? '0' : ((100 * n) / of).toFixed(n === 0 ? 0 : 2)}%)`;
}

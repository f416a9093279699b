import type { AgreementReport } from './agreement.ts';
import type { DisagreementContext } from './disagreementContext.ts';
import type { GoldApplied } from './goldSet.ts';
import { ORDINAL_ORDER } from './kappa.ts';
import type { Interval } from './kappaInterval.ts';
import { renderDisagreementCards } from './renderDisagreementCards.ts';
import { escapeHtml } from '../report/escapeHtml.ts';
import { REPORT_CSP, REPORT_CSS } from '../report/htmlPartsStyle.ts';

const pct = (x: number) => `${(Math.round(x * 1000) / 10).toFixed(1)}%`;
const ci = (x: Interval) => (x.low === null || x.high === null ? 'not estimable' : `[${x.low.toFixed(3)}, ${x.high.toFixed(3)}]`);
const kv = (x: number | null) => (x === null ? 'undefined' : x.toFixed(3));

/** What calibration.html adds to the agreement: the split, the gold set, and each disagreement's material. */
export interface CalibrationExtras {
  split?: string;
  gold?: GoldApplied | null;
  contexts?: ReadonlyMap<string, DisagreementContext>;
}

/** calibration.html: the agreement table with intervals as one self-contained page (same CSP and style as report.html). */
export function renderAgreementHtml(title: string, a: string, b: string, r: AgreementReport, extras: CalibrationExtras = {}): string {
  const e = escapeHtml;
  const row = (name: string, x: { n: number; observed: number; kappa: number | null; weightedKappa: number | null; kappaInterval: Interval; weightedKappaInterval: Interval }) =>
    `<tr><th>${e(name)}</th><td>${x.n}</td><td>${pct(x.observed)}</td><td>${kv(x.kappa)}</td><td>${ci(x.kappaInterval)}</td><td>${kv(x.weightedKappa)}</td><td>${ci(x.weightedKappaInterval)}</td></tr>`;
  const head = '<tr><th></th><th>units</th><th>agreement</th><th>κ</th><th>95% interval</th><th>weighted κ</th><th>95% interval</th></tr>';
  const matrix = r.overall
    ? `<table id="confusion"><tr><th>A \\ B</th>${ORDINAL_ORDER.map((o) => `<th>${o}</th>`).join('')}</tr>${r.overall.matrix.map((m, i) => `<tr><th>${ORDINAL_ORDER[i]}</th>${m.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</table>`
    : '<p>No unit matched.</p>';
  const dis = extras.contexts
    ? renderDisagreementCards(r, extras.contexts)
    : `<table id="disagreements"><tr><th>review</th><th>unit</th><th>A</th><th>B</th><th>A says</th><th>B says</th></tr>${r.disagreements
        .map((d) => `<tr><td>${e(`${d.series} r${d.round} ${d.prompt} run${d.run}`)}</td><td>${e(d.unit)}</td><td>${d.a}</td><td>${d.b}</td><td>${e(d.aDetail)}</td><td>${e(d.bDetail)}</td></tr>`)
        .join('')}</table>`;
  const gold = extras.gold
    ? `<p id="gold">gold set ${e(extras.gold.file)}: ${extras.gold.goldOverrides} history verdicts replaced (goldOverrides), ${extras.gold.changed} changed; ${extras.gold.unused} rows matched no unit.</p>`
    : '<p id="gold">no gold set (goldOverrides 0): the history\'s verdicts as the grader wrote them.</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<link rel="icon" href="data:,"><title>${e(title)}</title><style>${REPORT_CSS}
table.side { width: 100%; table-layout: fixed; } table.side > tbody > tr > td { vertical-align: top; width: 50%; }
pre.tsv { white-space: pre; overflow-x: auto; user-select: all; }</style></head>
<body><h1>${e(title)}</h1>
<p>A: ${e(a)} · B: ${e(b)} · matched ${r.matched} (unscored on one side ${r.unscored}; only A ${r.onlyA}; only B ${r.onlyB})${extras.split ? ` · split ${e(extras.split)}` : ''}</p>
${gold}
${r.reading ? `<p id="reading">${e(r.reading)}</p>` : ''}
<table id="agreement">${head}${r.overall ? row('overall', r.overall) : ''}${Object.entries(r.byPerspective).map(([k, x]) => row(k, x)).join('')}${Object.entries(r.bySeverity).map(([k, x]) => row(`severity ${k}`, x)).join('')}</table>
${r.overall ? `<p class="muted">95% intervals: ${e(r.overall.kappaInterval.method)}${r.overall.kappaInterval.undefinedResamples ? `; κ undefined on ${r.overall.kappaInterval.undefinedResamples} resamples, left out` : ''}${r.overall.kappaInterval.notEstimable ? `; ${e(r.overall.kappaInterval.notEstimable)}` : ''}.</p>` : ''}
<h2>Confusion matrix (rows A, columns B)</h2>${matrix}
<h2>Disagreements (${r.disagreements.length})</h2>
${extras.contexts ? '<p>Each card holds what adjudicating the unit needs. To make your verdict win over the history in every later measurement, put it in place of the ? of its TSV line and copy the line into a gold file (header: series, round, prompt, run, unit, verdict, note) and pass --gold FILE to calibrate or agree.</p>' : ''}
${dis}
</body></html>
`;
}

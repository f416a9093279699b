import type { AgreementReport } from './agreement.ts';
import { ORDINAL_ORDER } from './kappa.ts';
import { escapeHtml } from '../report/escapeHtml.ts';
import { REPORT_CSP, REPORT_CSS } from '../report/htmlPartsStyle.ts';

const pct = (x: number) => `${(Math.round(x * 1000) / 10).toFixed(1)}%`;

/** calibration.html: the agreement table as one self-contained page (same CSP and style as report.html). */
export function renderAgreementHtml(title: string, a: string, b: string, r: AgreementReport): string {
  const e = escapeHtml;
  const row = (name: string, x: { n: number; observed: number; kappa: number; weightedKappa: number }) =>
    `<tr><th>${e(name)}</th><td>${x.n}</td><td>${pct(x.observed)}</td><td>${x.kappa.toFixed(3)}</td><td>${x.weightedKappa.toFixed(3)}</td></tr>`;
  const head = '<tr><th></th><th>units</th><th>agreement</th><th>κ</th><th>weighted κ</th></tr>';
  const matrix = r.overall
    ? `<table id="confusion"><tr><th>A \\ B</th>${ORDINAL_ORDER.map((o) => `<th>${o}</th>`).join('')}</tr>${r.overall.matrix.map((m, i) => `<tr><th>${ORDINAL_ORDER[i]}</th>${m.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</table>`
    : '<p>No unit matched.</p>';
  const dis = r.disagreements
    .map((d) => `<tr><td>${e(`${d.series} r${d.round} ${d.prompt} run${d.run}`)}</td><td>${e(d.unit)}</td><td>${d.a}</td><td>${d.b}</td><td>${e(d.aDetail)}</td><td>${e(d.bDetail)}</td></tr>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<link rel="icon" href="data:,"><title>${e(title)}</title><style>${REPORT_CSS}</style></head>
<body><h1>${e(title)}</h1>
<p>A: ${e(a)} · B: ${e(b)} · matched ${r.matched} (unscored on one side ${r.unscored}; only A ${r.onlyA}; only B ${r.onlyB})</p>
<table id="agreement">${head}${r.overall ? row('overall', r.overall) : ''}${Object.entries(r.byPerspective).map(([k, x]) => row(k, x)).join('')}${Object.entries(r.bySeverity).map(([k, x]) => row(`severity ${k}`, x)).join('')}</table>
<h2>Confusion matrix (rows A, columns B)</h2>${matrix}
<h2>Disagreements (${r.disagreements.length})</h2>
<table id="disagreements"><tr><th>review</th><th>unit</th><th>A</th><th>B</th><th>A says</th><th>B says</th></tr>${dis}</table>
</body></html>
`;
}

import type { Verdicts } from '../types/Verdicts.ts';
import { escapeHtml as h } from './escapeHtml.ts';
import { renderChart } from './htmlPartsChart.ts';
import { renderHeatmap } from './htmlPartsHeatmap.ts';
import { htmlHead, REPORT_CSS } from './htmlPartsStyle.ts';
import { renderComparisons, renderDisagreements, renderScoreTable, renderSummary, renderUnscored } from './htmlPartsTables.ts';
import { indexUnits, renderUnits } from './htmlPartsUnits.ts';
import { rubricSummary } from './htmlPartsFormat.ts';
import type { Report } from '../types/Report.ts';

/**
 * report.html: one self-contained page (inline CSS and SVG, no script, no external asset) with the
 * score chart, the verdict heatmap, a `<details>` drill-down to every vote, quote and audit item,
 * unscored units, recommendation and convergence. Every text from reviews, keys or model output is
 * escaped; the CSP meta tag (see REPORT_CSP) blocks any load even if an escaping bug slipped through.
 */
export function renderHtml(report: Report, verdicts: Verdicts): string {
  const units = indexUnits(verdicts);
  const round = report.round === null ? 'no round' : `round ${report.round}`;
  const mismatch =
    verdicts.runId === report.runId
      ? ''
      : `<p class="callout" id="run-mismatch">verdicts.json is from run <code>${h(verdicts.runId)}</code>, report.json from run <code>${h(report.runId)}</code>.</p>`;
  return `${htmlHead(`${report.title} · ${round} · ${report.runId}`, REPORT_CSS)}
<body>
<header>
<h1>${h(report.title)}</h1>
<p class="meta">${h(round)} · run <code>${h(report.runId)}</code></p>
</header>
${mismatch}
<section id="summary-section">
<h2>Recommendation and convergence</h2>
${renderSummary(report)}
</section>
<section id="scores-section">
<h2>Scores</h2>
${renderChart(report.prompts)}
${renderScoreTable(report)}
</section>
<section id="comparisons-section">
<h2>Variant vs baseline</h2>
${renderComparisons(report)}
</section>
<section id="heatmap-section">
<h2>Problems × runs</h2>
${renderHeatmap(report, units)}
</section>
<section id="unscored-section">
<h2>Unscored units (${report.unscored.length})</h2>
${renderUnscored(report, units)}
</section>
<section id="disagreements-section">
<h2>Top disagreements</h2>
${renderDisagreements(report, units)}
</section>
<section id="units">
<h2>Every unit: votes, reasoning and evidence</h2>
${renderUnits(report, verdicts, units)}
</section>
<footer><p class="note">${h(rubricSummary(report.rubric))}</p></footer>
</body>
</html>
`;
}

import { escapeHtml as h } from './escapeHtml.ts';
import { batchSentence, localSentence, evidenceSentence, retriesSentence, num, pct, runLabel, signed, verdictKey, verdictMark } from './htmlPartsFormat.ts';
import { abRecommendationText, comparisonsLegend, methodName, runsNeededText, verdictText } from './abVerdictText.ts';
import type { UnitIndex } from './htmlPartsUnits.ts';
import type { Report, RunScore } from '../types/Report.ts';
import { isAuditId } from '../types/Unit.ts';

/** The `#recommendation` and `#convergence` call-outs, with the improvement history per round. */
export function renderSummary(report: Report): string {
  const rec = report.recommendation;
  const conv = report.convergence;
  const d = rec.difference === null ? '' : ` · d = ${signed(rec.difference)}`;
  const history = conv.history.length
    ? `<table class="history"><thead><tr><th>round</th>${conv.history.map((x) => `<th>${x.round}</th>`).join('')}</tr></thead>` +
      `<tbody><tr><th>improvement</th>${conv.history.map((x) => `<td class="num">${signed(x.improvement)}</td>`).join('')}</tr></tbody></table>`
    : '';
  const ab = abRecommendationText(report);
  const abLine = ab ? `<p id="ab-test"><strong>A/B test:</strong> ${h(ab)}</p>` : '';
  return [
    `<div class="callout" id="recommendation"><strong>Recommended: ${h(rec.prompt)}</strong> — ${h(rec.reason)} <small>(rule: ${h(rec.rule)}${d})</small>${abLine}</div>`,
    `<div class="callout${conv.status === 'converged' ? ' converged' : ''}" id="convergence"><strong>Convergence: ${h(conv.status)}</strong> — ${h(conv.reason)}${history}</div>`,
  ].join('\n');
}

/** The `#scores` table: each run's total with detection, bonus and penalty, then mean, SD, stability and the vote-noise range. */
export function renderScoreTable(report: Report): string {
  const runs = [...new Set(report.prompts.flatMap((p) => p.runs.map((s) => s.run)))].sort((a, b) => a - b);
  const head = ['prompt', ...runs.map((n) => `run ${n}`), 'mean', 'SD', 'stability', 'vote-noise range'];
  const rows = report.prompts.map((p) => {
    const cells = runs.map((n) => {
      const s = p.runs.find((x) => x.run === n);
      return s ? `<td class="num" title="${h(runTitle(s))}">${runCell(s)}</td>` : '<td class="num">–</td>';
    });
    return (
      `<tr data-prompt="${h(p.prompt)}"><th scope="row">${h(p.prompt)}${p.baseline && p.prompt !== 'baseline' ? ' <small>(baseline)</small>' : ''}</th>${cells.join('')}` +
      `<td class="num"><strong>${num(p.mean)}</strong></td><td class="num">${num(p.sd)}</td><td>${h(p.stability)}</td>` +
      `<td class="num">${num(p.noise.low)}–${num(p.noise.high)}</td></tr>`
    );
  });
  return [
    `<table id="scores"><thead><tr>${head.map((x) => `<th scope="col">${x}</th>`).join('')}</tr></thead>`,
    `<tbody>${rows.join('\n')}</tbody></table>`,
    '<p class="note">Run total = detection + bonus − penalty. Unscored units are left out of detection, never counted as ×.</p>',
    `<p class="${report.evidence.demoted ? 'callout' : 'note'}" id="evidence" data-demoted="${report.evidence.demoted}" data-votes="${report.evidence.votes}">${h(evidenceSentence(report.evidence, report.evidenceLimit))}</p>`,
    ...(retriesSentence(report.retries) ? [`<p class="note" id="retries">${h(retriesSentence(report.retries)!)}</p>`] : []),
    ...(batchSentence(report.cost) ? [`<p class="note" id="batch">${h(batchSentence(report.cost)!)}</p>`] : []),
    ...(localSentence(report.cost) ? [`<p class="note" id="local-cost">${h(localSentence(report.cost)!)}</p>`] : []),
  ].join('\n');
}

function runCell(s: RunScore): string {
  const parts = s.audited ? `${num(s.detection)} + ${num(s.bonus)} − ${num(s.penalty)}` : `${num(s.detection)}, not audited`;
  const unscored = s.unscored.length ? `, ${s.unscored.length} unscored` : '';
  const demoted = s.evidence.demoted ? `, ${s.evidence.demoted} demoted` : '';
  return `<strong>${num(s.total)}</strong> <small>(${parts}${unscored}${demoted})</small>`;
}

function runTitle(s: RunScore): string {
  const audit = s.audited
    ? `bonus ${s.bonusCount} counted of ${s.bonusFound} found, penalty ${s.penaltyCount}`
    : 'audit did not run or was unscored: bonus and penalty are 0';
  const evidence = `; ${s.evidence.demoted} of ${s.evidence.votes} ○/△ votes demoted to × (quote not found)`;
  return `run ${s.run}: detection ${num(s.detection)}; ${audit}${s.unscored.length ? `; unscored: ${s.unscored.join(', ')}` : ''}${evidence}`;
}

/**
 * The `#comparisons` table: difference, A/B verdict (coloured: better green, worse red), method, runs
 * needed, bootstrap interval or why there is none, vote-noise band and "beyond vote noise" (uncoloured:
 * a negative difference beyond vote noise is no win).
 */
export function renderComparisons(report: Report): string {
  if (report.comparisons.length === 0) return '<p class="empty">No variant to compare with the baseline.</p>';
  const rows = report.comparisons.map((c) => {
    const interval = c.interval
      ? `${signed(c.interval.low)} to ${signed(c.interval.high)} <small>(${c.interval.pairs} pairs, ${c.interval.resamples} resamples)</small>`
      : `<span class="note">${h(c.intervalNote ?? 'no interval')}</span>`;
    return (
      `<tr><th scope="row">${h(c.variant)} vs ${h(c.baseline)}</th><td class="num">${signed(c.difference)}</td>` +
      `<td class="ab-${c.verdict ?? 'none'}">${h(verdictText(c))}</td><td>${h(methodName(c.method))}</td><td>${h(runsNeededText(c))}</td><td>${interval}</td>` +
      `<td class="num">±${num(c.noise)}</td><td>${c.beyondNoise ? 'yes' : 'no'}</td></tr>`
    );
  });
  const head = ['comparison', 'difference', 'A/B verdict', 'method', 'runs needed (0.5 / 1.0 pt)', '95% bootstrap interval', 'vote-noise band', 'beyond vote noise'];
  return [
    `<table id="comparisons"><thead><tr>${head.map((x) => `<th>${x}</th>`).join('')}</tr></thead>`,
    `<tbody>${rows.join('\n')}</tbody></table>`,
    `<p class="note">${h(comparisonsLegend(report))}</p>`,
  ].join('\n');
}

/** The `#unscored` list: every unscored unit and audit with its reason and a link to its drill-down; says so when there are none. */
export function renderUnscored(report: Report, units: UnitIndex): string {
  if (report.unscored.length === 0) return '<p class="empty" id="unscored">None: every unit has a verdict.</p>';
  const rows = report.unscored.map((u) => {
    const anchor = isAuditId(u.unit) ? units.audit(u.prompt, u.run)?.anchor : units.get(u.prompt, u.run, u.unit)?.anchor;
    const name = anchor ? `<a href="#${anchor}">${h(u.unit)}</a>` : h(u.unit);
    return `<tr><td>${h(runLabel(u.prompt, u.run))}</td><td>${name}</td><td class="reason">${h(u.reason)}</td></tr>`;
  });
  return `<table id="unscored"><thead><tr><th>review</th><th>unit</th><th>reason</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
}

/** The `#disagreements` table: the units with the lowest vote agreement, most doubtful first. */
export function renderDisagreements(report: Report, units: UnitIndex): string {
  if (report.disagreements.length === 0) return '<p class="empty" id="disagreements">Every unit was unanimous.</p>';
  const rows = report.disagreements.map((d) => {
    const anchor = units.get(d.prompt, d.run, d.unit)?.anchor;
    const name = anchor ? `<a href="#${anchor}">${h(d.unit)}</a>` : h(d.unit);
    const v = verdictKey(d.verdict);
    return (
      `<tr><td>${h(runLabel(d.prompt, d.run))}</td><td>${name}</td><td><span class="mark verdict-${v}">${h(verdictMark(d.verdict))}</span></td>` +
      `<td class="num">${pct(d.agreement)}</td><td>${h(d.split)}</td></tr>`
    );
  });
  const hidden = (report.disagreementsTotal ?? report.disagreements.length) - report.disagreements.length;
  const more = hidden > 0 ? `<p class="note" id="disagreements-more">… ${hidden} more units with split votes (every one is in the drill-down below and in verdicts.json).</p>` : '';
  return `<table id="disagreements"><thead><tr><th>review</th><th>unit</th><th>verdict</th><th>agreement</th><th>split</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>${more}`;
}

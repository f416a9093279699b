import { escapeHtml as h } from './escapeHtml.ts';
import { pct, runLabel, verdictKey, verdictMark, voteSplit } from './htmlPartsFormat.ts';
import type { UnitIndex } from './htmlPartsUnits.ts';
import type { Report } from '../types/Report.ts';
import { VERDICTS, VERDICT_NAMES } from '../types/Scale.ts';
import { formatVoteSplit } from '../judge/voteSplit.ts';

const WORD: Record<string, string> = { ...Object.fromEntries(VERDICTS.map((v) => [VERDICT_NAMES[v].key, VERDICT_NAMES[v].en])), unscored: 'unscored' };

/** The `#heatmap` table: problems × (prompt, run) `td.cell` coloured by verdict, each with a title giving agreement and split and a link to its drill-down. */
export function renderHeatmap(report: Report, units: UnitIndex): string {
  if (report.problems.length === 0) return '<p class="empty">No planted problems.</p>';
  const cols = report.prompts.flatMap((p) => p.runs.map((s) => ({ prompt: p.prompt, run: s.run })));
  const head = cols.map((c) => `<th scope="col">${h(c.prompt)}<br><small>run ${c.run}</small></th>`).join('');
  const rows = report.problems.map((p) => {
    const cells = cols.map((c) => {
      const hit = p.cells.find((x) => x.prompt === c.prompt && x.run === c.run);
      const label = runLabel(c.prompt, c.run);
      if (!hit) return `<td class="cell verdict-none" data-verdict="none" title="${h(`${p.id} · ${label}: not judged`)}">–</td>`;
      const key = verdictKey(hit.verdict);
      const found = units.get(c.prompt, c.run, p.id);
      const detail =
        key === 'unscored'
          ? `unscored (left out of the score)${found?.unit.reason ? `: ${found.unit.reason}` : ''}`
          : `${WORD[key]} · agreement ${pct(hit.agreement)}${found ? ` · split ${voteSplit(found.unit.votes)}` : ''}`;
      // Split votes show in the cell itself, not only in its tooltip: a 2-of-3 ○ is not a unanimous ○.
      const split = key !== 'unscored' && hit.agreement < 1 && found ? `<small class="split-votes">${h(formatVoteSplit(found.unit.votes))}</small>` : '';
      const mark = h(verdictMark(hit.verdict)) + split;
      const body = found ? `<a href="#${found.anchor}">${mark}</a>` : mark;
      return `<td class="cell verdict-${key}${split ? ' split' : ''}" data-verdict="${key}"${split ? ` data-agreement="${hit.agreement}"` : ''} title="${h(`${p.id} · ${label}: ${detail}`)}">${body}</td>`;
    });
    const severity = p.severity ? ` <small>${h(p.severity)}</small>` : '';
    const flips = p.flips.length ? h(p.flips.join(', ')) : '';
    return `<tr data-problem="${h(p.id)}"><th scope="row"><code>${h(p.id)}</code> ${h(p.title)}${severity}</th>${cells.join('')}<td class="flips">${flips}</td></tr>`;
  });
  return [
    '<table id="heatmap">',
    `<thead><tr><th scope="col">problem</th>${head}<th scope="col">flips</th></tr></thead>`,
    '<tbody>',
    ...rows,
    '</tbody>',
    '</table>',
    `<p class="legend">${VERDICTS.map((v) => `<span class="verdict-${VERDICT_NAMES[v].key}">${v} ${VERDICT_NAMES[v].en}</span>`).join('')}` +
      '<span class="verdict-unscored">? unscored: left out, never ×</span><span class="verdict-none">– not judged</span><span class="split-legend">dashed: split votes (the split under the mark)</span></p>',
  ].join('\n');
}

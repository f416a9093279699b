import type { RunsOverview } from '../types/RunsOverview.ts';
import { escapeHtml as h } from './escapeHtml.ts';
import { groupNights, type NightGroup } from './groupNights.ts';
import { groupLabel, renderLatestTable, renderNightTable, renderPromptTable, reportLink, statusBadge, totalSpend } from './htmlPartsIndexTables.ts';
import { INDEX_CSS } from './htmlPartsIndexStyle.ts';
import { htmlHead, REPORT_CSS } from './htmlPartsStyle.ts';
import { nightTime, renderTrend } from './htmlPartsTrend.ts';
import { snapshotChangeText } from './snapshotChanges.ts';

/**
 * index.html of a runs folder (`review-judge view`): one self-contained page under report.html's
 * CSP (inline CSS and SVG, no script) with every series × round: the latest status and
 * recommendation, a trend of each prompt's mean per night, every night with its demoted and
 * unscored counts, judge snapshots (changes flagged) and spend, and relative links to each run's
 * report.html. Folder, series and prompt names are escaped text; ids are made of indices only.
 */
export function renderIndexHtml(overview: RunsOverview): string {
  const groups = groupNights(overview.nights);
  const anchors = groups.map((_, i) => `g-${i + 1}`);
  const body = groups.length
    ? [
        '<section id="latest-section">\n<h2>Latest night per series × round</h2>',
        renderLatestTable(groups, anchors),
        `<p class="note">Spend of every night: ${h(totalSpend(overview.nights))}.</p>`,
        '</section>',
        renderSnapshotSection(groups),
        ...groups.map((g, i) => renderGroup(g, anchors[i]!)),
      ].join('\n')
    : '<p class="empty" id="no-runs">No run folder with a report.json here yet: score a round with <code>review-judge score</code> first.</p>';
  const runs = `${overview.nights.length} ${overview.nights.length === 1 ? 'run' : 'runs'}`;
  return `${htmlHead(`Runs dashboard · ${overview.runsDir}`, REPORT_CSS + INDEX_CSS)}
<body>
<header>
<h1>Runs dashboard</h1>
<p class="meta"><code>${h(overview.runsDir)}</code> · ${runs} in ${groups.length} series × round · made ${h(nightTime(overview.generatedAt))} UTC</p>
</header>
${renderUnreadable(overview.unreadable)}
${body}
<footer><p class="note">Status from each report.json: suspect evidence when more than 25% of ○/△ votes were demoted (the default --max-demoted-share), else unscored units, else ok. Thresholds (--fail-under, --max-drop) are not recorded in report.json and are not shown.</p></footer>
</body>
</html>
`;
}

/** `#unreadable`: how many folders were skipped, and which with why. */
function renderUnreadable(unreadable: RunsOverview['unreadable']): string {
  if (unreadable.length === 0) return '';
  const n = unreadable.length;
  const items = unreadable.map((u) => `<li><code class="folder">${h(u.folder)}</code>: ${h(u.reason)}</li>`).join('\n');
  return `<div class="callout" id="unreadable"><p>${n} ${n === 1 ? 'folder' : 'folders'} could not be read.</p>\n<details><summary>Which, and why</summary><ul>\n${items}\n</ul></details></div>`;
}

/** `#snapshots-section`: every judge snapshot change, once per series and change, with the rounds and first night it shows in. */
function renderSnapshotSection(groups: readonly NightGroup[]): string {
  const seen = new Map<string, { series: string; text: string; first: string; rounds: Set<string> }>();
  for (const g of groups) {
    for (const [night, changes] of g.changes) {
      for (const c of changes) {
        const text = snapshotChangeText(c);
        const key = `${g.series}\u0000${text}`;
        const e = seen.get(key) ?? { series: g.series, text, first: night.createdAt, rounds: new Set<string>() };
        if (night.createdAt < e.first) e.first = night.createdAt;
        e.rounds.add(g.round === null ? 'no round' : String(g.round));
        seen.set(key, e);
      }
    }
  }
  const items = [...seen.values()].map(
    (e) => `<li><span class="snapshot-flag">${h(e.series)}</span>: ${h(e.text)} <small>(from ${h(nightTime(e.first))}; ${e.rounds.size === 1 ? 'round' : 'rounds'} ${h([...e.rounds].join(', '))})</small></li>`,
  );
  return `<section id="snapshots-section">\n<h2>Judge snapshot changes (${items.length})</h2>\n${
    items.length ? `<ul id="snapshot-changes">\n${items.join('\n')}\n</ul>` : '<p class="empty">The judges answered with the same snapshots every night.</p>'
  }\n</section>`;
}

/** One series × round: the latest night, the trend, the prompts and every night. */
function renderGroup(g: NightGroup, anchor: string): string {
  const latest = g.nights[g.nights.length - 1]!;
  const rec = latest.recommendation;
  const changed = g.nights.map((n) => (g.changes.get(n) ?? []).map(snapshotChangeText));
  return [
    `<section class="group" id="${anchor}" data-series="${h(g.series)}" data-round="${g.round ?? ''}">`,
    `<h2>${h(groupLabel(g))}</h2>`,
    `<p class="meta">${h(latest.title)} · ${g.nights.length} ${g.nights.length === 1 ? 'night' : 'nights'} · spend ${h(totalSpend(g.nights))}</p>`,
    `<p class="callout latest">Latest night ${h(nightTime(latest.createdAt))}: ${statusBadge(latest)} · recommended <strong>${h(rec.prompt)}</strong>${rec.complete ? '' : ' (on incomplete data)'} — ${h(rec.reason)} · convergence: ${h(latest.convergence)} · ${reportLink(latest)}</p>`,
    renderTrend(g.nights, g.prompts, changed),
    renderPromptTable(g),
    '<h3>Every night, newest first</h3>',
    renderNightTable(g),
    '</section>',
  ].join('\n');
}

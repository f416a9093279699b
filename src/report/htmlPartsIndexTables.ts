import type { Night, NightStatus } from '../types/RunsOverview.ts';
import { escapeHtml as h } from './escapeHtml.ts';
import { formatSpendWithLocal } from './formatSpend.ts';
import { addLocalUsage } from '../types/LocalUsage.ts';
import type { NightGroup } from './groupNights.ts';
import { clip, num, pct, signed } from './htmlPartsFormat.ts';
import { nightTime, trendClass } from './htmlPartsTrend.ts';
import { snapshotChangeText } from './snapshotChanges.ts';

/**
 * The href of a run's report.html, relative to index.html in the runs folder. The folder name is
 * file-system text: percent-encoded whole (a `:` can never make it a scheme, `#`/`?` never cut it),
 * then escaped for the attribute by the caller's `h()`.
 */
export function reportHref(folder: string): string {
  return `${encodeURIComponent(folder.replace(LONE_SURROGATE, '\uFFFD'))}/report.html`;
}

// encodeURIComponent throws on a lone surrogate; file names read from disk never hold one, but an overview may.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A link to the night's report.html (its folder name as text, or `text`), or the name alone when the folder has none. */
export function reportLink(n: Night, text?: string): string {
  const name = `<span class="folder">${h(text ?? clip(n.folder, 60))}</span>`;
  return n.reportHtml ? `<a class="report-link" href="${h(reportHref(n.folder))}" title="${h(n.folder)}">${name}</a>` : `${name} <small>(no report.html)</small>`;
}

/** The status badge: ok, N unscored, or suspect evidence. */
export function statusBadge(n: Night): string {
  const text: Record<NightStatus, string> = { ok: 'ok', unscored: `${n.unscored} unscored`, 'suspect-evidence': 'suspect evidence' };
  return `<span class="status status-${n.status}">${h(text[n.status])}</span>`;
}

/** A night's spend: unpriced requests are unknown, never $0; a report without cost says so. Plain text. */
export function nightSpend(n: Night): string {
  return n.cost ? formatSpendWithLocal(n.cost.usd, n.cost.requests, n.cost.unpricedRequests, n.cost.local) : 'not recorded';
}

/** The spend of several nights added up, and how many recorded none. Plain text. */
export function totalSpend(nights: readonly Night[]): string {
  const recorded = nights.filter((n) => n.cost !== null);
  const sum = (f: (c: NonNullable<Night['cost']>) => number) => recorded.reduce((s, n) => s + f(n.cost!), 0);
  const missing = nights.length - recorded.length;
  const spend = recorded.length ? formatSpendWithLocal(sum((c) => c.usd), sum((c) => c.requests), sum((c) => c.unpricedRequests), addLocalUsage(recorded.map((n) => n.cost!.local))) : 'not recorded';
  return missing && recorded.length ? `${spend} (${missing} ${missing === 1 ? 'night' : 'nights'} not recorded)` : spend;
}

/** `D of V` ○/△ votes demoted, with the share when any. Plain text. */
function demoted(e: Night['evidence']): string {
  return e.demoted ? `${e.demoted} of ${e.votes} (${pct(e.demotedShare)})` : `0 of ${e.votes}`;
}

/** The group's heading text: `reliability-design · round 3`. Plain text. */
export function groupLabel(g: Pick<NightGroup, 'series' | 'round'>): string {
  return `${g.series} · ${g.round === null ? 'no round' : `round ${g.round}`}`;
}

/** `#latest`: one row per series × round with its newest night; `anchors[i]` is the id of group i's section. */
export function renderLatestTable(groups: readonly NightGroup[], anchors: readonly string[]): string {
  const rows = groups.map((g, i) => {
    const n = g.nights[g.nights.length - 1]!;
    const flagged = [...g.changes.values()].filter((c) => c.length).length;
    return (
      `<tr><th><a href="#${anchors[i]}">${h(groupLabel(g))}</a><br><small>${h(n.title)}</small></th>` +
      `<td class="when">${h(nightTime(n.createdAt))}</td><td>${statusBadge(n)}</td>` +
      `<td>${h(n.recommendation.prompt)}${n.recommendation.complete ? '' : ' <small>(incomplete data)</small>'}</td>` +
      `<td>${h(n.convergence)}</td><td class="num">${g.nights.length}</td>` +
      `<td class="num">${flagged ? `<span class="snapshot-flag">${flagged}</span>` : '0'}</td>` +
      `<td class="num">${h(nightSpend(n))}</td><td>${reportLink(n, 'report')}</td></tr>`
    );
  });
  return (
    '<table id="latest"><thead><tr><th>series · round</th><th>latest night</th><th>status</th><th>recommended</th><th>convergence</th>' +
    '<th>nights</th><th>snapshot changes</th><th>spend</th><th>latest report</th></tr></thead>\n<tbody>\n' +
    rows.join('\n') +
    '\n</tbody></table>'
  );
}

/** `table.prompts`: the chart's legend and each prompt's latest numbers, with the change against its previous night. */
export function renderPromptTable(g: NightGroup): string {
  const rows = g.prompts.map((prompt, k) => {
    const seen = g.nights.map((n) => n.prompts.find((p) => p.prompt === prompt)).filter((p) => p !== undefined);
    const last = seen[seen.length - 1]!;
    const before = seen[seen.length - 2];
    return (
      `<tr data-prompt="${h(prompt)}"><th><span class="swatch ${trendClass(k)}"></span>${h(prompt)}${last.baseline ? ' <small>(baseline)</small>' : ''}</th>` +
      `<td class="num">${num(last.mean)} ± ${num(last.sd)}</td><td class="num">${before ? signed(last.mean - before.mean) : '—'}</td>` +
      `<td class="num">${last.runs}</td><td class="num">${h(demoted(last.evidence))}</td><td class="num">${last.unscored}</td><td class="num">${seen.length}</td></tr>`
    );
  });
  return (
    '<table class="prompts"><thead><tr><th>prompt</th><th>latest mean ± SD</th><th>vs previous night</th><th>runs</th>' +
    '<th>○/△ demoted</th><th>unscored</th><th>nights</th></tr></thead>\n<tbody>\n' +
    rows.join('\n') +
    '\n</tbody></table>'
  );
}

/** `table.nights`: every night of the group, newest first, with a mean column per prompt. */
export function renderNightTable(g: NightGroup): string {
  const head = g.prompts.map((p, k) => `<th><span class="swatch ${trendClass(k)}"></span>${h(p)}</th>`).join('');
  const rows = [...g.nights].reverse().map((n) => {
    const means = g.prompts.map((p) => {
      const s = n.prompts.find((q) => q.prompt === p);
      return `<td class="num">${s ? num(s.mean) : '—'}</td>`;
    });
    const changes = g.changes.get(n) ?? [];
    const snapshots = [...new Set(n.snapshots.map((s) => `${s.judge} = ${s.servedModel}`))].map((s) => `<code>${h(s)}</code>`).join('<br>') || '<small>none recorded</small>';
    const flags = changes.map((c) => `<br><span class="snapshot-flag">${c.kind === 'mixed' ? 'drift' : 'changed'}: ${h(snapshotChangeText(c))}</span>`).join('');
    return (
      `<tr class="night${changes.length ? ' snapshot-changed' : ''}"><td class="when">${h(nightTime(n.createdAt))}</td><td>${reportLink(n)}</td><td>${statusBadge(n)}</td>${means.join('')}` +
      `<td>${h(n.recommendation.prompt)}</td><td class="num">${h(demoted(n.evidence))}</td><td class="num">${n.unscored}</td>` +
      `<td>${snapshots}${flags}</td><td class="num">${h(nightSpend(n))}</td></tr>`
    );
  });
  return (
    `<table class="nights"><thead><tr><th>night</th><th>report</th><th>status</th>${head}<th>recommended</th>` +
    '<th>○/△ demoted</th><th>unscored</th><th>judge snapshots</th><th>spend</th></tr></thead>\n<tbody>\n' +
    rows.join('\n') +
    '\n</tbody></table>'
  );
}

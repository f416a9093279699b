import { describe, expect, it } from 'vitest';
import { HOSTILE_FOLDERS, night, sampleOverview } from '../../test/fixtures/overview/sampleOverview.ts';
import { XSS } from '../../test/fixtures/report/sampleReport.ts';
import { escapeHtml } from './escapeHtml.ts';
import { REPORT_CSP } from './htmlPartsStyle.ts';
import { renderIndexHtml } from './renderIndexHtml.ts';

const page = () => renderIndexHtml(sampleOverview());
const count = (html: string, re: RegExp) => (html.match(re) ?? []).length;

/** The section of one series × round, by its heading text (escaped as the page has it). */
function group(html: string, label: string): string {
  const sections = html.split('<section class="group"').slice(1);
  const found = sections.filter((s) => s.includes(`<h2>${escapeHtml(label)}</h2>`));
  expect(found, label).toHaveLength(1);
  return found[0]!.split('</section>')[0]!;
}

/** The rows of a section's nights table, newest first. */
const nightRows = (section: string) => section.split('<tr class="night').slice(1).map((r) => r.split('</tr>')[0]!);

/** Attribute names of every tag (values are double-quoted and escaped, so removing them leaves the names). */
function attributeNames(html: string): string[] {
  return [...html.matchAll(/<[a-zA-Z][^>]*>/g)].flatMap((m) => [...m[0].replace(/"[^"]*"/g, '').matchAll(/\s([a-zA-Z-:]+)=/g)].map((a) => a[1]!));
}

describe('renderIndexHtml', () => {
  it('is deterministic, under the report CSP, with no script and no external URL', () => {
    const html = page();
    expect(html).toBe(page());
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<(img|iframe|object|embed|base|form)\b/i);
    expect(html).not.toMatch(/@import|@font-face|url\(/i);
    expect(html.match(/https?:\/\/[^\s"<]*/g)).toEqual(['http://www.w3.org/2000/svg', 'http://www.w3.org/2000/svg', 'http://www.w3.org/2000/svg']);
  });

  it.each([
    // label, prompts (trend order), points per prompt, nights rows
    ['reliability-design · round 1', ['baseline', 'variant-a'], 3, 3],
    ['reliability-design · round 2', ['baseline', 'variant-b'], 1, 1],
    [`${XSS.script} · no round`, [XSS.img, `v"'&<b>`], 5, 5],
  ])('%s: one trend line per prompt with a point per night', (label, prompts, points, rows) => {
    const s = group(page(), label);
    const lines = [...s.matchAll(/<g class="trend-prompt c(\d)" data-prompt="([^"]*)">([\s\S]*?)<\/g>/g)];
    expect(lines.map((l) => l[2])).toEqual(prompts.map(escapeHtml));
    expect(lines.map((l) => l[1])).toEqual(prompts.map((_, i) => String(i)));
    expect(count(lines[0]![3]!, /<path class="line" d="M[\d. ]+(L[\d. ]+)*"\/>/g)).toBe(1);
    expect(count(lines[0]![3]!, /<circle class="point"/g)).toBe(points);
    expect(nightRows(s)).toHaveLength(rows);
  });

  it('a night without a prompt breaks its line; the chart never joins across the gap', () => {
    const html = group(page(), `${XSS.script} · no round`);
    const second = /data-prompt="v&quot;&#39;&amp;&lt;b&gt;">[\s\S]*?<path class="line" d="([^"]*)"/.exec(html)![1]!;
    expect(second).toMatch(/^M[\d.]+ [\d.]+$/);
  });

  it.each([
    // night folder, status badge, demoted, unscored, spend
    ['r1-night3', '<span class="status status-unscored">2 unscored</span>', '1 of 22 (5%)', '2', '$0.0200 + 4 unpriced requests'],
    ['r1-night2', '<span class="status status-ok">ok</span>', '0 of 24', '0', 'unpriced'],
    ['r1-night1', '<span class="status status-ok">ok</span>', '0 of 24', '0', '$0.0123'],
  ])('%s: status, demoted, unscored and spend (unpriced is never zero dollars)', (folder, badge, demoted, unscored, spend) => {
    const row = nightRows(group(page(), 'reliability-design · round 1')).find((r) => r.includes(`>${folder}<`))!;
    expect(row).toContain(badge);
    expect(row).toContain(`<td class="num">${demoted}</td><td class="num">${unscored}</td>`);
    expect(row).toContain(`<td class="num">${escapeHtml(spend)}</td></tr`.slice(0, -4));
    expect(row).not.toContain('$0.0000');
  });

  it('shows the latest status, recommendation and numbers per series × round, and each prompt against its previous night', () => {
    const html = page();
    const latest = html.split('<table id="latest">')[1]!.split('</table>')[0]!;
    expect(latest).toContain('<span class="status status-unscored">2 unscored</span>');
    expect(latest).toContain('variant-a <small>(incomplete data)</small>');
    expect(nightRows(group(html, `${XSS.script} · no round`))[3]).toContain('<span class="status status-suspect-evidence">suspect evidence</span>');
    const s = group(html, 'reliability-design · round 1');
    expect(s).toContain('recommended <strong>variant-a</strong> (on incomplete data) — on what every run scored');
    const baseline = /<tr data-prompt="baseline">(.*?)<\/tr>/.exec(s)![1]!;
    expect(baseline).toContain('<td class="num">2.5 ± 0.25</td><td class="num">-0.5</td><td class="num">2</td><td class="num">1 of 10 (10%)</td><td class="num">2</td><td class="num">3</td>');
    expect(s).toContain('spend $0.0323 + 20 unpriced requests');
    expect(html).toContain('Spend of every night: $0.0938 + 20 unpriced requests (1 night not recorded).');
  });

  it('flags a judge snapshot change between nights, in the night row, on the chart and in the list', () => {
    const html = page();
    const rows = nightRows(group(html, 'reliability-design · round 1'));
    expect(rows[0]).toMatch(/^ snapshot-changed"/);
    expect(rows[0]).toContain('<span class="snapshot-flag">changed: openai:gpt-6-luna: gpt-6-luna-2026-09-01 → gpt-6-luna-2026-11-20</span>');
    expect(rows.slice(1).join('')).not.toContain('snapshot-flag');
    expect(count(group(html, 'reliability-design · round 1'), /<line class="snapshot-change"/g)).toBe(1);
    expect(html).toContain('<h2>Judge snapshot changes (1)</h2>');
    expect(html).toContain('openai:gpt-6-luna: gpt-6-luna-2026-09-01 → gpt-6-luna-2026-11-20 <small>(from 2026-11-25 02:00; round 1)</small>');
    const steady = renderIndexHtml({ ...sampleOverview(), nights: [night({ folder: 'a', createdAt: '2026-11-23T02:00:00Z' }), night({ folder: 'b', createdAt: '2026-11-24T02:00:00Z' })] });
    expect(steady).toContain('<h2>Judge snapshot changes (0)</h2>');
    expect(steady).not.toContain('class="snapshot-flag"');
  });

  it('keeps planted markup in series, prompt, judge, title and folder names inert', () => {
    const html = page();
    for (const s of [XSS.script, XSS.img, XSS.flag, HOSTILE_FOLDERS.attr, HOSTILE_FOLDERS.svg]) expect(html).not.toContain(s);
    expect(html).toContain(escapeHtml(XSS.img));
    expect(html).toContain(escapeHtml(`Key ${XSS.flag}`));
    expect([...new Set(attributeNames(html))].filter((n) => n.startsWith('on'))).toEqual([]);
  });

  it.each([
    ['r1-night1', 'r1-night1/report.html'],
    [HOSTILE_FOLDERS.img, '%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E/report.html'],
    [HOSTILE_FOLDERS.attr, 'x%22%20onmouseover%3D%22alert(1)/report.html'],
    [HOSTILE_FOLDERS.svg, '%22%3E%3Csvg%20onload%3Dalert(1)%3E/report.html'],
    [HOSTILE_FOLDERS.scheme, 'javascript%3Aalert(1)/report.html'],
  ])('links %s to its report.html, percent-encoded and relative', (_, href) => {
    expect(page()).toContain(`<a class="report-link" href="${href}"`);
  });

  it('links no report.html that is not there, and puts no name into an id', () => {
    const html = page();
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
    expect(hrefs.filter((h) => h.includes('50%25'))).toEqual([]);
    expect(html).toContain(`${escapeHtml(HOSTILE_FOLDERS.url)}</span> <small>(no report.html)</small>`);
    expect(hrefs.filter((h) => !h.startsWith('#') && !h.endsWith('/report.html') && h !== 'data:,')).toEqual([]);
    const ids = [...html.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]!);
    expect(ids.filter((id) => !/^[a-z0-9-]+$/.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(hrefs.filter((h) => h.startsWith('#')).every((h) => ids.includes(h.slice(1)))).toBe(true);
  });

  it('counts and lists the folders that could not be read', () => {
    const html = page();
    expect(html).toContain('<p>2 folders could not be read.</p>');
    expect(html).toContain('<code class="folder">broken</code>: no readable run.json or manifest.json');
    expect(renderIndexHtml({ ...sampleOverview(), unreadable: [{ folder: 'x', reason: 'r' }] })).toContain('<p>1 folder could not be read.</p>');
    expect(renderIndexHtml({ ...sampleOverview(), unreadable: [] })).not.toContain('id="unreadable"');
  });

  it('says so when there is no run yet', () => {
    const html = renderIndexHtml({ runsDir: 'runs', generatedAt: '2026-11-25T09:30:00.000Z', nights: [], unreadable: [] });
    expect(html).toContain('id="no-runs"');
    expect(html).not.toContain('<svg');
  });
});

import { describe, expect, it } from 'vitest';
import { expectGolden } from '../../test/fixtures/report/golden.ts';
import { sampleReport, sampleVerdicts, XSS } from '../../test/fixtures/report/sampleReport.ts';
import { escapeHtml } from './escapeHtml.ts';
import { REPORT_CSP } from './htmlPartsStyle.ts';
import { renderHtml } from './renderHtml.ts';

// Golden file: test/fixtures/report/golden/report.html. Rewrite it with UPDATE_GOLDEN=1 npx vitest run src/report
const count = (html: string, re: RegExp) => (html.match(re) ?? []).length;
const html = () => renderHtml(sampleReport(), sampleVerdicts());

/** Attribute names of every tag, read with quoted values removed (all values are double-quoted and escaped). */
function attributeNames(page: string): string[] {
  return [...page.matchAll(/<[a-zA-Z][^>]*>/g)].flatMap((m) => [...m[0].replace(/"[^"]*"/g, '').matchAll(/\s([a-zA-Z-:]+)=/g)].map((a) => a[1]!));
}

describe('renderHtml', () => {
  it('matches the golden report.html and is deterministic', () => {
    expectGolden('report.html', html());
    expect(html()).toBe(html());
  });

  it('declares a CSP that forbids every load except inline style and data: images', () => {
    expect(REPORT_CSP).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'");
    expect(html()).toContain(`<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`);
  });

  it('is self-contained: no script, no external URL, no font, no CSS import', () => {
    const page = html();
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/<(img|iframe|object|embed|link(?! rel="icon" href="data:,">)|base|form)\b/i);
    expect(page).not.toMatch(/@import|@font-face|url\(/i);
    expect(page.match(/https?:\/\/[^\s"<]*/g)).toEqual(['http://www.w3.org/2000/svg']);
  });

  it('escapes every hostile text, in content and in attributes', () => {
    const page = html();
    expect(page).not.toContain(XSS.script);
    expect(page).not.toContain(XSS.img);
    expect(attributeNames(page)).toEqual(expect.arrayContaining(['class', 'title', 'href', 'data-verdict']));
    expect(attributeNames(page).filter((n) => /^on/i.test(n))).toEqual([]);
    expect(page).toContain(escapeHtml(XSS.script));
    expect(page).toContain(escapeHtml(XSS.img));
    expect(page).toContain('&amp;amp;');
    expect(page).toContain('title="P02 · baseline r1: partial · agreement 67% · split ○1 △2 ×0"');
    expect(page).toContain(`title="P03 · variant-checklist r2: unscored (left out of the score): ${escapeHtml(`no valid vote (2 failed): ${XSS.img}`)}"`);
  });

  it('escapes quotes inside attribute values built from untrusted names', () => {
    const r = sampleReport();
    const v = sampleVerdicts();
    const evil = `x" onmouseover="alert(1)' data-a='`;
    r.prompts[0]!.prompt = evil;
    r.problems[0]!.cells[0]!.prompt = evil;
    for (const u of v.units) if (u.review.prompt === 'baseline') u.review.prompt = evil;
    const page = renderHtml(r, v);
    expect(page).not.toContain(evil);
    expect(page).toContain(`data-prompt="${escapeHtml(evil)}"`);
    expect(attributeNames(page).filter((n) => /^on/i.test(n))).toEqual([]);
  });

  it('draws one bar per prompt and a heatmap cell per problem and run', () => {
    const page = html();
    expect(count(page, /<rect class="bar/g)).toBe(2);
    expect(count(page, /<td class="cell /g)).toBe(12);
    expect(count(page, /class="cell verdict-o[ "]/g)).toBe(6);
    expect(count(page, /class="cell verdict-t[ "]/g)).toBe(3);
    expect(count(page, /class="cell verdict-x[ "]/g)).toBe(2);
    expect(count(page, /class="cell verdict-unscored"/g)).toBe(1);
  });

  it('shows split votes in the heatmap cell itself and the key\'s criteria beside the votes', () => {
    const page = html();
    const splitCells = [...page.matchAll(/<td class="cell verdict-\w+ split"[^>]*>.*?<\/td>/g)].map((m) => m[0]);
    expect(splitCells.length).toBe(count(page, /<td class="cell verdict-\w+ split"/g));
    expect(splitCells.length).toBeGreaterThan(0);
    for (const c of splitCells) expect(c).toMatch(/<small class="split-votes">[○△×]\d/);
    // P02 carries criteria in the sample (2 prompts × 2 runs), the others do not (an older report): no empty table.
    expect(count(page, /<table class="criteria">/g)).toBe(4);
    expect(page).toContain("Names the webhook handler&#39;s missing idempotency key");
  });

  it('has a drill-down for every unit and audit, with unique ids that the heatmap links to', () => {
    const page = html();
    expect(count(page, /<details class="unit"/g)).toBe(12);
    expect(count(page, /<details class="audit"/g)).toBe(4);
    const ids = [...page.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [, target] of page.matchAll(/href="#([^"]*)"/g)) expect(ids).toContain(target);
  });

  it('shows votes with model verdict and verified flag, and quotes with theirs', () => {
    const page = html();
    expect(page).toContain('<tr class="vote unverified" data-vote="1">');
    expect(page).toContain('<blockquote class="quote verified" data-verified="true">Retries use exponential backoff');
    expect(page).toContain('<blockquote class="quote unverified" data-verified="false">A circuit breaker');
    expect(page).toContain('<strong>Unscored:</strong> no valid vote (2 failed)');
  });

  it('warns when verdicts.json belongs to another run', () => {
    expect(html()).not.toContain('id="run-mismatch"');
    const v = { ...sampleVerdicts(), runId: 'other' };
    expect(renderHtml(sampleReport(), v)).toContain('id="run-mismatch"');
  });

  it('renders an empty round without failing', () => {
    const r = { ...sampleReport(), prompts: [], problems: [], comparisons: [], unscored: [], disagreements: [] };
    const page = renderHtml(r, { runId: r.runId, units: [] });
    expect(page).toContain('No prompts were scored.');
    expect(page).toContain('None: every unit has a verdict.');
    expect(page).toContain('verdicts.json holds no units.');
  });
});

import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { openWatched, settle, skipBrowser } from './browserKit.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../e2e/runCli.ts';
import { HOSTILE_FOLDERS } from '../fixtures/overview/sampleOverview.ts';
import { writeSampleRuns } from '../fixtures/overview/writeSampleRuns.ts';
import { XSS } from '../fixtures/report/sampleReport.ts';

/**
 * index.html (`review-judge view`) in a real browser, as reportHtml.browser.test.ts does for
 * report.html: Debian's chromium through playwright-core; skipped with a warning where it is not
 * installed, failing instead when CI is set. The runs folder holds folders with hostile names, so
 * the links prove their encoding by resolving to the real files.
 */
const skip = skipBrowser('indexHtml.browser');

describe.skipIf(skip)('index.html in headless Chromium', () => {
  let browser: Browser | undefined;
  let page: Page;
  let dir: string | undefined;
  let url: string;
  let folders: string[] = [];
  let consoleErrors: string[] = [];
  let pageErrors: string[] = [];
  let dialogs: string[] = [];
  let requests: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'index-html-'));
    const runs = join(dir, 'runs');
    folders = writeSampleRuns(runs).folders;
    const r = await runCli(['view', runs], {});
    expect(r.code, r.stderr).toBe(0);
    url = pathToFileURL(r.stdout.trim()).href;
    const w = await openWatched(url);
    browser = w.browser;
    page = w.page;
    consoleErrors = w.consoleErrors;
    pageErrors = w.pageErrors;
    dialogs = w.dialogs;
    requests = w.requests;
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('draws a trend per prompt in every series × round: a line per prompt and a point per night', async () => {
    const groups = await page.locator('section.group').evaluateAll((sections) =>
      sections.map((s) => ({
        heading: s.querySelector('h2')!.textContent,
        prompts: [...s.querySelectorAll('table.prompts tbody tr')].map((tr) => tr.getAttribute('data-prompt')),
        lines: [...s.querySelectorAll('svg.trend g.trend-prompt')].map((g) => ({
          prompt: g.getAttribute('data-prompt'),
          paths: g.querySelectorAll('path.line').length,
          length: (g.querySelector('path.line') as SVGPathElement).getTotalLength(),
          points: g.querySelectorAll('circle.point').length,
          stroke: getComputedStyle(g.querySelector('path.line')!).stroke,
        })),
        nights: s.querySelectorAll('table.nights tr.night').length,
      })),
    );
    expect(groups.map((g) => g.heading)).toEqual([`${XSS.img} · round 1`, 'old-design · round 1', 'reliability-design · round 3']);
    for (const g of groups) {
      expect(g.lines.map((l) => l.prompt)).toEqual(g.prompts);
      for (const l of g.lines) {
        expect(l.paths).toBe(1);
        expect(l.points).toBe(g.nights);
        // More than one night: a drawn line (one night is a single point).
        if (g.nights > 1) expect(l.length).toBeGreaterThan(100);
      }
      // The inline stylesheet applies under the CSP: lines are coloured, and differently per prompt.
      expect(new Set(g.lines.map((l) => l.stroke)).size).toBe(g.lines.length);
      expect(g.lines.every((l) => l.stroke.startsWith('rgb('))).toBe(true);
    }
    expect(await page.locator('section.group').last().locator('line.snapshot-change').count()).toBe(1);
  });

  it('every report link resolves to an existing report.html of its own folder, and every in-page link to a section', async () => {
    const hrefs = await page.locator('a.report-link').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    expect(hrefs.length).toBeGreaterThanOrEqual(folders.length);
    const reached = new Set<string>();
    for (const href of hrefs) {
      expect(href.startsWith('file://'), href).toBe(true);
      const file = fileURLToPath(href);
      expect(existsSync(file) && statSync(file).isFile(), href).toBe(true);
      expect(basename(file)).toBe('report.html');
      expect(dirname(dirname(file))).toBe(dirname(fileURLToPath(url)));
      reached.add(basename(dirname(file)));
    }
    expect([...reached].sort()).toEqual([...folders].sort());
    const anchors = await page.locator('a[href^="#"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!.slice(1)));
    expect(anchors.length).toBeGreaterThan(0);
    for (const id of anchors) expect(await page.locator(`[id="${id}"]`).count(), id).toBe(1);
  });

  it('a link to a folder with a hostile name opens that run’s report', async () => {
    const second = await browser!.newPage();
    await second.goto(url, { waitUntil: 'load' });
    await second.locator(`a.report-link[title="${HOSTILE_FOLDERS.svg.replace(/"/g, '\\"')}"]`).first().click();
    await second.waitForLoadState('load');
    expect(fileURLToPath(second.url())).toBe(join(dirname(fileURLToPath(url)), HOSTILE_FOLDERS.svg, 'report.html'));
    expect(await second.title()).toMatch(/^hostile \d$/);
    await second.close();
  });

  it('keeps planted markup inert and visible as text, even with every details open', async () => {
    await page.locator('details').evaluateAll((all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
    await page.locator('a.report-link').first().hover();
    await settle(page);
    const dom = await page.evaluate(() => ({
      xss: (window as unknown as { __xss?: unknown }).__xss,
      scripts: document.querySelectorAll('script').length,
      images: document.querySelectorAll('img').length,
      svgs: document.querySelectorAll('svg:not(.trend)').length,
      handlers: [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].map((a) => a.name)).filter((n) => n.startsWith('on')),
      text: document.body.innerText,
    }));
    expect(dom).toMatchObject({ xss: undefined, scripts: 0, images: 0, svgs: 0, handlers: [] });
    expect(dom.text).toContain(XSS.img);
    expect(dom.text).toContain(`Key ${XSS.flag}`);
    expect(dom.text).toContain(HOSTILE_FOLDERS.attr);
    expect(dom.text).toContain('1 folder could not be read.');
    expect(dialogs).toEqual([]);
  });

  it('logs no console error or page error and loads nothing but the file itself', () => {
    expect(consoleErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(requests.filter((r) => r !== url && !r.startsWith('data:'))).toEqual([]);
  });
});


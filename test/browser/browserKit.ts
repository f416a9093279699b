/**
 * Shared setup of the headless-Chromium tests: Debian's chromium driven by playwright-core (no browser
 * download). CI installs chromium (.ci/run) and the tests fail there without it; on a developer
 * machine without /usr/bin/chromium they are skipped with a warning (only when CI is unset).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Where .ci/run installs Debian's chromium. */
export const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** True when the browser tests must be skipped (no chromium and not in CI), said once with how to install it. */
export function skipBrowser(name: string): boolean {
  const skip = !existsSync(CHROMIUM) && !process.env.CI;
  if (skip) console.warn(`\n[${name}] SKIPPED: ${CHROMIUM} not found. Install it with \`apt-get update && apt-get install -y --no-install-recommends chromium\`. With CI set, this test fails instead.\n`);
  return skip;
}

/** A page with everything it reported recorded: console errors, page errors, dialogs (dismissed) and requests. */
export interface WatchedPage {
  browser: Browser;
  page: Page;
  consoleErrors: string[];
  pageErrors: string[];
  dialogs: string[];
  requests: string[];
}

/** Launches chromium, opens the URL with every report recorded, and lets it settle. */
export async function openWatched(url: string): Promise<WatchedPage> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: CI must install Debian's chromium before npm test (.ci/run: apt-get install -y --no-install-recommends chromium).`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const page = await browser.newPage();
  const w: WatchedPage = { browser, page, consoleErrors: [], pageErrors: [], dialogs: [], requests: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') w.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => w.pageErrors.push(String(e)));
  page.on('dialog', (d) => {
    w.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  page.on('request', (r) => w.requests.push(r.url()));
  await page.goto(url, { waitUntil: 'load' });
  await settle(page);
  return w;
}

/** Lets pending tasks (an image error handler, a layout) run before the next assertion. */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
}

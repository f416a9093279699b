/**
 * `view` over runs made the real way: round 1 of the workflow-root fixture scored on two nights
 * with the scripted judge over the fake OpenAI server (the second night with --fresh votes and a
 * newer served snapshot), then `view runs` → index.html holds both nights, their means, the
 * snapshot change and links to both reports.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../fakes/fakeOpenAI.ts';
import type { Report } from '../../src/types/Report.ts';
import { RELIABILITY, workflowJudge } from '../fixtures/workflow-root/workflowJudge.ts';
import { cleanupAfterEach } from './cleanup.ts';
import { runCli } from './runCli.ts';

const cleanup = cleanupAfterEach();
const JUDGE = 'openai:gpt-4.1-mini';

describe('view after two nights', () => {
  it('index.html shows both nights of reliability-design round 1, the snapshot change and links to both reports', async () => {
    let snapshot = 'gpt-4.1-mini-2025-04-14';
    const fake = cleanup.server(await startFakeOpenAI(workflowJudge(), { servedAs: () => snapshot }));
    const work = cleanup.dir('rj-view-e2e-');
    const runs = path.join(work, 'runs');
    const env = { OPENAI_API_KEY: 'sk-test-view-012345', OPENAI_BASE_URL: `${fake.url}/v1` };
    const night = (now: string, extra: string[] = []) => runCli(['score', RELIABILITY, '--round', '1', '--judge', JUDGE, '--runs-dir', runs, ...extra], env, { now: new Date(now) });

    expect((await night('2026-11-24T02:00:00Z')).code).toBe(0);
    snapshot = 'gpt-4.1-mini-2026-01-10';
    // --fresh: new votes, so a second night is written even where an unchanged round would not be.
    expect((await night('2026-11-25T02:00:00Z', ['--fresh'])).code).toBe(0);
    const folders = readdirSync(runs).filter((d) => d !== 'cache').sort();
    expect(folders).toHaveLength(2);

    const r = await runCli(['view', runs], {});
    expect(r.code, r.stderr).toBe(0);
    const file = path.join(runs, 'index.html');
    expect(r.stdout).toBe(`${file}\n`);
    expect(r.stderr).toBe('');
    const html = readFileSync(file, 'utf8');

    expect(html).toContain('<h2>reliability-design · round 1</h2>');
    expect(html).toContain('2 runs in 1 series × round');
    for (const f of folders) expect(html).toContain(`href="${encodeURIComponent(f)}/report.html"`);
    expect(html.match(/<tr class="night/g)).toHaveLength(2);
    expect(html).toContain('>2026-11-24 02:00<');
    expect(html).toContain('>2026-11-25 02:00<');
    // The hand-computed means of the fixture (workflowJudge.ts): baseline 2.75, variant-a 4.25, both nights.
    const report = JSON.parse(readFileSync(path.join(runs, folders[1]!, 'report.json'), 'utf8')) as Report;
    expect(report.prompts.map((p) => [p.prompt, p.mean])).toEqual([['baseline', 2.75], ['variant-a', 4.25]]);
    expect(html.match(/<circle class="point"/g)).toHaveLength(4);
    expect(html).toContain('<title>variant-a · 2026-11-25 02:00 · mean 4.25 ± 0.25 (2 runs)</title>');
    expect(html).toContain('recommended <strong>variant-a</strong>');
    expect(html).toContain('changed: openai:gpt-4.1-mini: gpt-4.1-mini-2025-04-14 → gpt-4.1-mini-2026-01-10');
    expect(html).toContain('<span class="status status-ok">ok</span>');
  });
});

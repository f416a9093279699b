/**
 * The nightly as a cron user reads it, through the CLI against the fake OpenAI server: nightly.json
 * and nightly.md in the runs folder, `--all-rounds --json` printing that summary (series and round
 * for every entry), and a second identical night writing no new run folder.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../fakes/fakeOpenAI.ts';
import { NightlySummary } from '../../src/types/Nightly.ts';
import { WORKFLOW_ROOT, workflowJudge } from '../fixtures/workflow-root/workflowJudge.ts';
import { cleanupAfterEach } from './cleanup.ts';
import { runCli } from './runCli.ts';

const cleanup = cleanupAfterEach();

async function setup() {
  const server = cleanup.server(await startFakeOpenAI(workflowJudge()));
  const runs = path.join(cleanup.dir('rj-nightly-summary-'), 'runs');
  let hour = 0;
  const night = (extra: string[] = []) =>
    runCli(['score', WORKFLOW_ROOT, '--all-rounds', '--runs-dir', runs, '--judge', 'openai:gpt-4.1-mini', ...extra], { OPENAI_API_KEY: 'sk-test-nightly-02', OPENAI_BASE_URL: `${server.url}/v1` }, { now: new Date(Date.UTC(2026, 10, 25, ++hour)) });
  const folders = () => readdirSync(runs, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'cache').map((d) => d.name).sort();
  return { server, runs, night, folders };
}

describe('nightly summary', () => {
  it('--all-rounds --json prints the summary (valid JSON, series and round for every entry) and writes nightly.json and nightly.md', async () => {
    const t = await setup();
    const r = await t.night(['--json']);
    expect(r.code).toBe(0);
    const printed = NightlySummary.parse(JSON.parse(r.stdout));
    expect(printed.rounds.map((x) => `${x.series} ${x.round}`)).toEqual(['reliability-design 1', 'reliability-design 2', 'security-design 1']);
    expect(printed.rounds.every((x) => x.status === 'ok' && x.runDir !== null && !x.unchanged)).toBe(true);
    expect(printed.totals.requests).toBe(40);
    expect(printed.exitCode).toBe(0);
    const written = NightlySummary.parse(JSON.parse(readFileSync(path.join(t.runs, 'nightly.json'), 'utf8')));
    expect(written).toEqual(printed);
    const md = readFileSync(path.join(t.runs, 'nightly.md'), 'utf8');
    expect(md).toContain('| reliability-design round 2: ');
    expect(md).toMatch(/exit 0 \(every round ok\)/);
  });

  it('a second identical night writes no new run folder, reports every round unchanged and pays nothing', async () => {
    const t = await setup();
    expect((await t.night()).code).toBe(0);
    const first = t.folders();
    expect(first).toHaveLength(3);
    const requests = t.server.requests.length;
    const r = await t.night(['--json']);
    expect(r.code).toBe(0);
    expect(t.folders()).toEqual(first);
    expect(t.server.requests.length).toBe(requests);
    const s = NightlySummary.parse(JSON.parse(r.stdout));
    expect(s.rounds.map((x) => x.unchanged)).toEqual([true, true, true]);
    expect(s.totals.unchanged).toBe(3);
    // Against the previous night, every mean is unchanged.
    expect(s.rounds.flatMap((x) => x.prompts.map((p) => p.change))).toEqual(s.rounds.flatMap((x) => x.prompts.map(() => 0)));
    expect(r.stderr).toContain('(3 unchanged: no new run folder)');
  });
});

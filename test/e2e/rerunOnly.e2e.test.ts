/**
 * Rerun one problem through the CLI against the fake OpenAI server (n supported: one request per
 * unit): `--only` draws fresh votes for exactly the selected units on top of the latest run of the
 * same inputs, takes every other unit from that run as it was (whatever its salt or judge), writes a
 * complete run (every unit, totals recomputed, replayable) and prints what changed.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../fakes/fakeOpenAI.ts';
import type { FakeServer } from '../fakes/fakeServer.ts';
import type { Manifest } from '../../src/types/Manifest.ts';
import type { Verdicts } from '../../src/types/Verdicts.ts';
import { RELIABILITY, workflowJudge } from '../fixtures/workflow-root/workflowJudge.ts';
import { cleanupAfterEach } from './cleanup.ts';
import { runCli } from './runCli.ts';

const cleanup = cleanupAfterEach();

async function setup() {
  const server: FakeServer = cleanup.server(await startFakeOpenAI(workflowJudge()));
  const runs = path.join(cleanup.dir('rj-only-'), 'runs');
  // Each invocation an hour later, as successive runs are: "latest" means the newest createdAt.
  let hour = 0;
  const at = () => ({ now: new Date(Date.UTC(2026, 10, 25, ++hour)) });
  const cli = (judge: string, extra: string[]) =>
    runCli(['score', RELIABILITY, '--round', '1', '--runs-dir', runs, '--judge', judge, ...extra], { OPENAI_API_KEY: 'sk-test-only-0001', OPENAI_BASE_URL: `${server.url}/v1` }, at());
  const score = (extra: string[]) => cli('openai:gpt-4.1-mini', extra);
  const folders = () => (existsSync(runs) ? readdirSync(runs).filter((d) => d !== 'cache').sort() : []);
  const latest = () => {
    const dirs = folders().map((d) => path.join(runs, d));
    const byTime = dirs.sort((a, b) => (JSON.parse(readFileSync(path.join(a, 'run.json'), 'utf8')).createdAt < JSON.parse(readFileSync(path.join(b, 'run.json'), 'utf8')).createdAt ? -1 : 1));
    const dir = byTime[byTime.length - 1]!;
    return { dir, verdicts: JSON.parse(readFileSync(path.join(dir, 'verdicts.json'), 'utf8')) as Verdicts, manifest: JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest };
  };
  /** Detection requests for a problem id since `from`. */
  const requestsFor = (id: string, from: number) => server.requests.slice(from).filter((r) => JSON.stringify(r.body).includes(`- ID: ${id}\\n`)).length;
  return { server, runs, score, cli, folders, latest, requestsFor };
}

describe('--only P03 after a full run', () => {
  it('asks exactly the P03 units afresh, keeps every unit, recomputes and prints the change; again → another fresh set', async () => {
    const t = await setup();
    expect((await t.score([])).code).toBe(0);
    const full = t.latest();
    const before = t.server.requests.length;
    const r = await t.score(['--only', 'P03']);
    expect(r.code).toBe(0);
    // One request per review (n): the 4 P03 units, nothing else.
    expect(t.server.requests.length - before).toBe(4);
    expect(t.requestsFor('P03', before)).toBe(4);
    const rerun = t.latest();
    expect(rerun.dir).not.toBe(full.dir);
    expect(rerun.verdicts.units).toHaveLength(full.verdicts.units.length);
    expect(rerun.verdicts.audits).toHaveLength(full.verdicts.audits!.length);
    expect(rerun.manifest.units.filter((u) => u.judged).map((u) => u.unit)).toEqual(['P03', 'P03', 'P03', 'P03']);
    expect(rerun.manifest.units.filter((u) => !u.judged).every((u) => u.reusedFrom === full.manifest.runId)).toBe(true);
    expect(r.stdout).toContain(`compared with run ${full.manifest.runId}:`);
    expect(r.stdout).toMatch(/recommendation (unchanged|changed)/);
    expect(r.stderr).toMatch(/--only P03: fresh votes for those units; 12 other units taken as they were/);
    // The rerun replays from the cache alone, byte for byte.
    expect((await runCli(['replay', rerun.dir], {})).code).toBe(0);
    // The identical command after it finished draws another fresh set (it builds on the rerun now).
    const again = t.server.requests.length;
    expect((await t.score(['--only', 'P03'])).code).toBe(0);
    expect(t.server.requests.length - again).toBe(4);
  });

  it('after a --salt s1 run, --salt s1 --only P01 reuses every other unit (no cache lookups with another salt)', async () => {
    const t = await setup();
    expect((await t.score(['--salt', 's1'])).code).toBe(0);
    const before = t.server.requests.length;
    const r = await t.score(['--salt', 's1', '--only', 'P01']);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('not in the cache');
    const rerun = t.latest();
    expect(rerun.verdicts.units).toHaveLength(12);
    expect(rerun.manifest.units.filter((u) => !u.judged)).toHaveLength(12);
    // --salt s1 is the run's salt and P01 was already judged under it: the cache answers.
    expect(t.server.requests.length - before).toBe(0);
  });

  it('--only P03 --judge <other> re-judges P03 with that judge; the manifest records the judge per unit', async () => {
    const t = await setup();
    expect((await t.score([])).code).toBe(0);
    const r = await t.cli('openai:gpt-4.1', ['--only', 'P03']);
    expect(r.code).toBe(0);
    const { manifest } = t.latest();
    expect(new Set(manifest.units.filter((u) => u.unit === 'P03').flatMap((u) => u.judges))).toEqual(new Set(['openai:gpt-4.1']));
    expect(new Set(manifest.units.filter((u) => u.unit !== 'P03').flatMap((u) => u.judges))).toEqual(new Set(['openai:gpt-4.1-mini']));
    expect((await runCli(['replay', t.latest().dir], {})).code).toBe(0);
  });
});

describe('--only with no earlier run', () => {
  it('exits 2, says so, sends nothing and writes no run folder', async () => {
    const t = await setup();
    const r = await t.score(['--only', 'P03']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--only re-judges units on top of the latest run of the same inputs, and there is none');
    expect(t.server.requests).toHaveLength(0);
    expect(t.folders()).toEqual([]);
  });
});

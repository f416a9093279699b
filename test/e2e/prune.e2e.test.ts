/**
 * `prune` through the CLI on runs the fake judge produced: the newest N runs of every round stay
 * (never fewer than the latest), older folders go, and so do the cache entries only they referred
 * to; a kept run still replays from what is left.
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../fakes/fakeOpenAI.ts';
import { RELIABILITY, workflowJudge } from '../fixtures/workflow-root/workflowJudge.ts';
import { cleanupAfterEach } from './cleanup.ts';
import { runCli } from './runCli.ts';

const cleanup = cleanupAfterEach();

async function threeNights() {
  const server = cleanup.server(await startFakeOpenAI(workflowJudge()));
  const runs = path.join(cleanup.dir('rj-prune-'), 'runs');
  for (const [i, round] of [1, 1, 1, 2].entries()) {
    // --fresh: each night draws new votes, so each run has cache entries of its own.
    const r = await runCli(['score', RELIABILITY, '--round', String(round), '--runs-dir', runs, '--judge', 'openai:gpt-4.1-mini', '--fresh'], { OPENAI_API_KEY: 'sk-test-prune-0001', OPENAI_BASE_URL: `${server.url}/v1` }, { now: new Date(Date.UTC(2026, 10, 20 + i)) });
    expect(r.code).toBe(0);
  }
  const folders = () => readdirSync(runs, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'cache').map((d) => d.name).sort();
  return { runs, folders };
}

describe('prune', () => {
  it('--keep 1 keeps the latest run of each round, removes the rest and their cache entries; the kept runs replay', async () => {
    const t = await threeNights();
    const before = t.folders();
    expect(before).toHaveLength(4);
    const dry = await runCli(['prune', t.runs, '--keep', '1', '--dry-run'], {});
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('2 run folders would be removed, 2 kept');
    expect(t.folders()).toEqual(before);
    const r = await runCli(['prune', t.runs, '--keep', '1'], {});
    expect(r.code).toBe(0);
    const after = t.folders();
    // Round 1's newest (night 3) and round 2's only run stay.
    expect(after).toEqual([before.find((f) => f.includes('-r001-20261122'))!, before.find((f) => f.includes('-r002-'))!].sort());
    expect(r.stdout).toMatch(/cache: [1-9]\d* vote entries and \d+ request bodies no kept run refers to removed/);
    for (const f of after) expect((await runCli(['replay', path.join(t.runs, f)], {})).code).toBe(0);
  });

  it('leaves the cache alone while a folder is not a readable run (one being written)', async () => {
    const t = await threeNights();
    mkdirSync(path.join(t.runs, 'reliability-design-r001-20261130T000000Z-abcdef'));
    const r = await runCli(['prune', t.runs, '--keep', '2'], {});
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('cache left alone: 1 folder is not a readable run');
    expect(existsSync(path.join(t.runs, 'reliability-design-r001-20261130T000000Z-abcdef'))).toBe(true);
    expect(t.folders()).toHaveLength(4);
  });

  it.each([['0'], ['x']])('--keep %s is a one-line input error', async (keep) => {
    const r = await runCli(['prune', 'runs', '--keep', keep], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--keep expects a whole number of runs per round');
  });
});

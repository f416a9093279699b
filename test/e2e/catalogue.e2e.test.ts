/**
 * The model catalogue through the CLI against the fake OpenAI and Anthropic servers: a shut-down
 * model exits 2 before any request, today's models are sent what they accept, `models` lists the
 * catalogue, and an unknown model runs with a warning and its inferred settings in the manifest.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFakeAnthropic } from '../fakes/fakeAnthropic.ts';
import { startFakeOpenAI } from '../fakes/fakeOpenAI.ts';
import type { FakeServer } from '../fakes/fakeServer.ts';
import { RELIABILITY, workflowJudge } from '../fixtures/workflow-root/workflowJudge.ts';
import { cleanupAfterEach } from './cleanup.ts';
import { runCli } from './runCli.ts';

let server: FakeServer | undefined;
let work: string | undefined;

const cleanup = cleanupAfterEach();

async function score(judge: string, extra: string[] = [], now = new Date('2026-12-01T09:00:00Z')) {
  // The fakes judge shutdowns on the same day as the CLI's clock; gpt-6.3-nova stands for a model the
  // provider released after the catalogue was dated (it takes the GPT-6 efforts).
  const today = () => now;
  server = cleanup.server(
    judge.startsWith('anthropic')
      ? await startFakeAnthropic(workflowJudge(), { now: today })
      : await startFakeOpenAI(workflowJudge(), { now: today, extraModels: { 'gpt-6.3-nova': { efforts: ['low', 'medium', 'high', 'xhigh', 'max'] } } }),
  );
  work = cleanup.dir('rj-catalogue-');
  const env = { OPENAI_API_KEY: 'sk-test-cat-0001', OPENAI_BASE_URL: `${server.url}/v1`, ANTHROPIC_API_KEY: 'sk-ant-test-cat-0001', ANTHROPIC_BASE_URL: server.url };
  return runCli(['score', RELIABILITY, '--round', '1', '--runs-dir', path.join(work, 'runs'), '--judge', judge, ...extra], env, { now });
}

const manifest = () => {
  const runs = path.join(work!, 'runs');
  const [dir] = readdirSync(runs).filter((d) => d !== 'cache');
  return JSON.parse(readFileSync(path.join(runs, dir!, 'manifest.json'), 'utf8'));
};

describe('the model catalogue in a run', () => {
  it.each([
    ['openai:o4-mini', 'gpt-5.6-terra'],
    ['openai:gpt-4.1-nano', 'gpt-5.6-luna'],
    ['anthropic:claude-sonnet-4-5', 'claude-sonnet-5-5'],
  ])('%s is refused before any request, naming %s', async (judge, replacement) => {
    const r = await score(judge);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('was shut down on');
    expect(r.stderr).toContain(replacement);
    expect(server!.requests).toHaveLength(0);
  });

  it('the OpenAI default (gpt-6-luna) gets reasoning_effort low, max_completion_tokens and no temperature; the manifest says so', async () => {
    const r = await score('openai');
    expect(r.code).toBe(0);
    expect(server!.requests.length).toBeGreaterThan(0);
    for (const q of server!.requests) {
      const body = q.body as Record<string, unknown>;
      expect(body).toMatchObject({ model: 'gpt-6-luna', reasoning_effort: 'low', max_completion_tokens: 16384 });
      expect(body).not.toHaveProperty('temperature');
      expect(body).not.toHaveProperty('n');
    }
    expect(manifest().judges[0].modelUse).toEqual({ catalogued: true, effort: 'low', reasoning: true });
  });

  it('--effort is sent and refused when the model does not take it', async () => {
    expect((await score('openai:gpt-6.2-sol', ['--effort', 'high'])).code).toBe(0);
    expect(server!.requests.every((q) => (q.body as Record<string, unknown>).reasoning_effort === 'high')).toBe(true);
    await server!.close();
    const bad = await score('openai:gpt-6.2-sol', ['--effort', 'none']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--effort none: openai:gpt-6.2-sol takes low, medium, high, xhigh, max');
  });

  it('the Anthropic default gets output_config.effort low and room for thinking', async () => {
    const r = await score('anthropic');
    expect(r.code).toBe(0);
    for (const q of server!.requests) expect(q.body).toMatchObject({ model: 'claude-sonnet-5-5', max_tokens: 16384, output_config: { effort: 'low' } });
  });

  it('a model shutting down within 30 days runs with a warning', async () => {
    const r = await score('openai:gpt-5-mini');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: judge openai:gpt-5-mini shuts down on 2026-12-11 (in 10 days); use --judge openai:gpt-6.1-terra before then');
  });

  it('an unknown model runs with a warning; the manifest records the inferred family', async () => {
    const r = await score('openai:gpt-6.3-nova');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('is not in the model catalogue');
    expect(manifest().judges[0].modelUse).toMatchObject({ catalogued: false, inferredFrom: 'gpt-6 and later (reasoning)' });
    // No price for it: the spend is unknown, never $0.0000.
    expect(r.stderr).toMatch(/\d+ requests, 0 cached votes, 0 unscored, unpriced spent/);
    const runs = path.join(work!, 'runs');
    const [dir] = readdirSync(runs).filter((d) => d !== 'cache');
    const report = JSON.parse(readFileSync(path.join(runs, dir!, 'report.json'), 'utf8'));
    expect(report.cost.unpricedRequests).toBe(report.cost.requests);
    expect(readFileSync(path.join(runs, dir!, 'report.md'), 'utf8')).toContain('_Cost: unpriced for');
  });
});

describe('review-judge models', () => {
  it('lists the catalogue with each model\'s standing today; --json is machine-readable', async () => {
    const text = await runCli(['models'], {}, { now: new Date('2026-12-01T09:00:00Z') });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('openai (default gpt-6-luna)');
    expect(text.stdout).toMatch(/o4-mini\s+shut down 2026-10-23/);
    const json = await runCli(['models', '--json'], {}, { now: new Date('2026-12-01T09:00:00Z') });
    const parsed = JSON.parse(json.stdout);
    expect(parsed.defaults).toEqual({ openai: 'gpt-6-luna', anthropic: 'claude-sonnet-5-5' });
    expect(parsed.models.find((m: { id: string }) => m.id === 'gpt-5').status).toBe('shuts down 2026-12-11 (10 days)');
  });
});

describe('judge drift', () => {
  it('two snapshots behind one alias: every vote says which answered, and the terminal, manifest and report warn', async () => {
    server = cleanup.server(await startFakeOpenAI(workflowJudge(), { servedAs: (n) => (n % 2 ? 'gpt-6-luna-2026-11-20' : 'gpt-6-luna-2026-09-01') }));
    work = cleanup.dir('rj-drift-');
    const env = { OPENAI_API_KEY: 'sk-test-cat-0001', OPENAI_BASE_URL: `${server.url}/v1` };
    const r = await runCli(['score', RELIABILITY, '--round', '1', '--runs-dir', path.join(work, 'runs'), '--judge', 'openai:gpt-6-luna'], env, { now: new Date('2026-12-01T09:00:00Z') });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: judge drift: openai:gpt-6-luna answered with 2 snapshots/);
    const runs = path.join(work, 'runs');
    const [dir] = readdirSync(runs).filter((d) => d !== 'cache');
    const m = manifest();
    expect(m.snapshots.map((s: { servedModel: string }) => s.servedModel)).toEqual(['gpt-6-luna-2026-09-01', 'gpt-6-luna-2026-11-20']);
    const votes = readFileSync(path.join(runs, dir!, 'votes.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(votes.every((v) => typeof v.servedModel === 'string')).toBe(true);
    const verdicts = JSON.parse(readFileSync(path.join(runs, dir!, 'verdicts.json'), 'utf8'));
    expect(verdicts.units.flatMap((u: { votes: Array<{ servedModel?: string }> }) => u.votes).every((v: { servedModel?: string }) => v.servedModel?.startsWith('gpt-6-luna-'))).toBe(true);
    expect(readFileSync(path.join(runs, dir!, 'report.md'), 'utf8')).toContain('**Warning: judge drift**');
    // replay reproduces the served snapshots from the cache, byte for byte
    expect((await runCli(['replay', path.join(runs, dir!)], {})).code).toBe(0);
  });
});

describe('compare A B across snapshots', () => {
  it('says when A and B were judged by different snapshots', async () => {
    work = cleanup.dir('rj-drift-ab-');
    const runs = (side: string) => path.join(work!, `runs-${side}`);
    const dirs: string[] = [];
    for (const [side, snapshot] of [['a', 'gpt-6-luna-2026-09-01'], ['b', 'gpt-6-luna-2026-11-20']] as const) {
      const fake = await startFakeOpenAI(workflowJudge(), { servedAs: () => snapshot });
      const env = { OPENAI_API_KEY: 'sk-test-cat-0001', OPENAI_BASE_URL: `${fake.url}/v1` };
      expect((await runCli(['score', RELIABILITY, '--round', '1', '--runs-dir', runs(side), '--judge', 'openai:gpt-6-luna'], env, { now: new Date('2026-12-01T09:00:00Z') })).code).toBe(0);
      await fake.close();
      dirs.push(path.join(runs(side), readdirSync(runs(side)).find((d) => d !== 'cache')!));
    }
    const r = await runCli(['compare', dirs[0]!, dirs[1]!, '--json'], {});
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).snapshots).toEqual({ a: ['openai:gpt-6-luna=gpt-6-luna-2026-09-01'], b: ['openai:gpt-6-luna=gpt-6-luna-2026-11-20'], differ: true });
    expect(r.stderr).toContain('warning: A and B were judged by different snapshots');
    const same = await runCli(['compare', dirs[0]!, dirs[0]!], {});
    expect(same.stderr).not.toContain('different snapshots');
  });
});

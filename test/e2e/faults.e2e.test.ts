/**
 * Every provider fault in the list, injected on one problem's requests at the fake server,
 * through the CLI and the real SDK: a failure is an unscored vote and unit, never a ×, and exit is 1.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeAnthropic } from '../fakes/fakeAnthropic.ts';
import { startFakeOpenAI } from '../fakes/fakeOpenAI.ts';
import type { FakeServer, Reply } from '../fakes/fakeServer.ts';
import { judgeScript } from './fakeJudge.ts';
import { runCli } from './runCli.ts';

const round = path.resolve(import.meta.dirname, '../fixtures/round-small');
let server: FakeServer | undefined;
let work: string | undefined;

afterEach(async () => {
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
  server = undefined;
  work = undefined;
});

/** Scores the fixture round with `fault` answering every P01 request (or only its first `times` ones). */
async function scoreWithFault(fault: Reply, opts: { provider?: 'openai' | 'anthropic'; times?: number } = {}) {
  const provider = opts.provider ?? 'openai';
  const seen = new Map<string, number>();
  const script = judgeScript((view) => {
    if (view.problemId !== 'P01') return 'detected';
    const k = view.reviewTitle;
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    return opts.times === undefined || n <= opts.times ? fault : 'detected';
  });
  server = provider === 'openai' ? await startFakeOpenAI(script) : await startFakeAnthropic(script);
  work = mkdtempSync(path.join(tmpdir(), 'rj-faults-'));
  const env = provider === 'openai'
    ? { OPENAI_API_KEY: 'sk-test-faults-0123456', OPENAI_BASE_URL: `${server.url}/v1` }
    : { ANTHROPIC_API_KEY: 'sk-ant-test-faults-012', ANTHROPIC_BASE_URL: server.url };
  const judge = provider === 'openai' ? 'openai:gpt-4.1-mini' : 'anthropic:claude-sonnet-5-5';
  const r = await runCli(['score', round, '--round', '1', '--judge', judge, '--runs-dir', path.join(work, 'runs'), '--max-retries', '1', '--timeout-ms', '400', '--json'], env);
  const runDir = readdirSync(path.join(work, 'runs')).find((d) => d !== 'cache')!;
  const verdicts = JSON.parse(readFileSync(path.join(work, 'runs', runDir, 'verdicts.json'), 'utf8')) as { units: Array<{ unit: string; verdict: string; reason?: string; votes: Array<{ verdict: string; reason: string }> }> };
  return { ...r, verdicts, p01: verdicts.units.filter((u) => u.unit === 'P01'), others: verdicts.units.filter((u) => u.unit !== 'P01') };
}

const retryFast = { 'retry-after-ms': '5' };

describe.each(['openai', 'anthropic'] as const)('persistent faults on %s are unscored, never ×', (provider) => {
  it.each<[string, Reply, string]>([
    ['500 Internal Server Error', { type: 'status', status: 500, headers: retryFast }, 'api-error'],
    ['529 Overloaded', { type: 'status', status: 529, headers: retryFast }, 'api-error'],
    ['429 storm with Retry-After', { type: 'status', status: 429, headers: { 'retry-after-ms': '5', 'retry-after': '0' } }, 'api-error'],
    ['a hang past the timeout', { type: 'hang' }, 'timeout'],
    ['a reset connection', { type: 'reset' }, 'api-error'],
    ['a truncated body', { type: 'truncated-body' }, 'api-error'],
    ['invalid JSON', { type: 'text', texts: ['{"reasoning": "the review mentions'] }, 'invalid-output'],
    ['schema-violating JSON', { type: 'json', outputs: [{ reasoning: 'x', evidence: [], verdict: 'maybe' }] }, 'invalid-output'],
    ['a refusal', { type: 'refusal' }, 'refusal'],
    ['a length cut-off', { type: 'length' }, 'truncated'],
  ])('%s', async (_name, fault, kind) => {
    const r = await scoreWithFault(fault, { provider });
    expect(r.code).toBe(1);
    expect(r.p01).toHaveLength(3);
    for (const u of r.p01) {
      expect(u.verdict).toBe('unscored');
      expect(u.votes.every((v) => v.verdict === 'unscored' && v.reason.startsWith(kind))).toBe(true);
    }
    expect(r.others.every((u) => u.verdict === '○')).toBe(true);
    expect(r.stderr).toContain('unscored: baseline run1 P01');
    expect(r.stderr).not.toContain('sk-test-faults');
  });
});

describe('transient faults are absorbed by retries', () => {
  it.each<[string, Reply]>([
    ['one 429 with Retry-After', { type: 'status', status: 429, headers: retryFast }],
    ['one 500', { type: 'status', status: 500, headers: retryFast }],
    ['one 529', { type: 'status', status: 529, headers: retryFast }],
  ])('%s', async (_name, fault) => {
    const r = await scoreWithFault(fault, { times: 1 });
    expect(r.stderr).not.toContain('unscored:');
    expect(r.code).toBe(0);
    expect(r.verdicts.units.every((u) => u.verdict === '○')).toBe(true);
  });

  it('one invalid answer is asked again once and then counts', async () => {
    const r = await scoreWithFault({ type: 'text', texts: ['not json at all'] }, { times: 1 });
    expect(r.code).toBe(0);
    expect(r.p01.every((u) => u.verdict === '○')).toBe(true);
  });
});

/**
 * Batch runs resumed in the situations a review found risky: another process on the same run
 * folder (the lock), `--only --batch` resumed after another run of the inputs finished (the same
 * base), malformed and cut answers asked again through a second batch, a panel of an `n` judge and
 * one without, a night whose votes came from batches is never "unchanged", and a calibrate batch
 * folder resumed by its own command, not collect.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NightlySummary } from '../../src/types/Nightly.ts';
import type { Reply, Script } from '../fakes/fakeServer.ts';
import { viewPrompt } from '../e2e/fakeJudge.ts';
import { runCli } from '../e2e/runCli.ts';
import { buildHistoryRoot, historicalVerdict } from '../fixtures/history-root/historyRoot.ts';
import { judgeScript, WORD } from '../e2e/fakeJudge.ts';
import { WORKFLOW_ROOT, workflowJudge } from '../fixtures/workflow-root/workflowJudge.ts';
import { ANTHROPIC_JUDGE, batchFake, creates, ledgerOf, manifestOf, OPENAI_JUDGE, runFolders, score, workDir } from './batchKit.ts';
import { rmSync } from 'node:fs';
import { startFakeAnthropicBatch } from '../fakes/fakeAnthropicBatch.ts';
import { track } from './batchKit.ts';

const WAIT = ['--batch', '--wait', '--poll-seconds', '0'];

/** The fixture's judge, except the first ask of `unit` in each review, answered with `first`. */
function firstAskFails(unit: string, first: Reply): Script {
  const base = workflowJudge();
  const seen = new Set<string>();
  return (body, index) => {
    const v = viewPrompt(body);
    if (v.problemId === unit && !seen.has(v.reviewTitle)) {
      seen.add(v.reviewTitle);
      return first;
    }
    return base(body, index);
  };
}

describe('the run folder lock', () => {
  it('a second process on a batch run folder is refused with one line; a dead one\'s lock is taken over', async () => {
    const runs = path.join(workDir(), 'runs');
    const { fake, env, judge, opts } = await batchFake('openai', { pollsToFinish: 1e9 });
    expect((await score(runs, env, judge, ['--batch'])).code).toBe(75);
    const dir = runFolders(runs)[0]!;
    // A live process (this one) holds it.
    writeFileSync(path.join(dir, 'batch.lock'), JSON.stringify({ pid: process.pid, host: (await import('node:os')).hostname(), at: new Date().toISOString() }));
    const held = await runCli(['collect', dir, '--poll-seconds', '0'], env);
    expect(held.code).toBe(2);
    expect(held.stderr).toContain(`another review-judge process (pid ${process.pid}`);
    // A killed one's lock (no such pid) is taken over.
    writeFileSync(path.join(dir, 'batch.lock'), JSON.stringify({ pid: 2 ** 22 + 17, host: (await import('node:os')).hostname(), at: new Date().toISOString() }));
    opts.pollsToFinish = 0;
    const done = await runCli(['collect', dir, '--poll-seconds', '0'], env);
    expect(done.code).toBe(0);
    expect(creates(fake)).toBe(1);
  });
});

describe('--only --batch', () => {
  it('resumes on the base it was submitted on, even after another run of the inputs finished', async () => {
    const runs = path.join(workDir(), 'runs');
    const { fake, env, judge, opts } = await batchFake('openai', { pollsToFinish: 1e9 });
    expect((await score(runs, env, judge, [])).code).toBe(0);
    expect((await score(runs, env, judge, ['--only', 'P01', '--batch'])).code).toBe(75);
    expect(creates(fake)).toBe(1);
    // Another complete run of the same inputs (all cached) becomes the latest.
    expect((await score(runs, env, judge, [], new Date('2026-11-25T13:00:00Z'))).code).toBe(0);
    opts.pollsToFinish = 0;
    const r = await score(runs, env, judge, ['--only', 'P01', ...WAIT], new Date('2026-11-25T14:00:00Z'));
    expect(r.code).toBe(0);
    expect(creates(fake)).toBe(1);
  });
});

describe.each([
  // Anthropic: P02's first vote of each review malformed → 4 retries; OpenAI (n = 3): all 3 samples → 12.
  ['anthropic', ANTHROPIC_JUDGE, 'malformed', 'P02', { type: 'text', texts: ['not json'] } as Reply, 'invalidOutput', [36, 4]],
  ['openai', OPENAI_JUDGE, 'malformed', 'P02', { type: 'text', texts: ['not json', 'not json', 'not json'] } as Reply, 'invalidOutput', [16, 12]],
  // The audit's answer cut at its budget: asked again with double the budget (another body, other keys).
  ['openai', OPENAI_JUDGE, 'cut at the output budget', 'audit', { type: 'length', partial: '{"reason' } as Reply, 'truncated', [16, 4]],
] as const)('%s: a %s answer (%s) asked again through a second batch', (kind, judge, _what, unit, reply, retry, batches) => {
  it('the retry goes out as a second batch, counted, and the vote is scored', async () => {
    const runs = path.join(workDir(), 'runs');
    const { env } = await batchFake(kind as 'openai' | 'anthropic', {}, firstAskFails(unit, reply));
    const r = await score(runs, env, judge, WAIT);
    expect(r.stderr).not.toContain('unscored:');
    expect(r.code).toBe(0);
    const dir = runFolders(runs)[0]!;
    expect(ledgerOf(dir).batches.map((b) => b.entries.length)).toEqual(batches);
    expect(manifestOf(dir).totals.retries?.[retry]).toBeGreaterThan(0);
    expect(manifestOf(dir).totals.requests).toBe(0);
  });
});

describe('a panel of an n judge and one without', () => {
  it('both judges batched, the one without n in waves; every unit scored', async () => {
    const runs = path.join(workDir(), 'runs');
    const { fake: openai, env } = await batchFake('openai');
    const anthropic = track(await startFakeAnthropicBatch(workflowJudge()));
    const r = await score(runs, { ...env, ANTHROPIC_API_KEY: 'sk-ant-test-batch-0123', ANTHROPIC_BASE_URL: anthropic.url }, OPENAI_JUDGE, ['--judge', ANTHROPIC_JUDGE, '--votes', '2', ...WAIT]);
    expect(r.stderr).not.toContain('unscored:');
    expect(r.code).toBe(0);
    expect(creates(openai)).toBe(1);
    expect(creates(anthropic)).toBeGreaterThanOrEqual(1);
    const judges = new Set(ledgerOf(runFolders(runs)[0]!).batches.map((b) => b.judge));
    expect(judges).toEqual(new Set([OPENAI_JUDGE, ANTHROPIC_JUDGE]));
  });
});

describe('a night judged through batches', () => {
  it('is never reported unchanged: its batch figures and cost are in nightly.json', async () => {
    const work = workDir();
    const runs = path.join(work, 'runs');
    const { env, judge } = await batchFake('openai');
    const night = (extra: string[], now: Date) => runCli(['score', WORKFLOW_ROOT, '--all-rounds', '--runs-dir', runs, '--judge', judge, '--json', ...extra], env, { now });
    expect((await night([], new Date('2026-11-25T02:00:00Z'))).code).toBe(0);
    const second = await night([...WAIT, '--cache-dir', path.join(work, 'fresh-cache')], new Date('2026-11-26T02:00:00Z'));
    const s = JSON.parse(second.stdout) as NightlySummary;
    expect(s.totals.unchanged).toBe(0);
    expect(s.rounds.every((x) => (x.batch?.requests ?? 0) > 0 && (x.costUsd ?? 0) > 0)).toBe(true);
  });
});

describe('calibrate --batch', () => {
  it('its folder is resumed by the calibrate command, and collect says so', async () => {
    const root = buildHistoryRoot('rj-batch-calibrate2-');
    try {
      const runs = path.join(workDir(), 'runs');
      const script = judgeScript((view) => WORD[historicalVerdict(view.reviewTitle, view.problemId)!]!);
      const { env, judge } = await batchFake('openai', { pollsToFinish: 1e9 }, script);
      const r = await runCli(['calibrate', '.', '--sample', '3', '--seed', '1', '--judge', judge, '--runs-dir', runs, '--batch'], env, { cwd: root });
      expect(r.code).toBe(75);
      expect(r.stderr).not.toContain('review-judge collect');
      const dir = runFolders(runs).find((d) => ledgerOf(d))!;
      const c = await runCli(['collect', dir], env);
      expect(c.code).toBe(2);
      expect(c.stderr).toContain('run that calibrate command again');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

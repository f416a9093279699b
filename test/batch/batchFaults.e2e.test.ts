/**
 * Batch mode when votes split, entries fail or expire, and create answers are lost: a second wave
 * is a second batch, failed entries are unscored with their reason (never ×) and only they are sent
 * again by a later run, and a batch whose create answer was lost is found at the provider, not
 * created twice. Also the flags that cannot go with --batch.
 */
import { appendFileSync, cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../e2e/runCli.ts';
import { describe, expect, it } from 'vitest';
import type { Script } from '../fakes/fakeServer.ts';
import { detectionOutput, viewPrompt } from '../e2e/fakeJudge.ts';
import { WORKFLOW_ROOT, workflowJudge } from '../fixtures/workflow-root/workflowJudge.ts';
import { batchFake, creates, interactiveCalls, ledgerOf, manifestOf, runFolders, score, workDir, type Kind } from './batchKit.ts';

/** The fixture's judge, except P01, whose votes go ○, ×, ○ per review: the first two split, so a third is needed. */
function splitP01(): Script {
  const base = workflowJudge();
  const asked = new Map<string, number>();
  return (body, index) => {
    const view = viewPrompt(body);
    if (view.problemId !== 'P01') return base(body, index);
    const n = asked.get(view.reviewTitle) ?? 0;
    asked.set(view.reviewTitle, n + 1);
    return { type: 'json', outputs: [detectionOutput(view, n % 2 ? 'undetected' : 'detected')] };
  };
}

const WAIT = ['--batch', '--wait', '--poll-seconds', '0'];

describe('batch waves', () => {
  it('a judge without n: split votes get their third vote in a second batch', async () => {
    const work = workDir();
    const { fake, env, judge } = await batchFake('anthropic', {}, splitP01());
    const r = await score(path.join(work, 'runs'), env, judge, WAIT);
    expect(r.stderr).not.toContain('unscored:');
    expect(r.code).toBe(0);
    expect(creates(fake)).toBe(2);
    const [dir] = runFolders(path.join(work, 'runs'));
    const batches = ledgerOf(dir!).batches;
    // wave 1: 12 units × 2 votes + 4 audits × 3; wave 2: P01 of each of the 4 reviews, one vote each
    expect(batches.map((b) => b.entries.length)).toEqual([36, 4]);
    expect(interactiveCalls(fake)).toBe(0);
    const m = manifestOf(dir!);
    expect(m.votes.filter((v) => v.unit === 'P01')).toHaveLength(12);
    expect(m.totals.batch?.requests).toBe(40);
  });
});

describe.each<Kind>(['openai', 'anthropic'])('batch entries that fail (%s)', (kind) => {
  it('failed and expired entries are unscored with their reason; a later run sends only those', async () => {
    const work = workDir();
    const runs = path.join(work, 'runs');
    // OpenAI (n = 3): entry i is a unit; Anthropic: entry i is a vote. The first two entries fail.
    const { fake, env, judge, opts } = await batchFake(kind, { failIds: (_id, line) => line < 2 });
    const r = await score(runs, env, judge, WAIT);
    expect(r.code).toBe(1);
    const [dir] = runFolders(runs);
    const failed = manifestOf(dir!).votes.filter((v) => v.status === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((v) => v.reason?.startsWith('batch-failed:'))).toBe(true);
    expect(r.stderr).toMatch(/unscored/);
    const firstEntries = ledgerOf(dir!).batches.flatMap((b) => b.entries).length;

    opts.failIds = [];
    const again = await score(runs, env, judge, WAIT);
    expect(again.stderr).not.toContain('unscored:');
    expect(again.code).toBe(0);
    const second = runFolders(runs).at(-1)!;
    const resent = ledgerOf(second).batches.flatMap((b) => b.entries);
    // Only the two failed entries go again (an n-request carries its three votes).
    expect(resent).toHaveLength(2);
    expect(resent.length).toBeLessThan(firstEntries);
    expect(manifestOf(second).totals.cacheHits).toBe(manifestOf(second).votes.length - failed.length);
    expect(creates(fake)).toBe(kind === 'anthropic' ? ledgerOf(dir!).batches.length + 1 : 2);
  });

  it('an expired batch: its unanswered entries are unscored as expired, the answered ones kept', async () => {
    const work = workDir();
    const runs = path.join(work, 'runs');
    const { env, judge } = await batchFake(kind, { expire: true });
    const r = await score(runs, env, judge, WAIT);
    expect(r.code).toBe(1);
    const m = manifestOf(runFolders(runs)[0]!);
    expect(m.votes.length).toBeGreaterThan(0);
    expect(m.votes.every((v) => v.status === 'failed' && v.reason?.startsWith('batch-expired:'))).toBe(true);
    expect(m.totals.unscored).toBe(16);
  });

  it('a batch cancelled at the provider: its entries are unscored as cancelled, never ×', async () => {
    const work = workDir();
    const runs = path.join(work, 'runs');
    const { fake, env, judge, opts } = await batchFake(kind, { pollsToFinish: 1e9 });
    expect((await score(runs, env, judge, ['--batch'])).code).toBe(75);
    const id = ledgerOf(runFolders(runs)[0]!).batches[0]!.id!;
    // Someone cancels it in the provider's console.
    const cancel = kind === 'openai' ? `${fake.url}/v1/batches/${id}/cancel` : `${fake.url}/v1/messages/batches/${id}/cancel`;
    expect((await fetch(cancel, { method: 'POST' })).status).toBe(200);
    opts.pollsToFinish = 0;
    const r = await score(runs, env, judge, WAIT);
    expect(r.code).toBe(1);
    const m = manifestOf(runFolders(runs)[0]!);
    expect(m.votes.every((v) => v.status === 'failed' && v.reason?.startsWith('batch-canceled:'))).toBe(true);
    expect(m.totals.unscored).toBe(16);
  });

  it('a create whose answer is lost: the batch is found at the provider and adopted, not created again', async () => {
    const work = workDir();
    const { fake, env, judge } = await batchFake(kind, { lostCreates: 1 });
    // The provider's clock and ours agree (a batch is looked for by when it was created): the real time.
    const r = await score(path.join(work, 'runs'), env, judge, WAIT, new Date());
    expect(r.stderr).not.toContain('unscored:');
    expect(r.code).toBe(0);
    expect(creates(fake)).toBe(1);
    const log = runFolders(path.join(work, 'runs'))[0]!;
    expect(ledgerOf(log).batches).toHaveLength(1);
  });
});

describe('collect after the inputs changed', () => {
  it('refuses to finish the batches with other inputs, and an interactive run warns of the waiting batch run', async () => {
    const work = workDir();
    const root = path.join(work, 'rounds');
    cpSync(WORKFLOW_ROOT, root, { recursive: true });
    const round = path.join(root, 'reliability-design');
    const runs = path.join(work, 'runs');
    const { env, judge } = await batchFake('openai', { pollsToFinish: 1e9 });
    const r = await runCli(['score', round, '--round', '1', '--runs-dir', runs, '--judge', judge, '--batch'], env);
    expect(r.code).toBe(75);
    const [dir] = runFolders(runs);
    const interactive = await runCli(['score', round, '--round', '1', '--runs-dir', runs, '--judge', judge], env);
    expect(interactive.code).toBe(0);
    expect(interactive.stderr).toContain('a --batch run of these inputs is waiting for its batches in');
    const review = readdirSync(path.join(round, 'results')).find((f) => f.endsWith('run1.md'))!;
    appendFileSync(path.join(round, 'results', review), '\nOne more line.\n');
    const c = await runCli(['collect', dir!], env);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('the inputs or settings differ from those its batches were submitted with');
    expect(runFolders(runs)).toContain(dir);
  });
});

describe('a batch the provider does not know', () => {
  it('stops with one line (exit 2) instead of polling forever, and keeps the ledger', async () => {
    const work = workDir();
    const runs = path.join(work, 'runs');
    const { env, judge } = await batchFake('openai', { pollsToFinish: 1e9 });
    expect((await score(runs, env, judge, ['--batch'])).code).toBe(75);
    const file = path.join(runFolders(runs)[0]!, 'batch.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/"id": "batch_fake\d+"/, '"id": "batch_gone"'));
    const r = await score(runs, env, judge, WAIT);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot ask openai:gpt-4.1-mini about batch batch_gone');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(readFileSync(file, 'utf8')).toContain('batch_gone');
  });
});

describe('batch flags', () => {
  it('--batch-size cuts the job into batches of at most that many requests', async () => {
    const work = workDir();
    const { fake, env, judge } = await batchFake('openai');
    const r = await score(path.join(work, 'runs'), env, judge, [...WAIT, '--batch-size', '5']);
    expect(r.code).toBe(0);
    expect(creates(fake)).toBe(4);
    expect(ledgerOf(runFolders(path.join(work, 'runs'))[0]!).batches.map((b) => b.entries.length)).toEqual([5, 5, 5, 1]);
  });

  it.each([
    [['--batch', '--offline'], '--offline sends none'],
    [['--batch', '--fresh'], 'give the salt yourself'],
    [['--wait'], '--wait needs --batch'],
    [['--batch', '--poll-seconds', '-1'], '--poll-seconds expects'],
  ])('refuses %j with one line, exit 2', async (flags, message) => {
    const work = workDir();
    const { env, judge } = await batchFake('openai');
    const r = await score(path.join(work, 'runs'), env, judge, flags);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('refuses a judge with no batch API', async () => {
    const work = workDir();
    const r = await score(path.join(work, 'runs'), { JUDGE_BASE_URL: 'http://127.0.0.1:9/v1' }, 'openai-compatible:m', ['--batch']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('openai-compatible:m has no batch API');
  });
});

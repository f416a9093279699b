/**
 * `score --batch` through the CLI against both providers' batch fakes (real SDKs, real sockets):
 * the verdicts equal the interactive path's, no interactive request is made, a second run makes no
 * request at all, and without `--wait` the run is submitted, recorded, and finished by `collect`.
 */
import path from 'node:path';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startFakeAnthropic } from '../fakes/fakeAnthropic.ts';
import { startFakeOpenAI } from '../fakes/fakeOpenAI.ts';
import { workflowJudge } from '../fixtures/workflow-root/workflowJudge.ts';
import { runCli } from '../e2e/runCli.ts';
import { batchFake, creates, FIXTURE_UNITS, interactiveCalls, ledgerOf, manifestOf, runFolders, score, track, verdictsOf, workDir, type Kind } from './batchKit.ts';

describe.each<Kind>(['openai', 'anthropic'])('score --batch --wait (%s)', (kind) => {
  it('gives the interactive verdicts with 0 interactive requests, batch-billed; a second run makes no request', async () => {
    const work = workDir();
    const { fake, env, judge } = await batchFake(kind, { pollsToFinish: 2 });
    const r = await score(path.join(work, 'runs'), env, judge, ['--batch', '--wait', '--poll-seconds', '0']);
    expect(r.stderr).not.toContain('unscored:');
    expect(r.code).toBe(0);
    expect(interactiveCalls(fake)).toBe(0);
    const [dir] = runFolders(path.join(work, 'runs'));
    const m = manifestOf(dir!);
    expect(m.totals.requests).toBe(0);
    // OpenAI: one request per unit (n = 3); Anthropic: 2 agreeing votes per unit (early stop), the audit's 3.
    const entries = kind === 'openai' ? FIXTURE_UNITS : 12 * 2 + 4 * 3;
    expect(m.totals.batch).toMatchObject({ requests: entries, votes: kind === 'openai' ? FIXTURE_UNITS * 3 : entries });
    expect(m.votes.filter((v) => v.status === 'ok').every((v) => v.billing === 'batch')).toBe(true);
    expect(fake.interactive.requests).toHaveLength(entries);
    expect(creates(fake)).toBe(1);
    expect(ledgerOf(dir!).batches).toEqual([expect.objectContaining({ state: 'collected', judge })]);
    if (kind === 'openai') {
      // The batch's input, output and error files are removed at the provider once collected.
      const deletes = fake.requests.filter((q) => q.method === 'DELETE' && q.path.startsWith('/v1/files/'));
      expect(deletes.length).toBe(2);
      for (const d of deletes) expect((await fetch(`${fake.url}${d.path}`)).status).toBe(404);
    }

    // The same round interactively: same verdicts.
    const direct = track(kind === 'openai' ? await startFakeOpenAI(workflowJudge()) : await startFakeAnthropic(workflowJudge()));
    const directEnv = kind === 'openai' ? { ...env, OPENAI_BASE_URL: `${direct.url}/v1` } : { ...env, ANTHROPIC_BASE_URL: direct.url };
    const i = await score(path.join(work, 'interactive'), directEnv, judge, []);
    expect(i.code).toBe(0);
    expect(verdictsOf(runFolders(path.join(work, 'interactive'))[0]!)).toEqual(verdictsOf(dir!));
    // Identical wire bodies: the interactive fake saw exactly what the batch lines carried.
    const bodies = (reqs: { body: unknown }[]) => reqs.map((q) => JSON.stringify(q.body)).sort();
    expect(bodies(direct.requests)).toEqual(bodies(fake.interactive.requests));

    const before = fake.requests.length;
    const again = await score(path.join(work, 'runs'), env, judge, ['--batch', '--wait', '--poll-seconds', '0']);
    expect(again.code).toBe(0);
    expect(fake.requests.length).toBe(before);
    const second = runFolders(path.join(work, 'runs')).at(-1)!;
    expect(manifestOf(second).totals).toMatchObject({ requests: 0, cacheHits: m.votes.length });
    expect(manifestOf(second).totals.batch).toBeUndefined();
    expect(verdictsOf(second)).toEqual(verdictsOf(dir!));
  });
});

describe('score --batch without --wait', () => {
  it('submits, records the batch, exits 75; collect finishes it from the same batch', async () => {
    const work = workDir();
    const { fake, env, judge, opts } = await batchFake('openai', { pollsToFinish: 1000 });
    const runs = path.join(work, 'runs');
    const r = await score(runs, env, judge, ['--batch']);
    expect(r.code).toBe(75);
    expect(r.stderr).toMatch(/16 of 16 units wait for provider batches \(batch_fake\d+\)/);
    expect(r.stderr).toContain('review-judge collect');
    const [dir] = runFolders(runs);
    expect(existsSync(path.join(dir!, 'run.json'))).toBe(false);
    expect(existsSync(path.join(dir!, 'verdicts.json'))).toBe(false);
    expect(ledgerOf(dir!).batches).toEqual([expect.objectContaining({ state: 'running', entries: expect.any(Array) })]);
    expect(creates(fake)).toBe(1);

    // The dashboard lists the waiting folder as such, not as broken.
    const view = await runCli(['view', runs], env);
    expect(view.code).toBe(0);
    expect(readFileSync(path.join(runs, 'index.html'), 'utf8')).toContain('a --batch run waiting for provider batches');

    // Still running: the same command polls, submits nothing, and is still pending.
    const still = await score(runs, env, judge, ['--batch']);
    expect(still.code).toBe(75);
    expect(creates(fake)).toBe(1);
    expect(runFolders(runs)).toEqual([dir]);

    opts.pollsToFinish = 0;
    const c = await runCli(['collect', dir!, '--poll-seconds', '0', '--json'], env);
    expect(c.stderr).not.toContain('unscored:');
    expect(c.code).toBe(0);
    expect(creates(fake)).toBe(1);
    expect(interactiveCalls(fake)).toBe(0);
    expect(runFolders(runs)).toEqual([dir]);
    expect(existsSync(path.join(dir!, 'run.json'))).toBe(true);
    expect(JSON.parse(c.stdout).units).toHaveLength(12);
    expect(manifestOf(dir!).totals.batch).toMatchObject({ requests: FIXTURE_UNITS });
    // Replayable from the cache alone, byte for byte; no key in anything the batch run wrote.
    const replay = await runCli(['replay', dir!], {});
    expect(replay.code).toBe(0);
    for (const f of readdirSync(dir!)) expect(readFileSync(path.join(dir!, f), 'utf8')).not.toContain(env.OPENAI_API_KEY!);
    // A finished run has nothing to collect.
    const done = await runCli(['collect', dir!], env);
    expect(done.code).toBe(2);
    expect(done.stderr).toContain('finished run');
  });
});

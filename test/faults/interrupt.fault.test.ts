/**
 * The first Ctrl-C, on the real bin: SIGINT while the run waits (a Retry-After the SDK sleeps out, a
 * body that trickles, a request that hangs, with the other requests queued behind the concurrency
 * limit) ends it within the test's bound with exit 130 and one line saying what was kept; the votes
 * answered before the signal are in the cache, so the same command again asks none of them; the run
 * folder holds only votes.jsonl and log.jsonl (no run.json, verdicts or reports: never a finished run).
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanupAfterEach } from '../e2e/cleanup.ts';
import { runCli } from '../e2e/runCli.ts';
import { startFakeOpenAI } from '../fakes/fakeOpenAI.ts';
import type { Reply } from '../fakes/fakeServer.ts';
import { bodiesOf, countBodies, FAULT, killOwned, reportedRunDir, ROUND, runFolders, scanCache, spawnScore, stableBrain, waitFor, within } from './faultKit.ts';

const cleanup = cleanupAfterEach();
const owned: ChildProcess[] = [];
afterEach(() => killOwned(owned));

/** Answers before the fault starts: enough for a unit or two to finish and be cached. */
const ANSWERED = 4;
const CONCURRENCY = 2;
/** Far below every wait of the cases (50 s, a trickle of minutes, forever): a run that ignored the signal fails here. */
const EXIT_BOUND_MS = 10_000;

describe('the first Ctrl-C ends the waits at once, keeps the finished votes, exits 130', () => {
  it.each<[string, Reply, string[]]>([
    ['a Retry-After of 50 s under --max-retry-wait 60 (the SDK would sleep it out)', FAULT.retryAfter(50), ['--max-retry-wait', '60', '--max-retries', '2']],
    ['a body that trickles one byte a second under --timeout-ms 120000', FAULT.trickle(1000), ['--timeout-ms', '120000']],
    ['a request that never answers', FAULT.hang, ['--timeout-ms', '120000']],
  ])('%s, the other requests queued behind --concurrency 2', { timeout: 40_000 }, async (_name, fault, extra) => {
    const work = cleanup.dir('rj-fault-sigint-');
    const runs = path.join(work, 'runs');
    const brain = stableBrain();
    const answered: unknown[] = [];
    let faulted = 0;
    let calm = false;
    const server = cleanup.server(
      await startFakeOpenAI(async (body, index) => {
        if (calm) return brain(body, index);
        if (answered.length >= ANSWERED) return faulted++, fault;
        const reply = await brain(body, index);
        answered.push(body);
        return reply;
      }),
    );
    const args = ['--runs-dir', runs, '--concurrency', String(CONCURRENCY), ...extra];
    const run = spawnScore(owned, work, `${server.url}/v1`, args);
    // Every slot is taken by a fault and the rest wait for one: the signal lands on a run that is only waiting.
    await waitFor(() => faulted >= CONCURRENCY || run.child.exitCode !== null, 30_000, () => `${CONCURRENCY} faulted requests (${faulted} so far)`);
    const sentBefore = server.requests.length;
    run.child.kill('SIGINT');
    const exit = await within(run.exit, EXIT_BOUND_MS, 'the run to end after SIGINT');

    expect(exit.code, exit.stderr).toBe(130);
    // No request goes out after the signal (a retry after the sleep, or a queued request).
    expect(server.requests).toHaveLength(sentBefore);
    const lines = exit.stderr.trim().split('\n').filter(Boolean);
    expect(lines.at(-1)).toMatch(new RegExp(`^review-judge: interrupted: the ${ANSWERED} votes answered before it are in the vote cache .*cache; run the same command to finish \\(it asks only for the rest\\); .* holds only votes\\.jsonl and log\\.jsonl`));
    expect(exit.stderr).not.toMatch(/internal error|unscored:|recommended:/);
    expect(exit.stdout).toBe('');

    // The folder is never taken for a finished run.
    const [folder, ...more] = runFolders(runs);
    expect(more).toEqual([]);
    expect(readdirSync(folder!).sort().filter((f) => f !== 'votes.jsonl')).toEqual(['log.jsonl']);
    expect(existsSync(path.join(folder!, 'run.json'))).toBe(false);

    // The answered votes are cached whole, one entry per answer.
    const scan = scanCache(path.join(runs, 'cache'));
    expect(scan.corrupt).toEqual([]);
    expect(scan.entries).toHaveLength(ANSWERED);

    // The same command again (in process, the server calm now) asks exactly what an uninterrupted run
    // asks less the answers given before Ctrl-C: none of those is asked again.
    calm = true;
    const score = (url: string, dir: string) => runCli(['score', ROUND, '--round', '1', '--judge', 'openai-compatible:m', '--base-url', `${url}/v1`, ...args.slice(2), '--runs-dir', dir], {}, { cwd: work });
    const again = await score(server.url, runs);
    expect(again.code, again.stderr).toBe(0);
    expect(existsSync(path.join(reportedRunDir(again.stderr), 'run.json'))).toBe(true);
    const asked = countBodies(bodiesOf(server.requests.slice(sentBefore)));
    const reference = cleanup.server(await startFakeOpenAI(stableBrain()));
    expect((await score(reference.url, path.join(work, 'reference'))).code).toBe(0);
    const before = countBodies(answered);
    for (const [body, n] of countBodies(bodiesOf(reference.requests))) expect(asked.get(body) ?? 0, 'requests of one body after Ctrl-C').toBe(n - (before.get(body) ?? 0));
  });
});

/**
 * The run's guards through the CLI against the fake OpenAI server: failures no retry can fix stop
 * the judge at the first occurrence, a Retry-After longer than --max-retry-wait is not waited for,
 * thresholds act only on complete data, bad flags and unwritable folders fail before any request,
 * and --only is repeatable.
 */
import { cpSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../fakes/fakeOpenAI.ts';
import type { FakeServer, Script } from '../fakes/fakeServer.ts';
import { RELIABILITY, WORKFLOW_ROOT, workflowJudge } from '../fixtures/workflow-root/workflowJudge.ts';
import { cleanupAfterEach } from './cleanup.ts';
import { runCli } from './runCli.ts';

let server: FakeServer | undefined;
let work: string | undefined;

const cleanup = cleanupAfterEach();

const KEY = 'sk-test-failfast-0001';

async function score(script: Script, extra: string[] = []) {
  server = cleanup.server(await startFakeOpenAI(script));
  work = cleanup.dir('rj-failfast-');
  const r = await runCli(['score', RELIABILITY, '--round', '1', '--runs-dir', path.join(work, 'runs'), '--judge', 'openai:gpt-4.1-mini', '--concurrency', '2', ...extra], { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: `${server.url}/v1` });
  return r;
}

const error = (status: number, type: string, code: string | null, message: string) => ({ type: 'status' as const, status, body: { error: { message, type, param: null, code } } });

describe('fatal judge errors fail fast', () => {
  it.each([
    [401, error(401, 'invalid_request_error', 'invalid_api_key', 'Incorrect API key provided.'), 'the API key was refused'],
    [403, error(403, 'permission_error', null, 'You do not have access to this model.'), 'no access to this model'],
    [404, error(404, 'invalid_request_error', 'model_not_found', 'The model `gpt-4.1-mini` does not exist or you do not have access to it.'), 'unknown model'],
    [400, error(400, 'invalid_request_error', null, "Unsupported parameter: 'temperature' is not supported with this model."), 'rejected as invalid'],
  ])('HTTP %i: at most --concurrency requests, exit 2 with one line naming the judge and the fix', async (status, reply, fix) => {
    const r = await score(() => reply);
    expect(r.code).toBe(2);
    expect(server!.requests.length).toBeLessThanOrEqual(2);
    expect(server!.requests.length).toBeGreaterThan(0);
    expect(r.stderr).toContain(`review-judge: judge openai:gpt-4.1-mini stopped at the first HTTP ${status}`);
    expect(r.stderr).toContain(fix);
    expect(r.stderr).toMatch(/unscored: .*\(judge-stopped: not asked/);
    expect(r.stderr).not.toContain(KEY);
  });

  it('finished work is kept: a 401 after some answers leaves those votes cached, the rest unscored', async () => {
    const ok = workflowJudge();
    const r = await score((body, i) => (i < 4 ? ok(body, i) : error(401, 'invalid_request_error', 'invalid_api_key', 'Incorrect API key provided.')));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/16 units, \d+ requests, 0 cached votes, \d+ unscored/);
    expect(server!.requests.length).toBeLessThanOrEqual(4 + 2);
  });
});

describe('--max-retry-wait', () => {
  // Bounded by the test timeout: a run that waited out the Retry-After would never finish.
  it('a Retry-After of a day is not waited for: the votes are unscored as rate-limited and the run ends', async () => {
    const r = await score(() => ({ type: 'status', status: 429, headers: { 'retry-after': '86400' } }), ['--max-retries', '3']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/rate-limited: openai:gpt-4\.1-mini: HTTP 429: rate limited; Retry-After 86400 s is longer than --max-retry-wait 60 s: not waited for/);
    // Not retried by the SDK: one HTTP request per planned request.
    expect(server!.requests).toHaveLength(16);
  });

  it('a short Retry-After is still honoured and the vote then succeeds', async () => {
    const ok = workflowJudge();
    const r = await score((body, i) => (i === 0 ? { type: 'status', status: 429, headers: { 'retry-after-ms': '20' } } : ok(body, i)), ['--max-retry-wait', '5']);
    expect(r.code).toBe(0);
    expect(server!.requests).toHaveLength(17);
  });
});

describe('unscored is not zero', () => {
  it('with the judge down, --fail-under does not fire: exit 1 (unscored), not 3, and the line says why', async () => {
    const r = await score(() => ({ type: 'status', status: 503 }), ['--max-retries', '0', '--fail-under', '3']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/threshold: .* baseline: mean 0 is under --fail-under 3 — not decided: \d+ unscored units behind it/);
    expect(r.stderr).not.toMatch(/threshold: .*under --fail-under 3\n/);
  });
});

describe('bad flags', () => {
  it.each(['', ' , '])("--only '%s' is an input error before any request", async (only) => {
    const r = await score(workflowJudge(), ['--only', only]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--only needs unit ids');
    expect(server!.requests).toHaveLength(0);
  });
});

describe('storage is checked before the first request', () => {
  it.each([
    ['a plain file as --cache-dir', 'cache-dir'],
    ['a plain file as --runs-dir', 'runs-dir'],
  ])('%s: exit 2 with one line, no request', async (_n, flag) => {
    const blocker = path.join(tmpdir(), `rj-not-a-folder-${process.pid}-${flag}`);
    writeFileSync(blocker, 'a file, not a folder');
    try {
      const r = await score(workflowJudge(), [`--${flag}`, blocker]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`cannot write to the (vote cache|runs folder) \\(\\w+\\); pick a writable --${flag}`));
      expect(server!.requests).toHaveLength(0);
    } finally {
      rmSync(blocker, { force: true });
    }
  });
});

describe('--only is repeatable', () => {
  it('--only P01 --only P03 judges both (not just the last), and comma lists mix in', async () => {
    expect((await score(workflowJudge())).code).toBe(0);
    const before = server!.requests.length;
    const runs = path.join(work!, 'runs');
    const r = await runCli(['score', RELIABILITY, '--round', '1', '--runs-dir', runs, '--judge', 'openai:gpt-4.1-mini', '--only', 'P01', '--only', 'P03', '--fresh'], { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: `${server!.url}/v1` });
    expect(r.code).toBe(0);
    // n: one request per judged unit: 4 reviews × 2 problems.
    expect(server!.requests.length - before).toBe(8);
  });
});

describe('every request ends', () => {
  // Bounded by the test timeout: without the deadline a trickled body would hold the run for minutes.
  it('a server that sends headers and then trickles the body: the deadline covers the body, the votes are unscored, the run ends', async () => {
    const r = await score(() => ({ type: 'trickle', everyMs: 200 }), ['--timeout-ms', '400', '--max-retries', '0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unscored: baseline run1 P01: /);
    expect(r.stderr).not.toMatch(/unscored: .*verdict/);
  });
});

describe('a cache that cannot be written is loud', () => {
  it('every vote write fails: the run warns with the count, exits 1 (not replayable) and still reports its verdicts', async () => {
    server = cleanup.server(await startFakeOpenAI(workflowJudge()));
    work = cleanup.dir('rj-cachefail-');
    const cache = path.join(work, 'cache');
    mkdirSync(cache);
    // The folder itself takes files (the start-up check passes); every fan-out folder is a plain file.
    for (let i = 0; i < 256; i++) writeFileSync(path.join(cache, i.toString(16).padStart(2, '0')), 'not a folder');
    writeFileSync(path.join(cache, 'requests'), 'not a folder');
    const r = await runCli(['score', RELIABILITY, '--round', '1', '--runs-dir', path.join(work, 'runs'), '--cache-dir', cache, '--judge', 'openai:gpt-4.1-mini'], { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: `${server.url}/v1` });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/review-judge: WARNING: \d+ cache writes failed \(E[A-Z]+\) in .*: those votes cannot be replayed/);
    expect(r.stderr).toContain('0 unscored');
  });
});

describe('any file name the file system allows', () => {
  it('a prompt name with a space scores every round of a nightly, workflow files included', async () => {
    server = cleanup.server(await startFakeOpenAI(workflowJudge()));
    work = cleanup.dir('rj-names-');
    const root = path.join(work, 'root');
    cpSync(WORKFLOW_ROOT, root, { recursive: true, filter: (src) => !src.endsWith('.ts') });
    const results = path.join(root, 'reliability-design', 'results');
    renameSync(path.join(results, 'v001-baseline-run1.md'), path.join(results, 'v001-base line-run1.md'));
    const r = await runCli(['score', root, '--all-rounds', '--workflow-files', '--runs-dir', path.join(work, 'runs'), '--judge', 'openai:gpt-4.1-mini'], { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: `${server.url}/v1` });
    expect(r.stderr).toContain('3 rounds scored');
    expect(r.stderr).toContain('0 input errors');
    expect(r.code).not.toBe(4);
    expect(existsSync(path.join(results, 'v001-base line-scoring.md'))).toBe(true);
  });
});

describe('--dry-run', () => {
  it('needs no judge and no key (plans with the default), and a nightly dry run ends with a grand total', async () => {
    work = cleanup.dir('rj-dry-');
    const r = await runCli(['score', WORKFLOW_ROOT, '--all-rounds', '--dry-run', '--runs-dir', path.join(work, 'runs')], {});
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('total of 3 rounds (no request sent)');
    expect(r.stdout).toMatch(/total of 3 rounds[^\n]*\nopenai:gpt-6-luna {2}40 /);
  });

  it('the missing-key error says that --dry-run needs none', async () => {
    const r = await runCli(['score', RELIABILITY, '--round', '1', '--judge', 'openai'], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--dry-run and --offline need no key');
  });
});

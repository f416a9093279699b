/**
 * Issue 12's "everything ends" and "bad input" cases through the CLI and the real SDKs against the
 * fault server (test/fakes with faultKit's FAULT repertoire), each bounded by its test's timeout: a
 * Retry-After of a day or of 120 s is not waited for (rate-limited, never ×), a trickled body ends at
 * --timeout-ms (timeout, never ×), a reset connection is retried and then answered or unscored, and a
 * FIFO in place of the key or a review is refused with one line. The index of every issue-12 case
 * and where it is tested is test/faults/README.md.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Verdicts } from '../../src/types/Verdicts.ts';
import { cleanupAfterEach } from '../e2e/cleanup.ts';
import { runCli, type CliResult } from '../e2e/runCli.ts';
import { startFakeAnthropic } from '../fakes/fakeAnthropic.ts';
import { startFakeOpenAI } from '../fakes/fakeOpenAI.ts';
import type { Reply, Script } from '../fakes/fakeServer.ts';
import { bodyId, FAULT, reportedRunDir, ROUND, stableBrain } from './faultKit.ts';

const cleanup = cleanupAfterEach();

type Kind = 'openai-compatible' | 'anthropic';

interface Scored {
  r: CliResult;
  verdicts: Verdicts;
  text: string;
  requests: number;
}

/** Scores the small round (9 detection units, 3 audits) with every request going through `script`. */
async function score(kind: Kind, script: Script, extra: string[]): Promise<Scored> {
  const server = cleanup.server(kind === 'anthropic' ? await startFakeAnthropic(script) : await startFakeOpenAI(script));
  const runs = path.join(cleanup.dir('rj-fault-ends-'), 'runs');
  const judge = kind === 'anthropic' ? ['--judge', 'anthropic:claude-sonnet-5-5'] : ['--judge', 'openai-compatible:m', '--base-url', `${server.url}/v1`];
  const env = kind === 'anthropic' ? { ANTHROPIC_API_KEY: 'sk-ant-test-ends-0123', ANTHROPIC_BASE_URL: server.url } : {};
  const r = await runCli(['score', ROUND, '--round', '1', ...judge, '--runs-dir', runs, ...extra], env);
  const text = readFileSync(path.join(reportedRunDir(r.stderr), 'verdicts.json'), 'utf8');
  return { r, verdicts: JSON.parse(text) as Verdicts, text, requests: server.requests.length };
}

/** Every vote of every unit and audit: unscored with a reason of `kind`; no × anywhere; exit 1. */
function expectAllUnscored(s: Scored, kind: RegExp): void {
  expect(s.r.code, s.r.stderr).toBe(1);
  expect(s.text).not.toContain('×');
  expect(s.verdicts.units).toHaveLength(9);
  for (const u of s.verdicts.units) {
    expect(u.verdict).toBe('unscored');
    for (const v of u.votes) expect(v.reason).toMatch(kind);
  }
  for (const a of s.verdicts.audits!) {
    expect(a.status).toBe('unscored');
    for (const v of a.votes) expect(v.reason).toMatch(kind);
  }
}

describe('a huge Retry-After is not waited for', () => {
  it.each<[Kind, number]>([
    ['openai-compatible', 86400],
    ['openai-compatible', 120],
    ['anthropic', 86400],
    ['anthropic', 120],
  ])('%s, Retry-After %i s under the default --max-retry-wait 60: every vote rate-limited, never ×, one attempt each', { timeout: 20_000 }, async (kind, seconds) => {
    const s = await score(kind, () => FAULT.retryAfter(seconds), ['--max-retries', '3']);
    expectAllUnscored(s, new RegExp(`^rate-limited: .*HTTP 429: rate limited; Retry-After ${seconds} s is longer than --max-retry-wait 60 s: not waited for`));
    // Not retried: one request per vote asked (detection asks 2 of 3 first, and two failures decide it; audits ask 3).
    expect(s.requests).toBe(9 * 2 + 3 * 3);
  });
});

describe('a body that trickles after the headers ends at --timeout-ms', () => {
  it.each<Kind>(['openai-compatible', 'anthropic'])('%s: every vote unscored as timeout (each attempt within the deadline), never ×', { timeout: 30_000 }, async (kind) => {
    const s = await score(kind, () => FAULT.trickle(100), ['--timeout-ms', '300', '--max-retries', '1', '--concurrency', '12']);
    expectAllUnscored(s, /^timeout: .*no answer within 300 ms \(2 attempts\)/);
    expect(s.requests).toBe(2 * (9 * 2 + 3 * 3));
  });
});

describe('a reset connection is retried, then answered or unscored', () => {
  /** The first request of every body gets `fault`, every later one an answer. */
  const onceEach = (fault: Reply): Script => {
    const seen = new Set<string>();
    const brain = stableBrain({ fixed: 'detected' });
    return (body, i) => {
      const id = bodyId(body);
      if (seen.has(id)) return brain(body, i);
      seen.add(id);
      return fault;
    };
  };

  it.each<[string, Reply]>([
    ['before the headers', FAULT.resetBeforeHeaders],
    ['mid-body', FAULT.resetMidBody],
  ])('reset %s once per request: retried and answered, every unit scored, exit 0', { timeout: 30_000 }, async (_name, fault) => {
    // Retry-After cannot ride on a reset: the SDK's own backoff (0.5 s+) is waited, once per request.
    const s = await score('openai-compatible', onceEach(fault), ['--max-retries', '2', '--concurrency', '12']);
    expect(s.r.stderr).not.toContain('unscored:');
    expect(s.r.code, s.r.stderr).toBe(0);
    expect(s.verdicts.units.every((u) => u.verdict === '○')).toBe(true);
  });

  it.each<[string, Reply]>([
    ['before the headers', FAULT.resetBeforeHeaders],
    ['mid-body', FAULT.resetMidBody],
  ])('reset %s on every attempt: every vote unscored as a failed connection after 2 attempts, never ×', { timeout: 30_000 }, async (_name, fault) => {
    const s = await score('openai-compatible', () => fault, ['--max-retries', '1', '--concurrency', '12']);
    expectAllUnscored(s, /^api-error: .*connection failed after 2 attempts/);
  });
});

describe('a FIFO in place of an input is refused with one line, never waited on', () => {
  const judge = ['--judge', 'openai-compatible:m', '--base-url', 'http://127.0.0.1:9/v1'];

  it('the answer key: exit 2, one line naming it, no request', { timeout: 10_000 }, async () => {
    const dir = cleanup.dir('rj-fault-fifo-');
    execFileSync('mkfifo', [path.join(dir, 'key.md')]);
    cpSync(path.join(ROUND, 'results', 'v001-baseline-run1.md'), path.join(dir, 'v001-baseline-run1.md'));
    const r = await runCli(['score', '--key', 'key.md', '--reviews', 'v001-baseline-run1.md', ...judge, '--runs-dir', 'runs'], {}, { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^review-judge: key\.md.*answer key is a named pipe \(FIFO\), not a regular file/)]);
  });

  it('a review: that file refused with one line, the others judged', { timeout: 20_000 }, async () => {
    const dir = cleanup.dir('rj-fault-fifo-');
    const round = path.join(dir, 'round');
    cpSync(ROUND, round, { recursive: true });
    const fifo = path.join(round, 'results', 'v001-baseline-run3.md');
    execFileSync('mkfifo', [fifo]);
    const server = cleanup.server(await startFakeOpenAI(stableBrain()));
    const r = await runCli(['score', 'round', '--round', '1', '--judge', 'openai-compatible:m', '--base-url', `${server.url}/v1`, '--runs-dir', 'runs'], {}, { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.split('\n').filter((l) => l.includes('v001-baseline-run3.md'))).toEqual([expect.stringMatching(/named pipe \(FIFO\), not a regular file/)]);
    expect(r.stderr).toContain('12 units');
  });
});

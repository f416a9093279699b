/**
 * Resume after kill -9, through the real bin in child processes: a run killed mid-way leaves its
 * finished votes in the cache, and the same command run again asks only for the rest and ends with
 * the verdicts an uninterrupted run gives.
 */
import { cacheEntries } from './cacheFiles.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../fakes/fakeOpenAI.ts';
import type { FakeServer, RecordedRequest, Reply } from '../fakes/fakeServer.ts';
import { judgeScript } from './fakeJudge.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/review-judge.js');
const round = path.resolve(import.meta.dirname, '../fixtures/round-small');
const CONCURRENCY = 2;
/** Requests answered before the first run is killed; the next ones hang until the kill. */
const ANSWERED_BEFORE_KILL = 13;

const children: ChildProcess[] = [];
const servers: FakeServer[] = [];
let work: string | undefined;

afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const s of servers.splice(0)) await s.close();
  if (work) rmSync(work, { recursive: true, force: true });
  work = undefined;
});

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** `review-judge score` on the fixture round in a child process, with no API key in its environment. */
function spawnScore(server: FakeServer, runs: string): { child: ChildProcess; exit: Promise<Exit> } {
  const args = [BIN, 'score', round, '--round', '1', '--judge', 'openai-compatible:m', '--base-url', `${server.url}/v1`, '--runs-dir', runs, '--concurrency', String(CONCURRENCY)];
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}) };
  const child = spawn(process.execPath, args, { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<Exit>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, exit };
}

/** Resolves when `cond` holds; rejects after `ms` with what was awaited, so the test can never hang. */
async function waitFor(cond: () => boolean, ms: number, what: () => string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms)));
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}


/** verdicts.json of the only run folder that has one, without its runId. */
function finalVerdicts(runs: string): unknown {
  const done = readdirSync(runs).filter((d) => d !== 'cache' && existsSync(path.join(runs, d, 'verdicts.json')));
  expect(done).toHaveLength(1);
  const { runId: _runId, ...rest } = JSON.parse(readFileSync(path.join(runs, done[0]!, 'verdicts.json'), 'utf8'));
  return rest;
}

/** Requests per cache-relevant body (the body is what the key hashes, beside judge, vote index and salt). */
function perBody(requests: RecordedRequest[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const q of requests) m.set(JSON.stringify(q.body), (m.get(JSON.stringify(q.body)) ?? 0) + 1);
  return m;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('resume after kill -9', () => {
  it('re-asks no vote answered and cached before the kill, and ends with the clean verdicts', { timeout: 60_000 }, async () => {
    work = mkdtempSync(path.join(tmpdir(), 'rj-resume-'));

    // The reference: the same command, uninterrupted, against its own fake and runs dir.
    const cleanServer = await startFakeOpenAI(judgeScript(() => 'detected'));
    servers.push(cleanServer);
    const cleanRuns = path.join(work, 'clean-runs');
    const clean = spawnScore(cleanServer, cleanRuns);

    // The interrupted run: slow answers, then hangs from request ANSWERED_BEFORE_KILL on, so the
    // moment of the kill is a known state (N answered, CONCURRENCY in flight) rather than a race.
    let phase: 'first' | 'resume' = 'first';
    const answered = new Set<number>();
    const brain = judgeScript(() => 'detected');
    const server = await startFakeOpenAI(async (body, index): Promise<Reply> => {
      if (phase === 'resume') return brain(body, index);
      if (index >= ANSWERED_BEFORE_KILL) return { type: 'hang' };
      await sleep(60);
      const reply = await brain(body, index);
      answered.add(index);
      return reply;
    });
    servers.push(server);
    const runs = path.join(work, 'runs');
    const first = spawnScore(server, runs);

    await waitFor(
      () => server.requests.length === ANSWERED_BEFORE_KILL + CONCURRENCY && answered.size === ANSWERED_BEFORE_KILL && cacheEntries(runs) === ANSWERED_BEFORE_KILL,
      20_000,
      () => `${ANSWERED_BEFORE_KILL + CONCURRENCY} requests (seen ${server.requests.length}) and ${ANSWERED_BEFORE_KILL} cached votes (cached ${cacheEntries(runs)})`,
    );
    first.child.kill('SIGKILL');
    const killed = await within(first.exit, 10_000, 'the killed run to exit');
    expect(killed.signal).toBe('SIGKILL');
    const firstRequests = server.requests.slice();
    expect(firstRequests).toHaveLength(ANSWERED_BEFORE_KILL + CONCURRENCY);
    const inFlightAtKill = firstRequests.length - answered.size;

    const cleanExit = await within(clean.exit, 20_000, 'the clean run to finish');
    expect(cleanExit.stderr).not.toContain('unscored:');
    expect(cleanExit.code).toBe(0);

    phase = 'resume';
    const resumed = await within(spawnScore(server, runs).exit, 20_000, 'the resumed run to finish');
    expect(resumed.stderr).not.toContain('unscored:');
    expect(resumed.code).toBe(0);
    const resumeRequests = server.requests.slice(firstRequests.length);

    // Counting: every vote answered before the kill was served from the cache on resume.
    const cleanCount = cleanServer.requests.length;
    expect(firstRequests.length + resumeRequests.length).toBeLessThanOrEqual(cleanCount + inFlightAtKill);
    expect(inFlightAtKill).toBeLessThanOrEqual(CONCURRENCY);
    const C = perBody(cleanServer.requests);
    const A = perBody(firstRequests.filter((_, i) => answered.has(i)));
    const R = perBody(resumeRequests);
    for (const body of new Set([...A.keys(), ...R.keys()])) expect(C.has(body)).toBe(true);
    for (const [body, n] of C) expect((A.get(body) ?? 0) + (R.get(body) ?? 0), `requests for one unit's body`).toBe(n);
    expect(resumeRequests.length).toBe(cleanCount - ANSWERED_BEFORE_KILL);

    // Same verdicts as the clean run (units and audits), in a new run folder.
    expect(finalVerdicts(runs)).toEqual(finalVerdicts(cleanRuns));
    expect(resumed.stderr).toContain(`${resumeRequests.length} requests, ${ANSWERED_BEFORE_KILL} cached votes, 0 unscored`);
  });
});

/**
 * kill -9 of the real bin at seeded random points, then the same command again to completion: the
 * resumed run ends with the verdicts of an uninterrupted run, asks exactly the votes the cache does
 * not hold (so no vote answered and cached before the kill is asked again), and leaves no corrupt
 * cache entry. Reproduce a failure with FAULT_SEED=<seed printed in the test name>.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../fakes/fakeOpenAI.ts';
import type { FakeServer, Reply } from '../fakes/fakeServer.ts';
import {
  bodiesOf,
  countBodies,
  killAll,
  reportedRunDir,
  runFolders,
  scanCache,
  seeded,
  sleep,
  spawnScore,
  stableBrain,
  verdictsOf,
  waitFor,
  within,
  type Spawned,
} from './faultKit.ts';

const SEED = Number(process.env.FAULT_SEED ?? 0x6b111);
const CONCURRENCY = 2;
const VOTES = 3;
/** Requests of a clean run: the stable brain's votes agree, so 9 detection units × 2 (early stop) + 3 audits × 3. */
const TOTAL = 9 * 2 + 3 * VOTES;
const EXIT_MS = 15_000;

interface KillPlan {
  /** `answered`: kill right after the at-th answer left the fake; `ms`: kill at milliseconds after the first request. */
  kind: 'answered' | 'ms';
  at: number;
  delaySeed: number;
}

const rng = seeded(SEED);
const plans: KillPlan[] = [
  ...Array.from({ length: 7 }, () => ({ kind: 'answered' as const, at: rng.int(1, TOTAL - 1), delaySeed: rng.int(1, 2 ** 30) })),
  ...Array.from({ length: 3 }, () => ({ kind: 'ms' as const, at: rng.int(5, 400), delaySeed: rng.int(1, 2 ** 30) })),
];

const servers: FakeServer[] = [];
let work: string;
let clean: { verdicts: unknown; perBody: Map<string, number>; entries: number };

/** A fake whose answers take 20-40 ms (seeded) and depend only on the body; `gate` may hold a request forever. */
async function slowFake(delaySeed: number, gate: (body: unknown) => Reply | null = () => null) {
  const delays = seeded(delaySeed);
  const brain = stableBrain();
  const answered: unknown[] = [];
  let onAnswer: (count: number) => void = () => {};
  const server = await startFakeOpenAI(async (body, index) => {
    const held = gate(body);
    if (held) return held;
    await sleep(delays.int(20, 40));
    const heldLater = gate(body);
    if (heldLater) return heldLater;
    const reply = await brain(body, index);
    answered.push(body);
    onAnswer(answered.length);
    return reply;
  });
  servers.push(server);
  return { server, answered, setOnAnswer: (f: (count: number) => void) => (onAnswer = f) };
}

const args = (runs: string) => ['--runs-dir', runs, '--concurrency', String(CONCURRENCY), '--votes', String(VOTES)];

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'rj-fault-kill-'));
  const { server } = await slowFake(SEED);
  const runs = path.join(work, 'clean');
  const exit = await within(spawnScore(work, `${server.url}/v1`, args(runs)).exit, EXIT_MS, 'the clean run');
  expect(exit.stderr).not.toContain('unscored:');
  expect(exit.code).toBe(0);
  expect(server.requests).toHaveLength(TOTAL);
  const scan = scanCache(path.join(runs, 'cache'));
  expect(scan.corrupt).toEqual([]);
  clean = { verdicts: verdictsOf(reportedRunDir(exit.stderr)), perBody: countBodies(bodiesOf(server.requests)), entries: scan.entries.length };
  expect(clean.entries).toBe(TOTAL);
}, 30_000);

afterEach(async () => {
  killAll();
  for (const s of servers.splice(0)) await s.close();
});

afterAll(() => {
  killAll();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe(`kill -9 at random points, then resume (seed ${SEED})`, () => {
  it.each(plans.map((p, i) => [i + 1, p.kind === 'answered' ? `after ${p.at} answered requests` : `${p.at} ms after the first request`, p] as const))(
    'run %i: kill %s',
    { timeout: 40_000 },
    async (i, _label, plan) => {
      const runs = path.join(work, `run${i}`);
      const cache = path.join(runs, 'cache');
      let killed = false;
      let first: Spawned | undefined;
      const kill = () => {
        killed = true;
        first?.child.kill('SIGKILL');
      };
      // Once killed, nothing more is answered: whatever the fake had not answered is in flight at the kill.
      const fake = await slowFake(plan.delaySeed, () => (killed ? { type: 'hang' } : null));
      if (plan.kind === 'answered') fake.setOnAnswer((n) => n === plan.at && ((killed = true), setImmediate(kill)));
      first = spawnScore(work, `${fake.server.url}/v1`, args(runs));
      let timer: NodeJS.Timeout | undefined;
      if (plan.kind === 'ms') {
        await waitFor(() => fake.server.requests.length > 0 || first!.child.exitCode !== null, EXIT_MS, () => 'the first request');
        timer = setTimeout(kill, plan.at);
      }
      const firstExit = await within(first.exit, EXIT_MS, 'the run to be killed or finish').finally(() => clearTimeout(timer));
      const finishedAnyway = firstExit.code === 0;
      if (!finishedAnyway) expect(firstExit.signal, firstExit.stderr).toBe('SIGKILL');
      const firstRequests = fake.server.requests.slice();
      const answered = countBodies(fake.answered);

      // The state the kill left: only whole entries, each for an answer the fake really gave.
      const atKill = scanCache(cache);
      expect(atKill.corrupt, 'corrupt cache files after the kill').toEqual([]);
      for (const t of atKill.temps) expect(path.basename(t), 'a temp file not of the killed process').toContain(`.${first.child.pid}.`);
      const cached = countBodies(atKill.entries.map((e) => e.entry.request.body));
      for (const [body, n] of cached) expect(n, 'cached votes of one body vs. its answers').toBeLessThanOrEqual(answered.get(body) ?? 0);
      const answeredNotCached = [...answered].reduce((s, [b, n]) => s + n - (cached.get(b) ?? 0), 0);
      if (answeredNotCached > CONCURRENCY) {
        const { viewPrompt } = await import('../e2e/fakeJudge.ts');
        const { readFileSync, existsSync } = await import('node:fs');
        console.log('DEBUG lost ' + JSON.stringify([...answered].filter(([b, n]) => n > (cached.get(b) ?? 0)).map(([b, n]) => [viewPrompt(JSON.parse(b)).reviewTitle, viewPrompt(JSON.parse(b)).problemId, n, cached.get(b) ?? 0])));
        console.log('DEBUG order ' + JSON.stringify(fake.server.requests.map((q) => viewPrompt(q.body).reviewTitle.slice(-10) + ' ' + viewPrompt(q.body).problemId)));
        for (const d of runFolders(runs)) if (existsSync(path.join(d, 'log.jsonl'))) console.log(readFileSync(path.join(d, 'log.jsonl'), 'utf8'));
      }
      expect(answeredNotCached, 'answers lost with the kill').toBeLessThanOrEqual(CONCURRENCY);
      expect(firstRequests.length - fake.answered.length, 'requests unanswered at the kill').toBeLessThanOrEqual(CONCURRENCY);
      if (plan.kind === 'answered') expect(fake.answered).toHaveLength(plan.at);

      // The same command again, to completion.
      killed = false;
      const before = new Set(runFolders(runs));
      const resumed = await within(spawnScore(work, `${fake.server.url}/v1`, args(runs)).exit, EXIT_MS, 'the resumed run');
      expect(resumed.stderr).not.toContain('unscored:');
      expect(resumed.code, resumed.stderr).toBe(0);
      const resumeDir = reportedRunDir(resumed.stderr);
      expect(before.has(resumeDir)).toBe(false);
      const asked = countBodies(bodiesOf(fake.server.requests.slice(firstRequests.length)));

      // Exactly the votes the cache lacked were asked: none that was answered and cached before the kill.
      for (const body of new Set([...clean.perBody.keys(), ...asked.keys()])) {
        const need = (clean.perBody.get(body) ?? 0) - (cached.get(body) ?? 0);
        expect(asked.get(body) ?? 0, `requests of one body on resume (clean ${clean.perBody.get(body) ?? 0}, cached ${cached.get(body) ?? 0})`).toBe(need);
      }
      const repeated = [...answered].reduce((s, [b, n]) => s + Math.max(0, n + (asked.get(b) ?? 0) - (clean.perBody.get(b) ?? 0)), 0);
      expect(repeated, 'answered before the kill and asked again').toBeLessThanOrEqual(CONCURRENCY);
      if (finishedAnyway) expect(asked.size).toBe(0);

      expect(verdictsOf(resumeDir)).toEqual(clean.verdicts);
      const after = scanCache(cache);
      expect(after.corrupt, 'corrupt cache files after the resume').toEqual([]);
      expect(after.entries).toHaveLength(clean.entries);
      for (const t of after.temps) expect(path.basename(t)).toContain(`.${first.child.pid}.`);
    },
  );
});

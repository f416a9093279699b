/**
 * kill -9 of the real bin at seeded random points, then the same command again to completion (in
 * process through `main`, as test/e2e/resume.e2e.test.ts already resumes through the bin): the
 * resumed run ends with the verdicts of an uninterrupted run, asks exactly the votes the cache does
 * not hold (so no vote answered and cached before the kill is asked again), and leaves no corrupt
 * cache entry. Reproduce a failure with FAULT_SEED=<the seed in the suite name>. The last test is the
 * regression test of temp files stranded by a kill mid-write (now swept by the next writer).
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../e2e/runCli.ts';
import { startFakeOpenAI } from '../fakes/fakeOpenAI.ts';
import type { FakeServer, Reply } from '../fakes/fakeServer.ts';
import {
  bodiesOf,
  countBodies,
  countIds,
  filesUnder,
  killOwned,
  reportedRunDir,
  ROUND,
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
const EXIT_MS = 20_000;
/** Cases run two at a time (each is mostly waiting on child processes). */
const slots = pLimit(2);

interface KillPlan {
  /** `answered`: kill right after the at-th answer left the fake; `ms`: kill `at` ms after the first request. */
  kind: 'answered' | 'ms';
  at: number;
  delaySeed: number;
}

const rng = seeded(SEED);
const plans: KillPlan[] = [
  ...Array.from({ length: 7 }, () => ({ kind: 'answered' as const, at: rng.int(1, TOTAL - 1), delaySeed: rng.int(1, 2 ** 30) })),
  ...Array.from({ length: 3 }, () => ({ kind: 'ms' as const, at: rng.int(5, 400), delaySeed: rng.int(1, 2 ** 30) })),
];

let work: string;
let clean: { verdicts: unknown; perBody: Map<string, number>; entries: number };

/** A fake whose answers take 20-40 ms (seeded) and depend only on the body; `hold` may keep a request open forever. */
async function slowFake(delaySeed: number, hold: () => boolean = () => false) {
  const delays = seeded(delaySeed);
  const brain = stableBrain();
  const answered: unknown[] = [];
  let onAnswer: (count: number) => void = () => {};
  const hang: Reply = { type: 'hang' };
  const server = await startFakeOpenAI(async (body, index) => {
    if (hold()) return hang;
    await sleep(delays.int(20, 40));
    if (hold()) return hang;
    const reply = await brain(body, index);
    answered.push(body);
    onAnswer(answered.length);
    return reply;
  });
  return { server, answered, setOnAnswer: (f: (count: number) => void) => (onAnswer = f) };
}

const args = (runs: string) => ['--runs-dir', runs, '--concurrency', String(CONCURRENCY), '--votes', String(VOTES)];

/** The command of the spawned runs, run in process (no API key: the judge is openai-compatible). */
function scoreInProcess(server: FakeServer, runs: string) {
  return runCli(['score', ROUND, '--round', '1', '--judge', 'openai-compatible:m', '--base-url', `${server.url}/v1`, ...args(runs)], {});
}

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'rj-fault-kill-'));
  const { server } = await slowFake(SEED);
  try {
    const runs = path.join(work, 'clean');
    const exit = await scoreInProcess(server, runs);
    expect(exit.stderr).not.toContain('unscored:');
    expect(exit.code).toBe(0);
    expect(server.requests).toHaveLength(TOTAL);
    const scan = scanCache(path.join(runs, 'cache'));
    expect(scan.corrupt).toEqual([]);
    clean = { verdicts: verdictsOf(reportedRunDir(exit.stderr)), perBody: countBodies(bodiesOf(server.requests)), entries: scan.entries.length };
    expect(clean.entries).toBe(TOTAL);
  } finally {
    await server.close();
  }
}, 30_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** One kill at `plan`, checks of the state it left, the resume, and checks of the end state. */
async function killAndResume(i: number, plan: KillPlan): Promise<void> {
  const runs = path.join(work, `run${i}`);
  const cache = path.join(runs, 'cache');
  const owned: ChildProcess[] = [];
  let killed = false;
  let first: Spawned | undefined;
  const kill = () => {
    killed = true;
    first?.child.kill('SIGKILL');
  };
  // Once killed, nothing more is answered: whatever the fake had not answered was in flight at the kill.
  const fake = await slowFake(plan.delaySeed, () => killed);
  let server: FakeServer | undefined = fake.server;
  try {
    if (plan.kind === 'answered') fake.setOnAnswer((n) => void (n === plan.at && ((killed = true), setImmediate(kill))));
    first = spawnScore(owned, work, `${fake.server.url}/v1`, args(runs));
    let timer: NodeJS.Timeout | undefined;
    if (plan.kind === 'ms') {
      await waitFor(() => fake.server.requests.length > 0 || first!.child.exitCode !== null, EXIT_MS, () => 'the first request');
      timer = setTimeout(kill, plan.at);
    }
    const firstExit = await within(first.exit, EXIT_MS, 'the run to be killed or to finish').finally(() => clearTimeout(timer));
    const finishedAnyway = firstExit.code === 0;
    if (!finishedAnyway) expect(firstExit.signal, firstExit.stderr).toBe('SIGKILL');
    const firstRequests = fake.server.requests.slice();
    const answered = countBodies(fake.answered);
    const pid = first.child.pid;

    // The state the kill left: only whole entries, each for an answer the fake really gave. A kill between
    // a temp write and its rename leaves a `*.tmp` of the killed process (often 0 bytes; the next write sweeps it, see below):
    // never read as an entry, so tolerated here, but never one of a process that finished.
    const atKill = scanCache(cache);
    expect(atKill.corrupt, 'corrupt cache files after the kill').toEqual([]);
    for (const t of atKill.temps) expect(path.basename(t), 'a temp file not of the killed process').toContain(`.${pid}.`);
    const cached = countIds(atKill.entries.map((e) => e.entry.request.bodySha256));
    for (const [body, n] of cached) expect(n, 'cached votes of one body vs. its answers').toBeLessThanOrEqual(answered.get(body) ?? 0);
    expect(firstRequests.length - fake.answered.length, 'requests unanswered at the kill').toBeLessThanOrEqual(CONCURRENCY);
    if (plan.kind === 'answered') expect(fake.answered).toHaveLength(plan.at);

    // The same command again, to completion.
    killed = false;
    const before = new Set(runFolders(runs));
    const resumed = await scoreInProcess(fake.server, runs);
    expect(resumed.stderr).not.toContain('unscored:');
    expect(resumed.code, resumed.stderr).toBe(0);
    const resumeDir = reportedRunDir(resumed.stderr);
    expect(before.has(resumeDir)).toBe(false);
    const asked = countBodies(bodiesOf(fake.server.requests.slice(firstRequests.length)));

    // Exactly the votes the cache lacked were asked: none answered and cached before the kill, nothing twice.
    for (const body of new Set([...clean.perBody.keys(), ...asked.keys()])) {
      const lacking = (clean.perBody.get(body) ?? 0) - (cached.get(body) ?? 0);
      expect(asked.get(body) ?? 0, `resume requests of one body (clean run ${clean.perBody.get(body) ?? 0}, cached ${cached.get(body) ?? 0})`).toBe(lacking);
    }
    if (finishedAnyway) expect(asked.size).toBe(0);

    expect(verdictsOf(resumeDir)).toEqual(clean.verdicts);
    const after = scanCache(cache);
    expect(after.corrupt, 'corrupt cache files after the resume').toEqual([]);
    expect(after.entries).toHaveLength(clean.entries);
    // The resume had votes to write (an interrupted write is a missing entry), so its first write swept the killed run's temps.
    expect(after.temps, 'temp files after the resume').toEqual([]);
  } finally {
    killOwned(owned);
    await server?.close();
    server = undefined;
  }
}

describe.concurrent(`kill -9 at random points, then resume (seed ${SEED})`, () => {
  it.each(plans.map((p, i) => [i + 1, p.kind === 'answered' ? `after ${p.at} answered requests` : `${p.at} ms after the first request`, p] as const))(
    'run %i: kill %s',
    { timeout: 50_000 },
    (i, _label, plan) => slots(() => killAndResume(i, plan)),
  );
});

describe('what a kill -9 mid-write leaves in the cache', () => {
  // Regression: a kill -9 between a temp write and its rename once stranded the temp file for good;
  // DiskCache now sweeps temp files of dead writers before its first write.
  it('a resumed run leaves no stale temp file of the killed process, every cache file parses', { timeout: 20_000 }, async () => {
    const { server } = await slowFake(SEED + 1);
    try {
      const runs = path.join(work, 'stale-temp');
      expect((await scoreInProcess(server, runs)).code).toBe(0);
      const cache = path.join(runs, 'cache');
      const [entry, other] = scanCache(cache).entries;
      // Exactly what a killed process leaves: an empty temp file (killed after the open) and a whole one
      // (killed before the rename), named by DiskCache's pattern with the pid of a process that is gone.
      const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
      writeFileSync(`${entry!.file}.${deadPid}.${randomUUID()}.tmp`, '');
      copyFileSync(other!.file, `${other!.file}.${deadPid}.${randomUUID()}.tmp`);
      rmSync(entry!.file);

      const resumed = await scoreInProcess(server, runs);
      expect(resumed.code, resumed.stderr).toBe(0);
      const unparsable = filesUnder(cache).filter((f) => {
        try {
          JSON.parse(readFileSync(f, 'utf8'));
          return false;
        } catch {
          return true;
        }
      });
      expect(unparsable, 'files under the cache that do not parse as JSON').toEqual([]);
      expect(scanCache(cache).temps, 'stale temp files').toEqual([]);
    } finally {
      await server.close();
    }
  });
});

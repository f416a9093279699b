/**
 * Two real-bin processes started at once on the same inputs, sharing one `--cache-dir` (each with
 * its own `--runs-dir`): both finish, agree, and the cache they raced on holds only whole entries
 * that validate with the CacheEntry schema, one per vote, usable offline afterwards.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../e2e/runCli.ts';
import { startFakeOpenAI } from '../fakes/fakeOpenAI.ts';
import type { FakeServer } from '../fakes/fakeServer.ts';
import { bodiesOf, countBodies, killOwned, reportedRunDir, ROUND, scanCache, seeded, sleep, spawnScore, stableBrain, verdictsOf, within } from './faultKit.ts';

const SEED = Number(process.env.FAULT_SEED ?? 0x5ca7e);
/** Votes of the fixture with the stable brain: 9 detection units × 2 (early stop at k=3) + 3 audits × 3. */
const VOTES_IN_CACHE = 9 * 2 + 3 * 3;
const EXIT_MS = 20_000;

const owned: ChildProcess[] = [];
let server: FakeServer | undefined;
let work: string | undefined;

afterEach(async () => {
  killOwned(owned);
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
  server = undefined;
  work = undefined;
});

describe(`two processes on one cache at once (seed ${SEED})`, () => {
  it.each([2, 4, 8])('--concurrency %i: both exit 0 with identical verdicts and a cache of whole entries', { timeout: 45_000 }, async (concurrency) => {
    work = mkdtempSync(path.join(tmpdir(), 'rj-fault-shared-'));
    const delays = seeded(SEED + concurrency);
    const brain = stableBrain();
    // Short seeded delays interleave the two processes' requests (and their cache writes) differently per case.
    const fake = await startFakeOpenAI(async (body, index) => {
      await sleep(delays.int(0, 30));
      return brain(body, index);
    });
    server = fake;
    const cacheDir = path.join(work, 'shared-cache');
    const args = (runs: string) => ['--runs-dir', path.join(work!, runs), '--cache-dir', cacheDir, '--concurrency', String(concurrency)];

    const a = spawnScore(owned, work, `${fake.url}/v1`, args('runs-a'));
    const b = spawnScore(owned, work, `${fake.url}/v1`, args('runs-b'));
    const [exitA, exitB] = await within(Promise.all([a.exit, b.exit]), EXIT_MS, 'both runs to finish');
    for (const e of [exitA, exitB]) {
      expect(e.stderr).not.toContain('unscored:');
      expect(e.stderr).not.toContain('corrupt cache entry');
      expect(e.code, e.stderr).toBe(0);
    }
    const verdictsA = verdictsOf(reportedRunDir(exitA.stderr));
    expect(verdictsOf(reportedRunDir(exitB.stderr))).toEqual(verdictsA);
    expect((verdictsA.units as unknown[]).length).toBe(9);
    expect(verdictsA.audits).toHaveLength(3);

    // Between one and two asks per vote: each process asks what it did not find already cached.
    const perBody = countBodies(bodiesOf(fake.requests));
    expect(perBody.size).toBe(9 + 3);
    for (const n of perBody.values()) expect(n).toBeLessThanOrEqual(2 * 3);
    expect(fake.requests.length).toBeGreaterThanOrEqual(VOTES_IN_CACHE);
    expect(fake.requests.length).toBeLessThanOrEqual(2 * VOTES_IN_CACHE);

    // The cache both wrote into: only whole, valid entries (no temp file left, nothing unreadable), one per vote.
    const scan = scanCache(cacheDir);
    expect(scan.corrupt).toEqual([]);
    expect(scan.temps).toEqual([]);
    expect(scan.entries).toHaveLength(VOTES_IN_CACHE);
    expect(new Set(scan.entries.map((e) => `${e.entry.request.bodySha256}#${e.entry.request.voteIndex}`)).size).toBe(VOTES_IN_CACHE);

    // And it serves a third run offline: no request, the same verdicts.
    const before = fake.requests.length;
    const offline = await runCli(['score', ROUND, '--round', '1', '--judge', 'openai-compatible:m', '--base-url', `${fake.url}/v1`, '--offline', ...args('runs-c')], {});
    expect(offline.code, offline.stderr).toBe(0);
    expect(fake.requests.length).toBe(before);
    expect(verdictsOf(reportedRunDir(offline.stderr))).toEqual(verdictsA);
  });
});

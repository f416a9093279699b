/**
 * Provider faults at scale, through the CLI in process and the real SDKs over real sockets: a 429
 * storm (OpenAI-compatible, OpenAI with `n`, Anthropic), seeded 5xx and hangs on a share of all
 * requests, and a provider that is down for the whole run. A failure is an unscored vote or unit,
 * never a ×, and the exit code says whether anything is unscored.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { UnitVerdict, Verdicts } from '../../src/types/Verdicts.ts';
import { mulberry32 } from '../../src/score/prng.ts';
import { runCli, type CliResult } from '../e2e/runCli.ts';
import { startFakeAnthropic } from '../fakes/fakeAnthropic.ts';
import { startFakeOpenAI } from '../fakes/fakeOpenAI.ts';
import type { FakeServer, Reply, Script } from '../fakes/fakeServer.ts';
import { bodyId, hash32, logLines, reportedRunDir, ROUND, stableBrain, verdictsOf } from './faultKit.ts';

const SEED = Number(process.env.FAULT_SEED ?? 0xfa117);

type Kind = 'openai-compatible' | 'openai' | 'anthropic';

const servers: FakeServer[] = [];
let work: string | undefined;

afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  if (work) rmSync(work, { recursive: true, force: true });
  work = undefined;
});

async function fake(kind: Kind, script: Script): Promise<FakeServer> {
  const server = kind === 'anthropic' ? await startFakeAnthropic(script) : await startFakeOpenAI(script);
  servers.push(server);
  return server;
}

/** The judge flags and environment that point `kind` at `url`. */
function judgeFor(kind: Kind, url: string): { argv: string[]; env: Record<string, string> } {
  if (kind === 'openai') return { argv: ['--judge', 'openai:gpt-4.1-mini'], env: { OPENAI_API_KEY: 'sk-test-faultsuite-012', OPENAI_BASE_URL: `${url}/v1` } };
  if (kind === 'anthropic') return { argv: ['--judge', 'anthropic:claude-sonnet-5-5'], env: { ANTHROPIC_API_KEY: 'sk-ant-test-faultsuite', ANTHROPIC_BASE_URL: url } };
  return { argv: ['--judge', 'openai-compatible:m', '--base-url', `${url}/v1`], env: {} };
}

interface Scored {
  r: CliResult;
  dir: string;
  text: string;
  verdicts: Verdicts;
}

async function score(kind: Kind, url: string, runs: string, extra: string[]): Promise<Scored> {
  const j = judgeFor(kind, url);
  const r = await runCli(['score', ROUND, '--round', '1', ...j.argv, '--runs-dir', runs, ...extra], j.env);
  const dir = reportedRunDir(r.stderr);
  const text = readFileSync(path.join(dir, 'verdicts.json'), 'utf8');
  return { r, dir, text, verdicts: JSON.parse(text) as Verdicts };
}

const newWork = () => (work = mkdtempSync(path.join(tmpdir(), 'rj-fault-provider-')));

/**
 * A fault on a seeded share of all attempts: the roll depends on the seed, the body and how many
 * times that body was asked, not on arrival order, so a failing seed replays the same faults.
 */
function seededFaults(seed: number, share: number, fault: (roll: number) => Reply): { inject: (body: unknown) => Reply | null; fired: () => number } {
  const attempts = new Map<string, number>();
  let fired = 0;
  const inject = (body: unknown) => {
    const id = bodyId(body);
    const n = (attempts.get(id) ?? 0) + 1;
    attempts.set(id, n);
    const roll = mulberry32(hash32(`${seed}|${n}|${id}`))();
    if (roll >= share) return null;
    fired++;
    return fault(roll / share);
  };
  return { inject, fired: () => fired };
}

const name = (u: { review: { prompt: string; run: number }; unit: string }) => `${u.review.prompt} run${u.review.run} ${u.unit}`;

/**
 * With a judge that always says ○ (and quotes the review), every unit is ○ or unscored, every vote ○
 * or unscored with a failure kind, no × anywhere in verdicts.json, and exit 1 exactly when the
 * unscored list on stderr is not empty; returns the unscored units.
 */
function expectNeverCross(s: Scored): string[] {
  expect(s.text).not.toContain('×');
  expect(s.verdicts.units).toHaveLength(9);
  expect(s.verdicts.audits).toHaveLength(3);
  const unscored: string[] = [];
  for (const u of s.verdicts.units as UnitVerdict[]) {
    expect(['○', 'unscored'], name(u)).toContain(u.verdict);
    for (const v of u.votes) {
      expect(['○', 'unscored']).toContain(v.verdict);
      if (v.verdict === 'unscored') expect(v.reason).toMatch(/^(api-error|timeout): /);
    }
    if (u.verdict === 'unscored') unscored.push(name(u));
  }
  for (const a of s.verdicts.audits!) if (a.status === 'unscored') unscored.push(name(a));
  const listed = [...s.r.stderr.matchAll(/^unscored: (.+? run\d+ (?:P\d+|audit)): /gm)].map((m) => m[1]!);
  expect(listed.sort()).toEqual([...unscored].sort());
  expect(s.r.code, s.r.stderr).toBe(unscored.length ? 1 : 0);
  return unscored;
}

describe('a 429 storm (the first 40 requests, Retry-After 5 ms)', () => {
  it.each<Kind>(['openai-compatible', 'openai', 'anthropic'])('%s: every unit scored as without the storm, exit 0, concurrency lowered in log.jsonl', { timeout: 30_000 }, async (kind) => {
    const runs = path.join(newWork(), 'runs');
    const calm = await fake(kind, stableBrain());
    const reference = await score(kind, calm.url, path.join(work!, 'reference'), []);
    expect(reference.r.code, reference.r.stderr).toBe(0);

    const brain = stableBrain();
    const storm = await fake(kind, (body, index) => (index < 40 ? { type: 'status', status: 429, headers: { 'retry-after-ms': '5', 'retry-after': '0' } } : brain(body, index)));
    // Retries enough that no request can run out of them, whichever requests the 429s land on.
    const s = await score(kind, storm.url, runs, ['--concurrency', '8', '--max-retries', '41']);
    expect(s.r.stderr).not.toContain('unscored:');
    expect(s.r.code, s.r.stderr).toBe(0);
    const { runId: _a, ...got } = s.verdicts;
    const { runId: _b, ...want } = reference.verdicts;
    expect(got).toEqual(want);
    expect(storm.requests).toHaveLength(calm.requests.length + 40);

    const log = logLines(s.dir);
    const throttled = log.filter((l) => l.msg === 'concurrency throttled (429)');
    expect(throttled.length).toBeGreaterThan(0);
    expect(Math.min(...throttled.map((l) => Number(l.concurrency)))).toBeLessThan(8);
    const requests = log.filter((l) => l.msg === 'request');
    expect(requests.every((l) => l.ok === true)).toBe(true);
    expect(Math.min(...requests.map((l) => Number(l.concurrency)))).toBeLessThan(8);
  });
});

describe('30% of requests answer 5xx (seeded), --max-retries 3', () => {
  const statuses = [500, 502, 503];
  it.each([
    [SEED, 3],
    [SEED + 1, 3],
    [SEED + 2, 3],
    // No retries: every injected fault is a failed vote, so the unscored path and exit 1 are exercised too.
    [SEED + 3, 0],
  ])('seed %i, --max-retries %i: units ○ or unscored, never ×; exit code matches the unscored list', { timeout: 30_000 }, async (seed, retries) => {
    const runs = path.join(newWork(), 'runs');
    const faults = seededFaults(seed, 0.3, (roll) => ({ type: 'status', status: statuses[Math.floor(roll * statuses.length)]!, headers: { 'retry-after-ms': '5' } }));
    const server = await fake('openai-compatible', stableBrain({ fixed: 'detected', fault: faults.inject }));
    const s = await score('openai-compatible', server.url, runs, ['--max-retries', String(retries)]);
    const unscored = expectNeverCross(s);
    expect(faults.fired()).toBeGreaterThan(0);
    // Without retries every injected fault is exactly one unscored vote.
    const failedVotes = s.verdicts.units.flatMap((u) => u.votes).filter((v) => v.verdict === 'unscored').length + s.verdicts.audits!.flatMap((a) => a.votes).filter((v) => v.status === 'unscored').length;
    if (retries === 0) expect(failedVotes).toBe(faults.fired());
    else expect(failedVotes).toBeLessThanOrEqual(faults.fired());
    expect(unscored.length).toBeLessThanOrEqual(failedVotes);
    for (const u of s.verdicts.units) for (const v of u.votes) if (v.verdict === 'unscored') expect(v.reason).toMatch(/HTTP 50[023]/);
  });
});

describe('20% of requests hang past --timeout-ms 200 (seeded), --max-retries 1', () => {
  it.each([SEED, SEED + 1])('seed %i: units ○ or unscored (timeout), never ×; exit code matches', { timeout: 30_000 }, async (seed) => {
    const runs = path.join(newWork(), 'runs');
    const hangs = seededFaults(seed, 0.2, () => ({ type: 'hang' }));
    const server = await fake('openai-compatible', stableBrain({ fixed: 'detected', fault: hangs.inject }));
    const s = await score('openai-compatible', server.url, runs, ['--timeout-ms', '200', '--max-retries', '1']);
    expectNeverCross(s);
    expect(hangs.fired()).toBeGreaterThan(0);
    for (const u of s.verdicts.units) for (const v of u.votes) if (v.verdict === 'unscored') expect(v.reason).toMatch(/^timeout: .*no answer within 200 ms \(2 attempts\)/);
  });
});

describe('the provider is down for the whole run (nothing listens on the port)', () => {
  it.each<Kind>(['openai-compatible', 'anthropic'])('%s: every unit and audit unscored, exit 1, no × in verdicts.json', { timeout: 30_000 }, async (kind) => {
    const runs = path.join(newWork(), 'runs');
    const gone = await fake(kind, stableBrain());
    const url = gone.url;
    await gone.close();
    const s = await score(kind, url, runs, ['--max-retries', '1']);
    expect(s.r.code, s.r.stderr).toBe(1);
    expect(s.text).not.toContain('×');
    expect(s.verdicts.units).toHaveLength(9);
    for (const u of s.verdicts.units) {
      expect(u.verdict, name(u)).toBe('unscored');
      expect(u.votes.length).toBeGreaterThan(0);
      for (const v of u.votes) {
        expect(v.verdict).toBe('unscored');
        expect(v.modelVerdict).toBeNull();
        expect(v.reason).toMatch(/^api-error: .*connection failed after 2 attempts.*ECONNREFUSED/);
      }
    }
    expect(s.verdicts.audits).toHaveLength(3);
    for (const a of s.verdicts.audits!) {
      expect(a.status, name(a)).toBe('unscored');
      expect([...a.bonuses, ...a.penalties, ...a.findings]).toEqual([]);
    }
    expect(expectNeverCross(s)).toHaveLength(12);
    expect(verdictsOf(s.dir).units).toEqual(s.verdicts.units);
  });
});

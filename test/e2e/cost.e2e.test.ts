/**
 * Cost through the CLI against the fake OpenAI server, with usage numbers and prices chosen so every
 * dollar is hand-computable: the manifest's spend, --max-cost (the budget stops paid calls; finished
 * votes stay cached; a rerun asks only for the rest) and --dry-run (no request; votes, cache hits,
 * requests and an estimated cost per judge). The fixture is reliability-design round 1 of
 * test/fixtures/workflow-root: 4 reviews × 3 problems + 4 audits = 16 units.
 *
 * Hand computation (every reply reports input 1000 tokens of which 800 cached, output 200; prices
 * USD per 1M tokens: input 2, cached input 0.5, cache write 2.5, output 8):
 *   one request = (1000 − 800) × 2 + 800 × 0.5 + 200 × 8 = 400 + 400 + 1600 = 2400 µ$ = $0.0024
 *   OpenAI answers all 3 votes of a unit in one request (n = 3): 16 requests → 16 × 0.0024 = $0.0384
 *   per review: 3 problems + 1 audit = 4 requests → $0.0096; per unit $0.0024; 4 × 0.0096 = 0.0384
 *   tokens: input 16 × 1000 = 16000, cached 16 × 800 = 12800, output 16 × 200 = 3200
 */
import { cacheEntries } from './cacheFiles.ts';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../fakes/fakeOpenAI.ts';
import type { FakeServer, Reply, Script } from '../fakes/fakeServer.ts';
import type { Manifest } from '../../src/types/Manifest.ts';
import { RELIABILITY, WORKFLOW_ROOT, workflowJudge } from '../fixtures/workflow-root/workflowJudge.ts';
import { runCli, type CliResult } from './runCli.ts';

const USAGE = { input: 1000, cached: 800, output: 200 };
const PRICE = { input: 2, cachedInput: 0.5, cacheWrite: 2.5, output: 8 };
const PER_REQUEST = 0.0024;
const FULL_ROUND = 16;
/** Requests of a full night over the workflow root: (12 + 4) × 2 reliability rounds + (6 + 2) security = 40. */
const FULL_NIGHT = 40;

let server: FakeServer | undefined;
let work: string | undefined;

afterEach(async () => {
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
  server = undefined;
  work = undefined;
});

/** The fixture's judge, every reply reporting USAGE; `firstDelayMs` holds back the first answer. */
async function setup(opts: { firstDelayMs?: number } = {}) {
  const brain: Script = workflowJudge();
  server = await startFakeOpenAI(async (body, index) => {
    if (index === 0 && opts.firstDelayMs) await new Promise((r) => setTimeout(r, opts.firstDelayMs));
    const reply = (await brain(body, index)) as Extract<Reply, { type: 'json' }>;
    return { ...reply, usage: USAGE };
  });
  work = mkdtempSync(path.join(tmpdir(), 'rj-cost-'));
  const prices = path.join(work, 'prices.json');
  writeFileSync(prices, JSON.stringify({ date: '2026-01-01', source: 'test prices', models: { 'openai:gpt-4.1-mini': PRICE, 'openai-compatible:m': PRICE } }));
  return { server, runs: path.join(work, 'runs'), prices };
}

const env = () => ({ OPENAI_API_KEY: 'sk-test-cost-012345678', OPENAI_BASE_URL: `${server!.url}/v1` });
const OPENAI = ['--judge', 'openai:gpt-4.1-mini'];

function score(runs: string, extra: string[]): Promise<CliResult> {
  return runCli(['score', RELIABILITY, '--round', '1', '--runs-dir', runs, ...extra], env());
}

function runFolders(runs: string): string[] {
  return existsSync(runs) ? readdirSync(runs).filter((d) => d !== 'cache' && !d.startsWith('nightly.') && d !== 'index.html').sort().map((d) => path.join(runs, d)) : [];
}

const manifestOf = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;


describe('spend in the manifest', () => {
  it('--prices FILE: totals.costUsd is the hand-computed $0.0384 and costs.byReview sums to it', async () => {
    const { server, runs, prices } = await setup();
    const r = await score(runs, [...OPENAI, '--prices', prices]);
    expect(r.code).toBe(0);
    expect(server.requests).toHaveLength(FULL_ROUND);
    const [firstRun] = runFolders(runs);
    const m = manifestOf(firstRun!);
    expect(m.totals).toMatchObject({ units: 16, requests: 16, cacheHits: 0, inputTokens: 16_000, cachedInputTokens: 12_800, outputTokens: 3_200, costUsd: 0.0384 });
    expect(m.costs!.priceTable).toEqual({ date: '2026-01-01', source: 'test prices' });
    expect(m.costs!.byReview).toEqual(
      ['baseline', 'variant-a'].flatMap((prompt) => [1, 2].map((run) => ({ prompt, run, usd: 0.0096 }))),
    );
    expect(m.costs!.byReview.reduce((a, x) => a + x.usd, 0)).toBeCloseTo(m.totals.costUsd!, 9);
    expect(m.costs!.byUnit).toHaveLength(16);
    for (const u of m.costs!.byUnit) expect(u).toMatchObject({ usd: PER_REQUEST, inputTokens: 1000, outputTokens: 200 });
    expect(r.stderr).toContain('16 requests, 0 cached votes, 0 unscored, $0.0384 spent');

    // The same run again is served from the cache: nothing spent.
    const again = await score(runs, [...OPENAI, '--prices', prices]);
    expect(again.code).toBe(0);
    expect(server.requests).toHaveLength(FULL_ROUND);
    const second = runFolders(runs).filter((d) => d !== firstRun);
    expect(second).toHaveLength(1);
    expect(manifestOf(second[0]!).totals).toMatchObject({ requests: 0, cacheHits: 48, costUsd: 0 });
  });

  // Regression (fixed): src/cli/scoreRound.ts passes the one Budget of the whole invocation (job.budget) to every round, and src/run/scoreRun.ts writes `costs.unpricedRequests: deps.bu
  it('with --all-rounds, each manifest counts only its own unpriced requests', async () => {
    const { server } = await setup();
    const runs = path.join(work!, 'runs');
    // A real OpenAI id (api.openai.com answers a made-up one with 404), listed by --models with `n` but
    // no price: one request per unit, none of them priced.
    const models = path.join(work!, 'models.json');
    writeFileSync(models, JSON.stringify({ models: [{ id: 'gpt-5.6-luna', provider: 'openai', reasoning: true, temperature: 'rejected', n: true, outputTokenParam: 'max_completion_tokens', outputBudget: 16384, source: 'https://developers.openai.com/api/docs/models' }] }));
    const r = await runCli(['score', WORKFLOW_ROOT, '--all-rounds', '--runs-dir', runs, '--judge', 'openai:gpt-5.6-luna', '--models', models], env());
    expect(r.code).toBe(0);
    expect(server.requests).toHaveLength(FULL_NIGHT);
    const manifests = runFolders(runs).map(manifestOf);
    expect(manifests.map((m) => m.totals.requests).sort()).toEqual([16, 16, 8].sort());
    for (const m of manifests) expect(m.costs!.unpricedRequests).toBe(m.totals.requests);
  });

  it('a malformed --prices file is an input error naming it, before any request', async () => {
    const { server, runs } = await setup();
    const bad = path.join(work!, 'bad-prices.json');
    writeFileSync(bad, JSON.stringify({ models: { 'openai:gpt-4.1-mini': { input: 'two' } } }));
    const r = await score(runs, [...OPENAI, '--prices', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(bad);
    expect(server.requests).toHaveLength(0);
  });
});

describe('--max-cost', () => {
  // Regression (fixed): src/judge/collectVotes.ts ask() checks deps.stopReason() *before* deps.limit.run(...), so every request already waiting for a concurrency slot (with ≥ 16 units 
  it('stops issuing calls within one round once the budget is reached', async () => {
    // The first answer is held back so every unit's request is queued behind it (--concurrency 1).
    const { server, runs, prices } = await setup({ firstDelayMs: 150 });
    const r = await score(runs, [...OPENAI, '--prices', prices, '--max-cost', '0.02', '--concurrency', '1']);
    expect(r.stderr).toMatch(/review-judge: --max-cost 0\.02 USD(: \d+ requests not sent| reached)/);
    // Each request's estimated cost is reserved before it is sent: what was spent stays under the limit.
    expect(server.requests.length).toBeGreaterThan(0);
    expect(server.requests.length).toBeLessThan(16);
    expect(server.requests.length * PER_REQUEST).toBeLessThanOrEqual(0.02);
    expect(r.code).toBe(1);
  });

  it('the budget reached in round 1 of a night: no further call, finished votes cached, the rest unscored, exit 1; a rerun asks only for the rest', async () => {
    const { server, prices } = await setup();
    const runs = path.join(work!, 'runs');
    const night = (extra: string[]) =>
      runCli(['score', WORKFLOW_ROOT, '--all-rounds', '--runs-dir', runs, ...OPENAI, '--prices', prices, ...extra], env());
    // Requests go out while spent + the estimates of those in flight + their own stay within $0.05.
    const first = await night(['--max-cost', '0.05']);
    const sent = server.requests.length;
    expect(sent).toBeGreaterThanOrEqual(2);
    expect(sent).toBeLessThan(FULL_NIGHT);
    expect(sent * PER_REQUEST).toBeLessThanOrEqual(0.05);
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/review-judge: --max-cost 0\.05 USD(: \d+ requests not sent| reached)/);
    // Each request answered all 3 votes of one unit, and each vote was cached.
    expect(cacheEntries(runs)).toBe(sent * 3);

    const folders = runFolders(runs);
    expect(folders).toHaveLength(3);
    const stopped = folders.map(manifestOf).flatMap((m) => m.votes.filter((v) => v.status === 'failed'));
    expect(stopped.length).toBe((FULL_NIGHT - sent) * 3);
    for (const v of stopped) expect(v.reason).toMatch(/^budget: --max-cost 0\.05 USD/);
    // The units left without votes are unscored (never ×) and listed.
    const unscoredLines = first.stderr.split('\n').filter((l) => l.startsWith('unscored: '));
    expect(unscoredLines).toHaveLength(FULL_NIGHT - sent);
    expect(folders.map(manifestOf).reduce((a, m) => a + m.totals.unscored, 0)).toBe(FULL_NIGHT - sent);
    expect(manifestOf(folders[0]!).settings.maxCostUsd).toBe(0.05);
    const spent = folders.map(manifestOf).reduce((a, m) => a + m.totals.costUsd!, 0);
    expect(spent).toBeCloseTo(sent * PER_REQUEST, 9);

    // Without the budget: only the missing units are asked, none of the finished ones again.
    const firstBodies = new Set(server.requests.map((q) => q.rawBody));
    const firstFolders = new Set(folders);
    const rerun = await night([]);
    expect(rerun.code).toBe(0);
    const more = server.requests.slice(sent);
    expect(more).toHaveLength(FULL_NIGHT - sent);
    for (const q of more) expect(firstBodies.has(q.rawBody)).toBe(false);
    const rerunFolders = runFolders(runs).filter((d) => !firstFolders.has(d)).map(manifestOf);
    expect(rerunFolders).toHaveLength(3);
    expect(rerunFolders.reduce((a, m) => a + m.totals.cacheHits, 0)).toBe(sent * 3);
    expect(rerunFolders.reduce((a, m) => a + m.totals.unscored, 0)).toBe(0);
  });

  it('--max-cost 0: no request, every unit unscored with the budget as the votes\' reason, exit 1; a rerun without it asks for all 16', async () => {
    const { server, runs, prices } = await setup();
    const r = await score(runs, [...OPENAI, '--prices', prices, '--max-cost', '0']);
    expect(server.requests).toHaveLength(0);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('review-judge: --max-cost 0 USD reached (spent 0.0000 USD); rerun to continue from the cache');
    expect(r.stderr.split('\n').filter((l) => l.startsWith('unscored: '))).toHaveLength(16);
    const [dir] = runFolders(runs);
    const m = manifestOf(dir!);
    expect(m.totals).toMatchObject({ units: 16, unscored: 16, requests: 0, costUsd: 0 });
    expect(m.votes).toHaveLength(48);
    for (const v of m.votes) expect(v).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^budget: --max-cost 0 USD reached/) });
    // Never ×: the report leaves every unit out and lists it.
    const report = JSON.parse(readFileSync(path.join(dir!, 'report.json'), 'utf8'));
    expect(report.unscored).toHaveLength(16);
    expect(report.prompts[0].runs[0]).toMatchObject({ detection: 0, total: 0, audited: false, unscored: ['P01', 'P02', 'P03'] });

    const rerun = await score(runs, [...OPENAI, '--prices', prices]);
    expect(rerun.code).toBe(0);
    expect(server.requests).toHaveLength(FULL_ROUND);
  });

  it('a negative --max-cost is an input error', async () => {
    const { server, runs } = await setup();
    const r = await score(runs, [...OPENAI, '--max-cost', '-1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--max-cost expects a non-negative number');
    expect(server.requests).toHaveLength(0);
  });
});

describe('--dry-run', () => {
  /** The data line of one judge in the dry-run table. */
  function lineOf(stdout: string, judge: string) {
    const line = stdout.split('\n').find((l) => l.startsWith(`${judge}  `));
    expect(line, stdout).toBeDefined();
    const [, units, votes, cached, requests, input, output, cost] = /^\S+ {2}(\d+) {2}(\d+) {2}(\d+) {2}(\S+) {2}~(\d+) {2}~(\d+) {2}(.+)$/.exec(line!)!;
    return { units: Number(units), votes: Number(votes), cached: Number(cached), requests, input: Number(input), output: Number(output), cost: cost! };
  }
  // Output estimate: 12 detection units × 3 votes × 400 + 4 audits × 3 votes × 1500 = 14400 + 18000 = 32400 tokens.
  const OUTPUT_ESTIMATE = 32_400;

  it('sends nothing; before a run: no cache hits, 16 requests and a priced cost; after a full run: all hits, 0 requests, $0', async () => {
    const { server, runs, prices } = await setup();
    const dry = await score(runs, [...OPENAI, '--prices', prices, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(server.requests).toHaveLength(0);
    expect(runFolders(runs)).toEqual([]);
    expect(dry.stdout).toContain('no request sent; prices of 2026-01-01, test prices');
    const before = lineOf(dry.stdout, 'openai:gpt-4.1-mini');
    // 16 units × 3 votes; OpenAI takes all 3 votes in one request (n), with or without early stopping.
    expect(before).toMatchObject({ units: 16, votes: 48, cached: 0, requests: '16', output: OUTPUT_ESTIMATE });
    // Cost = estimated input × $2 + 32400 × $8 per 1M (no cached input assumed).
    const usd = (before.input * PRICE.input + OUTPUT_ESTIMATE * PRICE.output) / 1e6;
    expect(before.cost).toBe(`≤ $${usd.toFixed(4)}`);

    expect((await score(runs, [...OPENAI, '--prices', prices])).code).toBe(0);
    expect(server.requests).toHaveLength(FULL_ROUND);
    const after = await score(runs, [...OPENAI, '--prices', prices, '--dry-run']);
    expect(after.code).toBe(0);
    expect(server.requests).toHaveLength(FULL_ROUND);
    expect(lineOf(after.stdout, 'openai:gpt-4.1-mini')).toMatchObject({ units: 16, votes: 48, cached: 48, requests: '0', input: 0, output: 0, cost: '≤ $0.0000' });
    expect(runFolders(runs)).toHaveLength(1);
  });

  it('openai-compatible --base-url: one sample per request, so 36-48 requests (early stopping at 2 of 3 votes)', async () => {
    const { server, runs } = await setup();
    const r = await runCli(['score', RELIABILITY, '--round', '1', '--runs-dir', runs, '--judge', 'openai-compatible:x', '--base-url', `${server.url}/v1`, '--dry-run'], {});
    expect(r.code).toBe(0);
    expect(server.requests).toHaveLength(0);
    // max: 16 units × 3 votes = 48; min: 12 detection units × 2 (a majority of 3) + 4 audits × 3 (no early stop) = 36.
    // Local servers are free at the built-in openai-compatible:* price.
    expect(lineOf(r.stdout, 'openai-compatible:x')).toMatchObject({ units: 16, votes: 48, cached: 0, requests: '36-48', output: OUTPUT_ESTIMATE, cost: '≤ $0.0000' });
  });

  it('a panel prints one line per judge', async () => {
    const { server, runs, prices } = await setup();
    const r = await runCli(
      ['score', RELIABILITY, '--round', '1', '--runs-dir', runs, ...OPENAI, '--judge', 'openai-compatible:m', '--base-url', `${server.url}/v1`, '--prices', prices, '--dry-run'],
      env(),
    );
    expect(r.code).toBe(0);
    expect(server.requests).toHaveLength(0);
    expect(lineOf(r.stdout, 'openai:gpt-4.1-mini')).toMatchObject({ votes: 48, requests: '16' });
    // Two judges × 3 votes = 6 per unit: a majority is 4, all of which could come from one judge.
    expect(lineOf(r.stdout, 'openai-compatible:m')).toMatchObject({ votes: 48, cached: 0 });
  });
});

describe('--max-cost reserves before sending', () => {
  it('--max-cost 12 with $5 requests and 8 in flight spends at most $12 (each request\'s estimate reserved first)', async () => {
    const { server, runs } = await setup();
    // $5000 per MTok of input and nothing for output or cache: each request (1000 input tokens) costs $5.
    const five = path.join(work!, 'five-dollar-prices.json');
    writeFileSync(five, JSON.stringify({ date: '2026-12-01', source: 'test', models: { 'openai:gpt-4.1-mini': { input: 5000, cachedInput: 5000, cacheWrite: 5000, output: 0 } } }));
    const r = await score(runs, [...OPENAI, '--prices', five, '--max-cost', '12', '--concurrency', '8']);
    expect(r.code).toBe(1);
    const m = manifestOf(runFolders(runs)[0]!);
    expect(m.totals.costUsd).toBeGreaterThan(0);
    expect(m.totals.costUsd).toBeLessThanOrEqual(12);
    expect(server.requests.length).toBe(m.totals.requests);
    // Without the reservation all 8 first requests would have gone out at once: $40.
    expect(server.requests.length).toBeLessThanOrEqual(2);
  });
});

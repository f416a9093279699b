/**
 * The shared work queue through the CLI, against the fake OpenAI server with a fixed latency:
 * `score <root> --all-rounds` puts every round's requests into one queue (a later round's requests
 * go out while an earlier round is still being answered), and cache-aware dispatch sends one
 * request per review first and the rest of that review's requests after its answer, each with the
 * review's `prompt_cache_key`.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../fakes/fakeOpenAI.ts';
import type { FakeServer } from '../fakes/fakeServer.ts';
import { WORKFLOW_ROOT, workflowJudge } from '../fixtures/workflow-root/workflowJudge.ts';
import { viewPrompt } from './fakeJudge.ts';
import { cleanupAfterEach } from './cleanup.ts';
import { runCli } from './runCli.ts';

const PROJECT = path.resolve(import.meta.dirname, '../..');
const LATENCY_MS = 40;

let server: FakeServer | undefined;
let work: string | undefined;

const cleanup = cleanupAfterEach();

/** Review text → `series round` for every review of the fixture root, to tell which round a request is for. */
function roundsByReview(): Map<string, string> {
  const out = new Map<string, string>();
  for (const series of readdirSync(WORKFLOW_ROOT).filter((d) => d.endsWith('-design'))) {
    for (const f of readdirSync(path.join(WORKFLOW_ROOT, series, 'results'))) {
      const m = /^v(\d{3})-.+-run\d+\.md$/.exec(f);
      if (m) out.set(readFileSync(path.join(WORKFLOW_ROOT, series, 'results', f), 'utf8').replace(/\r\n/g, '\n').replace(/\n+$/, ''), `${series} ${Number(m[1])}`);
    }
  }
  return out;
}

interface Seen {
  round: string;
  review: string;
  arrived: number;
  answered: number;
  cacheKey: unknown;
}

/** The fixture's judge behind a fixed latency, recording when each request arrived and was answered. */
async function timedServer(seen: Seen[]) {
  const rounds = roundsByReview();
  const judge = workflowJudge();
  server = cleanup.server(await startFakeOpenAI(async (body, i) => {
    const view = viewPrompt(body);
    const entry: Seen = { round: rounds.get(view.review) ?? '?', review: view.review, arrived: performance.now(), answered: Infinity, cacheKey: body.prompt_cache_key };
    seen.push(entry);
    await sleep(LATENCY_MS);
    entry.answered = performance.now();
    return judge(body, i);
  }));
  work = cleanup.dir('rj-queue-');
}

function nightly(judge: string, extra: string[] = []) {
  const env = { OPENAI_API_KEY: 'sk-test-queue-0123', OPENAI_BASE_URL: `${server!.url}/v1`, JUDGE_BASE_URL: `${server!.url}/v1` };
  return runCli(['score', 'test/fixtures/workflow-root', '--all-rounds', '--runs-dir', path.join(work!, 'runs'), '--judge', judge, '--concurrency', '4', ...extra], env, { cwd: PROJECT });
}

describe('one shared queue for --all-rounds', () => {
  it("a later round's first request goes out before the first round's last answer arrives", async () => {
    const seen: Seen[] = [];
    await timedServer(seen);
    const r = await nightly('openai:gpt-4.1-mini');
    expect(r.stderr).toContain('3 rounds scored: 3 ok');
    expect(r.code).toBe(0);
    const of = (round: string) => seen.filter((s) => s.round === round);
    expect(of('?')).toHaveLength(0);
    const firstRoundLastAnswer = Math.max(...of('reliability-design 1').map((s) => s.answered));
    for (const later of ['reliability-design 2', 'security-design 1']) {
      expect(of(later).length).toBeGreaterThan(0);
      expect(Math.min(...of(later).map((s) => s.arrived))).toBeLessThan(firstRoundLastAnswer);
    }
  });

  it('round 2 still reads round 1 of the same night for its convergence history', async () => {
    await timedServer([]);
    expect((await nightly('openai:gpt-4.1-mini')).code).toBe(0);
    const runs = path.join(work!, 'runs');
    const read = (d: string, f: string) => JSON.parse(readFileSync(path.join(runs, d, f), 'utf8'));
    const dirs = readdirSync(runs).filter((d) => d !== 'cache' && !d.startsWith('nightly.'));
    const second = dirs.filter((d) => read(d, 'manifest.json').round === 2);
    expect(second).toHaveLength(1);
    expect(read(second[0]!, 'report.json').convergence.history).toEqual([{ round: 1, improvement: 1.5 }, { round: 2, improvement: 0 }]);
  });
});

describe('cache-aware dispatch', () => {
  it.each([
    ['openai:gpt-4.1-mini', true],
    ['openai-compatible:local-judge', false],
  ] as const)('%s: one request per review goes before its first answer; prompt_cache_key sent: %s', async (judge, keyed) => {
    const seen: Seen[] = [];
    await timedServer(seen);
    const r = await nightly(judge, judge.startsWith('openai-compatible') ? ['--base-url', `${server!.url}/v1`] : []);
    expect(r.code).toBe(0);
    const byReview = new Map<string, Seen[]>();
    for (const s of seen) byReview.set(s.review, [...(byReview.get(s.review) ?? []), s]);
    expect(byReview.size).toBe(10);
    for (const requests of byReview.values()) {
      expect(requests.length).toBeGreaterThan(1);
      const firstAnswer = Math.min(...requests.map((s) => s.answered));
      expect(requests.filter((s) => s.arrived < firstAnswer)).toHaveLength(1);
      const keys = new Set(requests.map((s) => s.cacheKey));
      expect(keys.size).toBe(1);
      const [key] = keys;
      if (keyed) expect(key).toMatch(/^rj-[0-9a-f]{24}$/);
      else expect(key).toBeUndefined();
    }
    if (keyed) expect(new Set(seen.map((s) => s.cacheKey)).size).toBe(10);
  });
});

describe('replay of several runs', () => {
  it("replays a night's runs in one command: identical → 0, one changed → 1, one unreadable → 2", async () => {
    await timedServer([]);
    expect((await nightly('openai:gpt-4.1-mini')).code).toBe(0);
    const runs = path.join(work!, 'runs');
    const dirs = readdirSync(runs).filter((d) => d !== 'cache' && !d.startsWith('nightly.')).map((d) => path.join(runs, d));
    expect(dirs).toHaveLength(3);
    const all = await runCli(['replay', ...dirs, '--json'], {}, { cwd: PROJECT });
    expect(all.stderr).toContain('replay: 3 runs, 3 identical, 0 differ, 0 unreadable');
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout)).toHaveLength(3);
    const verdicts = path.join(dirs[1]!, 'verdicts.json');
    writeFileSync(verdicts, readFileSync(verdicts, 'utf8').replace('"runId"', '"runId" ').replace(/\n$/, ' \n'));
    const changed = await runCli(['replay', ...dirs], {}, { cwd: PROJECT });
    expect(changed.stderr).toContain(`${dirs[1]}: verdicts.json DIFFERS`);
    expect(changed.code).toBe(1);
    const missing = await runCli(['replay', dirs[0]!, path.join(runs, 'no-such-run')], {}, { cwd: PROJECT });
    expect(missing.stderr).toContain('replay: 2 runs, 1 identical, 0 differ, 1 unreadable');
    expect(missing.code).toBe(2);
  });
});

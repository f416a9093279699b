/**
 * `review-judge compare` on run folders written by `score` against the fake OpenAI server with the
 * workflow-root fixture's scripted judge (totals in test/fixtures/workflow-root/workflowJudge.ts):
 * one run → the round's report (markdown or report.json); two runs of one key → the changed units
 * and the mean differences; two runs of different keys → exit 2.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../fakes/fakeOpenAI.ts';
import type { FakeServer } from '../fakes/fakeServer.ts';
import type { RunComparison } from '../../src/report/compareRuns.ts';
import { RELIABILITY, workflowJudge } from '../fixtures/workflow-root/workflowJudge.ts';
import { runCli } from './runCli.ts';

let server: FakeServer;
let work: string;
let runs: string;
/** When true, the judge turns baseline run 1's P03 from △ into ×. */
let flipped = false;
/** Run folders: round 1 with the plan, round 1 with the flip (--fresh), round 2. */
let runA: string;
let runB: string;
let round2: string;

const env = () => ({ OPENAI_API_KEY: 'sk-test-compare-012345', OPENAI_BASE_URL: `${server.url}/v1` });
const score = (round: number, ...extra: string[]) =>
  runCli(['score', RELIABILITY, '--round', String(round), '--judge', 'openai:gpt-4.1-mini', '--runs-dir', runs, ...extra], env());
const seen = new Set<string>();
/** The run folder the last `score` wrote (the one not seen before). */
function newest(): string {
  const fresh = readdirSync(runs).filter((d) => d !== 'cache' && !seen.has(d));
  expect(fresh).toHaveLength(1);
  seen.add(fresh[0]!);
  return path.join(runs, fresh[0]!);
}

beforeAll(async () => {
  server = await startFakeOpenAI(workflowJudge((view) => (flipped && view.reviewTitle === 'R1 baseline run 1' && view.problemId === 'P03' ? '×' : undefined)));
  work = mkdtempSync(path.join(tmpdir(), 'rj-compare-'));
  runs = path.join(work, 'runs');
  expect((await score(1)).code).toBe(0);
  runA = newest();
  flipped = true;
  // --fresh: new samples under a new salt, so the changed judge is really asked again.
  const b = await score(1, '--fresh');
  expect(b.code).toBe(0);
  runB = newest();
  flipped = false;
  expect((await score(2)).code).toBe(0);
  round2 = newest();
});

afterAll(async () => {
  await server.close();
  rmSync(work, { recursive: true, force: true });
});

describe('compare <run-dir>', () => {
  it('prints the markdown report with the recommendation', async () => {
    const r = await runCli(['compare', runA], {});
    expect(r.code).toBe(0);
    // variant-a 4.25 vs baseline 2.75: d = +1.5 > 1.0 → higher mean.
    expect(r.stdout).toContain('**Recommendation: variant-a**');
    expect(r.stdout).toContain('rule: higher-mean, d = +1.5');
    expect(r.stdout).toBe(readFileSync(path.join(runA, 'report.md'), 'utf8'));
  });

  it('--json prints report.json', async () => {
    const r = await runCli(['compare', runA, '--json'], {});
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toEqual(JSON.parse(readFileSync(path.join(runA, 'report.json'), 'utf8')));
    expect(report.recommendation.prompt).toBe('variant-a');
  });

  it('--baseline variant-a rebuilds the report from the verdicts with the other baseline', async () => {
    const r = await runCli(['compare', runA, '--baseline', 'variant-a', '--json'], {});
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    // d = 2.75 − 4.25 = −1.5 < 0.5 → the baseline (now variant-a) is kept.
    expect(report.prompts[0]).toMatchObject({ prompt: 'variant-a', baseline: true, mean: 4.25 });
    expect(report.recommendation).toMatchObject({ prompt: 'variant-a', rule: 'baseline', difference: -1.5 });
  });
});

describe('compare <runA> <runB>', () => {
  it('lists the changed verdict and the mean difference', async () => {
    const r = await runCli(['compare', runA, runB], {});
    expect(r.code).toBe(0);
    // baseline run 1 P03 △ → ×: run 1 total 2.5 → 2.0, baseline mean 2.75 → 2.5 (B − A = −0.25); variant-a unchanged.
    expect(r.stdout).toContain('| baseline | 2.75 | 2.5 | -0.25 |');
    expect(r.stdout).toContain('| variant-a | 4.25 | 4.25 | 0 |');
    expect(r.stdout).toContain('| baseline r1 | P03 | △ | × |');
    // 12 detection units matched, 11 the same.
    expect(r.stdout).toContain('Units matched: 12; same verdict: 91.7%; changed: 1.');
  });

  it('--json gives the comparison', async () => {
    const r = await runCli(['compare', runA, runB, '--json'], {});
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout) as RunComparison;
    expect(c.a).toBe(path.basename(runA));
    expect(c.b).toBe(path.basename(runB));
    expect(c.changes).toEqual([{ prompt: 'baseline', run: 1, unit: 'P03', a: '△', b: '×' }]);
    expect(c.prompts).toEqual([
      { prompt: 'baseline', meanA: 2.75, meanB: 2.5, difference: -0.25 },
      { prompt: 'variant-a', meanA: 4.25, meanB: 4.25, difference: 0 },
    ]);
    expect(c.matchedUnits).toBe(12);
  });

  it('a run against itself: nothing changed', async () => {
    const r = await runCli(['compare', runA, runA], {});
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('changed: 0.');
  });

  it('runs of different answer keys: exit 2 naming both keys', async () => {
    const r = await runCli(['compare', runA, round2], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('different answer keys');
    expect(r.stderr).toContain('answer-key-round-001.md');
    expect(r.stderr).toContain('answer-key-round-002.md');
    expect(r.stdout).toBe('');
  });

  it('three run folders or a folder that is not a run: exit 2', async () => {
    expect((await runCli(['compare', runA, runB, round2], {})).code).toBe(2);
    const r = await runCli(['compare', work], {});
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

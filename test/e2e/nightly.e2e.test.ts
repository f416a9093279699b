/**
 * The nightly mode through the CLI against the fake OpenAI server: `score <workflow-root> --all-rounds`
 * over test/fixtures/workflow-root (reliability-design rounds 1 and 2, security-design round 1) with
 * the fixture's scripted judge (totals in test/fixtures/workflow-root/workflowJudge.ts), its exit codes
 * 0/1/2/3, the thresholds --fail-under and --compare-to/--max-drop, a broken answer key in one series,
 * and --workflow-files on a temp copy of a round folder.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../fakes/fakeOpenAI.ts';
import type { FakeServer, Script } from '../fakes/fakeServer.ts';
import type { Manifest } from '../../src/types/Manifest.ts';
import type { Report } from '../../src/types/Report.ts';
import { workflowJudge } from '../fixtures/workflow-root/workflowJudge.ts';
import { runCli, type CliResult } from './runCli.ts';

const PROJECT = path.resolve(import.meta.dirname, '../..');
/** As a user in the project folder would type it. */
const ROOT_ARG = 'test/fixtures/workflow-root';

let server: FakeServer | undefined;
let work: string | undefined;

afterEach(async () => {
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
  server = undefined;
  work = undefined;
});

async function setup(script: Script = workflowJudge()) {
  server = await startFakeOpenAI(script);
  work = mkdtempSync(path.join(tmpdir(), 'rj-nightly-'));
  return server;
}

const env = () => ({ OPENAI_API_KEY: 'sk-test-nightly-012345', OPENAI_BASE_URL: `${server!.url}/v1` });

/** `score <root> --all-rounds --runs-dir <runs> --judge openai:gpt-4.1-mini`, run from the project folder. */
function nightly(runs: string, extra: string[] = [], root = ROOT_ARG): Promise<CliResult> {
  return runCli(['score', root, '--all-rounds', '--runs-dir', runs, '--judge', 'openai:gpt-4.1-mini', ...extra], env(), { cwd: PROJECT });
}

/** Run folders with their manifest and report, in creation order. */
function runsIn(runs: string): Array<{ dir: string; manifest: Manifest; report: Report }> {
  return readdirSync(runs, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'cache')
    .map((d) => d.name)
    .sort()
    .map((d) => path.join(runs, d))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')), report: JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) }));
}

const where = (m: Manifest) => `${path.basename(path.dirname(m.inputs.key.path))} ${m.round}`;

describe('score <workflow-root> --all-rounds', () => {
  it('writes one run folder per round (3), carries round 1 into round 2, exit 0', async () => {
    const fake = await setup();
    const runs = path.join(work!, 'runs');
    const r = await nightly(runs);
    expect(r.stderr).toContain('3 rounds scored: 3 ok, 0 with unscored units, 0 below a threshold, 0 input errors');
    expect(r.code).toBe(0);
    const done = runsIn(runs);
    expect(done.map((x) => where(x.manifest))).toEqual(['reliability-design 1', 'reliability-design 2', 'security-design 1']);
    // One request per unit with n: (4 reviews × 3 problems + 4 audits) × 2 rounds + (2 × 3 + 2) = 40.
    expect(fake.requests).toHaveLength(40);
    expect(done.map((x) => x.report.recommendation.prompt)).toEqual(['variant-a', 'baseline', 'baseline']);
    // Round 2 finds round 1 (scored moments earlier in the same runs dir): 1.5 then 0 → continue.
    expect(done[1]!.report.convergence).toMatchObject({ status: 'continue', history: [{ round: 1, improvement: 1.5 }, { round: 2, improvement: 0 }] });
    // security-design is its own series: no history from reliability-design.
    expect(done[2]!.report.convergence).toMatchObject({ status: 'unknown', history: [{ round: 1, improvement: 0 }] });
    // One recommendation line per round, prefixed with its title.
    expect(r.stdout.match(/recommended: /g)).toHaveLength(3);
    // Lines and folders name series and round: keys of a series often share one title.
    expect(r.stdout).toContain('reliability-design round 1: Answer Key - Round 001: recommended: variant-a');
    expect(readdirSync(runs).filter((d) => d !== 'cache' && !d.startsWith('nightly.')).map((d) => d.replace(/-\d{8}T\d{6}Z-[0-9a-f]{6}$/, '')).sort()).toEqual(['reliability-design-r001', 'reliability-design-r002', 'security-design-r001']);
  });

  it('one unit unscored (a refusal) → that round exits 1 and so does the night', async () => {
    await setup(workflowJudge((view) => (view.reviewTitle === 'S1 variant-c run 1' && view.problemId === 'P02' ? { type: 'refusal' } : undefined)));
    const runs = path.join(work!, 'runs');
    const r = await nightly(runs);
    expect(r.stderr).toContain('unscored: variant-c run1 P02');
    expect(r.stderr).toContain('3 rounds scored: 2 ok, 1 with unscored units');
    expect(r.code).toBe(1);
    expect(runsIn(runs)).toHaveLength(3);
  });

  it('--fail-under 99 → exit 3, stderr names each prompt under it', async () => {
    await setup();
    const r = await nightly(path.join(work!, 'runs'), ['--fail-under', '99']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('threshold: reliability-design round 1: Answer Key - Round 001 baseline: mean 2.75 is under --fail-under 99');
    expect(r.stderr).toContain('threshold: reliability-design round 1: Answer Key - Round 001 variant-a: mean 4.25 is under --fail-under 99');
    expect(r.stderr).toContain('variant-b: mean 2.5 is under --fail-under 99');
    expect(r.stderr).toContain('3 below a threshold');
  });

  it('--fail-under 2 holds (lowest mean is 2.25) → exit 0', async () => {
    await setup();
    const r = await nightly(path.join(work!, 'runs'), ['--fail-under', '2']);
    expect(r.stderr).not.toContain('threshold:');
    expect(r.code).toBe(0);
  });

  it('--compare-to <earlier runs dir> --max-drop 0.1 after a judge change that lowers a score → exit 3', async () => {
    let changed = false;
    await setup(workflowJudge((view) => (changed && view.reviewTitle === 'R1 variant-a run 1' && view.problemId === 'P01' ? '×' : undefined)));
    const before = path.join(work!, 'runs-before');
    expect((await nightly(before)).code).toBe(0);
    changed = true;
    // A new runs dir (and so a new cache): the changed judge is asked again.
    const after = path.join(work!, 'runs-after');
    const r = await nightly(after, ['--compare-to', before, '--max-drop', '0.1']);
    // variant-a run 1: ○○○ → ×○○, 4.5 → 3.5; mean 4.25 → (3.5 + 4)/2 = 3.75, a drop of 0.5 > 0.1.
    expect(r.stderr).toMatch(/threshold: reliability-design round 1: Answer Key - Round 001 variant-a: mean dropped 4\.25 → 3\.75 \(−0\.5 > --max-drop 0\.1\) against run \S+/);
    // Round 2 and security-design have the same means as before: only one round breaks the threshold.
    expect(r.stderr.match(/^threshold: /gm)).toHaveLength(1);
    expect(r.stderr).toContain('3 rounds scored: 2 ok, 0 with unscored units, 1 below a threshold');
    expect(r.code).toBe(3);
    // The drop is matched against round 1 of reliability-design, not security-design round 1 (same round number, other key).
    const roundOneBefore = runsIn(before)[0]!;
    expect(r.stderr).toContain(`against run ${roundOneBefore.manifest.runId}`);
  });

  it('--compare-to the same judge → no drop, exit 0', async () => {
    await setup();
    const before = path.join(work!, 'runs-before');
    expect((await nightly(before)).code).toBe(0);
    const r = await nightly(path.join(work!, 'runs-after'), ['--compare-to', before, '--max-drop', '0.1']);
    expect(r.stderr).not.toContain('threshold:');
    expect(r.code).toBe(0);
  });

  it('a broken answer key in one series: that round reported with file:line, the others scored, exit 2', async () => {
    await setup();
    const root = path.join(work!, 'workflow-root');
    cpSync(path.join(PROJECT, ROOT_ARG), root, { recursive: true });
    const keyFile = path.join(root, 'security-design', 'answer-key-round-001.md');
    // P02 loses its × criterion: a problem without all three criteria is an input error.
    const broken = readFileSync(keyFile, 'utf8').replace('  - × (Undetected): No mention\n\n### P03', '\n### P03');
    expect(broken).not.toBe(readFileSync(keyFile, 'utf8'));
    writeFileSync(keyFile, broken);
    const runs = path.join(work!, 'runs');
    const r = await nightly(runs, [], root);
    expect(r.code).toBe(2);
    // Line 19 is P02's heading in the fixture key.
    expect(r.stderr).toMatch(/review-judge: security-design round 1: \S*security-design\/answer-key-round-001\.md:19: P02 has no × \(undetected\) criterion/);
    expect(r.stderr).toContain('3 rounds scored: 2 ok, 0 with unscored units, 0 below a threshold, 1 input errors');
    expect(runsIn(runs).map((x) => where(x.manifest))).toEqual(['reliability-design 1', 'reliability-design 2']);
  });

  it('--max-drop without --compare-to → exit 2 before any request', async () => {
    const fake = await setup();
    const runs = path.join(work!, 'runs');
    const r = await nightly(runs, ['--max-drop', '0.1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--max-drop needs --compare-to');
    expect(fake.requests).toHaveLength(0);
    expect(existsSync(runs)).toBe(false);
  });

  it('--all-rounds with --round, or on a folder without rounds → exit 2', async () => {
    await setup();
    expect((await nightly(path.join(work!, 'runs'), ['--round', '1'])).code).toBe(2);
    const r = await nightly(path.join(work!, 'runs'), [], work!);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no <perspective>-<target>/ folder');
  });
});

describe('--workflow-files', () => {
  it('writes results/v001-<prompt>-scoring.md and reports/round-001-comparison.md into a copy of the round folder', async () => {
    await setup();
    const round = path.join(work!, 'reliability-design');
    cpSync(path.join(PROJECT, ROOT_ARG, 'reliability-design'), round, { recursive: true });
    const runs = path.join(work!, 'runs');
    const r = await runCli(['score', round, '--round', '1', '--runs-dir', runs, '--judge', 'openai:gpt-4.1-mini', '--workflow-files'], env());
    expect(r.code).toBe(0);
    const scoring = path.join(round, 'results', 'v001-baseline-scoring.md');
    const comparison = path.join(round, 'reports', 'round-001-comparison.md');
    for (const f of [scoring, path.join(round, 'results', 'v001-variant-a-scoring.md'), comparison]) {
      expect(existsSync(f)).toBe(true);
      expect(r.stderr).toContain(`wrote ${f}`);
    }
    // The baseline's per-run totals (2.5 and 3) and mean 2.75 appear in its scoring file.
    const text = readFileSync(scoring, 'utf8');
    expect(text).toContain('2.75');
    for (const id of ['P01', 'P02', 'P03']) expect(text).toContain(id);
    expect(readFileSync(comparison, 'utf8')).toContain('variant-a');
    // The scoring files are not mistaken for reviews by the next run.
    const plan = await runCli(['plan', round, '--round', '1', '--json'], {});
    expect(JSON.parse(plan.stdout).reviews).toHaveLength(4);
  });

  it('with --key instead of a round folder → exit 2', async () => {
    await setup();
    const key = path.join(PROJECT, ROOT_ARG, 'reliability-design', 'answer-key-round-001.md');
    const review = path.join(PROJECT, ROOT_ARG, 'reliability-design', 'results', 'v001-baseline-run1.md');
    const r = await runCli(['score', '--key', key, '--reviews', review, '--runs-dir', path.join(work!, 'runs'), '--judge', 'openai:gpt-4.1-mini', '--workflow-files'], env());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--workflow-files needs a round folder');
  });
});

/**
 * Where batch mode shows up: `--dry-run --batch` prints both prices; a batch run's report.json,
 * report.md, report.html and terminal mark the batch-billed votes; `--all-rounds --batch` writes
 * pending rounds into nightly.json (exit 75) and, once collected, the batch figures per round;
 * `calibrate --batch` waits for its rounds' batches (exit 75) instead of reporting part of a sample.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/types/Report.ts';
import type { NightlySummary } from '../../src/types/Nightly.ts';
import { judgeScript, WORD } from '../e2e/fakeJudge.ts';
import { runCli } from '../e2e/runCli.ts';
import { buildHistoryRoot, historicalVerdict } from '../fixtures/history-root/historyRoot.ts';
import { WORKFLOW_ROOT } from '../fixtures/workflow-root/workflowJudge.ts';
import { batchFake, readJson, runFolders, score, workDir } from './batchKit.ts';
import { rmSync } from 'node:fs';

const WAIT = ['--batch', '--wait', '--poll-seconds', '0'];

describe('batch mode in dry runs, reports and the terminal', () => {
  it('--dry-run --batch: both prices, the batch one half the interactive one', async () => {
    const work = workDir();
    const { fake, env, judge } = await batchFake('openai');
    const r = await score(path.join(work, 'runs'), env, judge, ['--dry-run', '--batch']);
    expect(r.code).toBe(0);
    const row = r.stdout.split('\n').find((l) => l.startsWith(judge))!;
    const [interactive, batch] = [...row.matchAll(/≤ \$([\d.]+)/g)].map((m) => Number(m[1]));
    expect(batch).toBeGreaterThan(0);
    expect(batch! / interactive!).toBeCloseTo(0.5, 2);
    expect(r.stdout).toContain('(interactive | batch)');
    expect(fake.requests).toHaveLength(0);
  });

  it('report.json, report.md, report.html and the terminal say which votes were batch-billed', async () => {
    const work = workDir();
    const { env, judge } = await batchFake('openai');
    const r = await score(path.join(work, 'runs'), env, judge, WAIT);
    expect(r.code).toBe(0);
    const dir = runFolders(path.join(work, 'runs'))[0]!;
    const report = readJson<Report>(path.join(dir, 'report.json'));
    expect(report.cost?.batch).toMatchObject({ requests: 16, votes: 48 });
    expect(report.cost!.batch!.usd).toBeCloseTo(report.cost!.usd, 6);
    expect(report.cost!.requests).toBe(0);
    expect(readFileSync(path.join(dir, 'report.md'), 'utf8')).toContain('Batch-billed: 48 votes from 16 provider batch entries');
    expect(readFileSync(path.join(dir, 'report.html'), 'utf8')).toContain('id="batch"');
    expect(r.stderr).toContain('batch: 48 votes from 16 provider batch entries at the batch price');
    // The progress lines of --wait: entry counts per state as the batch moves.
    expect(r.stderr).toMatch(/1 batch: 0 processing, 16 succeeded, 0 failed; .* estimated at the batch price/);
  });
});

describe('--all-rounds --batch', () => {
  it('pending rounds go into nightly.json with their batches (exit 75); the same command with --wait finishes them', async () => {
    const work = workDir();
    const runs = path.join(work, 'runs');
    const { env, judge, opts } = await batchFake('openai', { pollsToFinish: 1e9 });
    const night = (extra: string[]) => runCli(['score', WORKFLOW_ROOT, '--all-rounds', '--runs-dir', runs, '--judge', judge, '--json', ...extra], env);
    const first = await night(['--batch']);
    expect(first.code).toBe(75);
    const pending = JSON.parse(first.stdout) as NightlySummary;
    expect(pending.exitCode).toBe(75);
    expect(pending.rounds.map((x) => x.status)).toEqual(['pending', 'pending', 'pending']);
    expect(pending.rounds.every((x) => x.pendingBatches!.batches === 1 && x.pendingBatches!.processing > 0)).toBe(true);
    expect(pending.exitReason).toContain('collect');

    opts.pollsToFinish = 0;
    const done = await night(WAIT);
    const summary = JSON.parse(done.stdout) as NightlySummary;
    expect(summary.rounds.map((x) => x.status).every((s) => s !== 'pending')).toBe(true);
    expect(summary.rounds.every((x) => x.batch && x.batch.requests > 0 && x.requests === 0)).toBe(true);
    // The rounds finished in the folders that held their batches: one folder per round.
    expect(runFolders(runs)).toHaveLength(3);
    const md = readFileSync(path.join(runs, readdirSync(runs).find((f) => f.startsWith('nightly') && f.endsWith('.md'))!), 'utf8');
    expect(md).toContain('batch-billed:');
  });
});

describe('calibrate --batch', () => {
  it('waits for its rounds\' batches (exit 75), then reports the agreement from them', async () => {
    const root = buildHistoryRoot('rj-batch-calibrate-');
    try {
      const work = workDir();
      const script = judgeScript((view) => WORD[historicalVerdict(view.reviewTitle, view.problemId)!]!);
      const { fake, env, judge, opts } = await batchFake('openai', { pollsToFinish: 1e9 }, script);
      const calibrate = (extra: string[]) => runCli(['calibrate', '.', '--sample', '3', '--seed', '1', '--judge', judge, '--runs-dir', path.join(work, 'runs'), ...extra], env, { cwd: root });
      const first = await calibrate(['--batch']);
      expect(first.code).toBe(75);
      expect(first.stderr).toContain('calibration waits for provider batches');
      opts.pollsToFinish = 0;
      const done = await calibrate(WAIT);
      expect(done.code, done.stderr).toBe(0);
      expect(done.stdout).toMatch(/κ 1\.000|kappa 1\.000|1\.000/);
      expect(fake.requests.filter((q) => q.path === '/v1/chat/completions')).toHaveLength(0);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

/**
 * Reports through the CLI against the fake OpenAI server: the workflow-root fixture scored with a
 * scripted judge whose totals are computed by hand (see test/fixtures/workflow-root/workflowJudge.ts
 * for the full table), then report.json / report.md / report.html, convergence across rounds from
 * the runs folder and from --history, the bonus cap and unscored units.
 *
 * Golden file: test/fixtures/workflow-root-golden/round-001-report.md holds report.md of round 1
 * with the run id replaced by <run-id>. After an intended change of the markdown report, rewrite it
 * with `UPDATE_GOLDEN=1 npx vitest run test/e2e/reports.e2e.test.ts` and read the diff before committing.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../fakes/fakeOpenAI.ts';
import type { FakeServer, Script } from '../fakes/fakeServer.ts';
import type { Report } from '../../src/types/Report.ts';
import { RELIABILITY, workflowJudge } from '../fixtures/workflow-root/workflowJudge.ts';
import { runCli, type CliResult } from './runCli.ts';

const GOLDEN = path.resolve(import.meta.dirname, '../fixtures/workflow-root-golden/round-001-report.md');
const JUDGE = 'openai:gpt-4.1-mini';

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
  work = mkdtempSync(path.join(tmpdir(), 'rj-reports-'));
  return { server, runs: path.join(work, 'runs') };
}

const env = () => ({ OPENAI_API_KEY: 'sk-test-reports-012345', OPENAI_BASE_URL: `${server!.url}/v1` });

/** `score <reliability-design> --round N` (OpenAI with n: one request per unit). */
function scoreRound(round: number, runs: string, extra: string[] = []): Promise<CliResult> {
  return runCli(['score', RELIABILITY, '--round', String(round), '--judge', JUDGE, '--runs-dir', runs, ...extra], env());
}

/** Run folders of a runs dir. */
function runFolders(runs: string): string[] {
  return readdirSync(runs).filter((d) => d !== 'cache').sort().map((d) => path.join(runs, d));
}

/** The run folder of round N (each test scores a round at most once per runs dir). */
function folderOfRound(runs: string, round: number): string {
  const found = runFolders(runs).filter((d) => reportOf(d).round === round);
  expect(found).toHaveLength(1);
  return found[0]!;
}

function reportOf(runDir: string): Report {
  return JSON.parse(readFileSync(path.join(runDir, 'report.json'), 'utf8')) as Report;
}

const totals = (r: Report, prompt: string) =>
  r.prompts.find((p) => p.prompt === prompt)!.runs.map((s) => ({ run: s.run, detection: s.detection, bonus: s.bonus, penalty: s.penalty, total: s.total }));

describe('round 1 of the fixture', () => {
  it('report.json holds the hand-computed totals, statistics and recommendation; report.md and report.html show them', async () => {
    const { runs } = await setup();
    const r = await scoreRound(1, runs);
    expect(r.stderr).not.toContain('unscored:');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('recommended: variant-a');
    // the terminal sets the A/B verdict beside the rule's choice, as the pages do
    expect(r.stdout).toContain("A/B test: variant-a has the higher mean by the workflow's rule, but the difference (+1.5) is not distinguishable from run-to-run and vote noise with 2 runs per prompt");
    const [dir] = runFolders(runs);
    const report = reportOf(dir!);

    // baseline: run1 ○○△ = 2.5, no audit item → 2.5; run2 ○△○ = 2.5 + B01 + B02 (1.0) − 1 penalty (0.5) → 3.0.
    expect(totals(report, 'baseline')).toEqual([
      { run: 1, detection: 2.5, bonus: 0, penalty: 0, total: 2.5 },
      { run: 2, detection: 2.5, bonus: 1, penalty: 0.5, total: 3 },
    ]);
    // variant-a: run1 ○○○ = 3 + B01, B02, one unlisted (1.5) → 4.5; run2 ○○○ = 3 + B01, unlisted (1.0) → 4.0.
    expect(totals(report, 'variant-a')).toEqual([
      { run: 1, detection: 3, bonus: 1.5, penalty: 0, total: 4.5 },
      { run: 2, detection: 3, bonus: 1, penalty: 0, total: 4 },
    ]);
    // Means (2.5+3)/2 = 2.75 and (4.5+4)/2 = 4.25; population SD |r1−r2|/2 = 0.25 each → high stability (≤ 0.5).
    const stats = report.prompts.map((p) => ({ prompt: p.prompt, baseline: p.baseline, mean: p.mean, sd: p.sd, stability: p.stability }));
    expect(stats).toEqual([
      { prompt: 'baseline', baseline: true, mean: 2.75, sd: 0.25, stability: 'high' },
      { prompt: 'variant-a', baseline: false, mean: 4.25, sd: 0.25, stability: 'high' },
    ]);
    const run2 = report.prompts[0]!.runs[1]!;
    expect([run2.bonusCount, run2.bonusFound, run2.penaltyCount, run2.audited]).toEqual([2, 2, 1, true]);
    expect(run2.bonuses.map((b) => b.id)).toEqual(['B01', 'B02']);
    expect(report.prompts[1]!.runs[0]!.bonuses.map((b) => b.id)).toEqual(['B01', 'B02', null]);
    // d = 4.25 − 2.75 = 1.5 > clear 1.0 → the higher mean wins.
    expect(report.recommendation).toMatchObject({ prompt: 'variant-a', rule: 'higher-mean', difference: 1.5 });
    expect(report.comparisons).toEqual([expect.objectContaining({ baseline: 'baseline', variant: 'variant-a', difference: 1.5 })]);
    // One round of history: too few to judge convergence; this round's improvement is 1.5.
    expect(report.convergence).toMatchObject({ status: 'unknown', history: [{ round: 1, improvement: 1.5 }] });
    expect(report.unscored).toEqual([]);
    expect(report.problems.map((p) => p.id)).toEqual(['P01', 'P02', 'P03']);
    expect(report.problems.find((p) => p.id === 'P02')!.flips).toEqual(['baseline: ○→△']);

    const md = readFileSync(path.join(dir!, 'report.md'), 'utf8');
    const html = readFileSync(path.join(dir!, 'report.html'), 'utf8');
    expect(md).toContain('**Recommendation: variant-a**');
    expect(html).toContain('variant-a');
    for (const id of ['P01', 'P02', 'P03']) {
      expect(md).toContain(id);
      expect(html).toContain(id);
    }
  });

  it('report.md equals the golden file (run id normalised)', async () => {
    const { runs } = await setup();
    expect((await scoreRound(1, runs)).code).toBe(0);
    const [dir] = runFolders(runs);
    const runId = path.basename(dir!);
    const md = readFileSync(path.join(dir!, 'report.md'), 'utf8').split(runId).join('<run-id>');
    expect(md).not.toContain(work!);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, md);
    if (!existsSync(GOLDEN)) throw new Error(`golden file ${GOLDEN} is missing: run with UPDATE_GOLDEN=1 to write it`);
    expect(md).toBe(readFileSync(GOLDEN, 'utf8'));
  });
});

describe('convergence', () => {
  it("round 2 in the same runs dir takes round 1's improvement from the runs folder: 1.5 then 0 → continue", async () => {
    const { runs } = await setup();
    expect((await scoreRound(1, runs)).code).toBe(0);
    const r = await scoreRound(2, runs);
    expect(r.code).toBe(0);
    const report = reportOf(folderOfRound(runs, 2));
    expect(report.round).toBe(2);
    // baseline 2.0, 2.5 → 2.25 (SD 0.25); variant-b 2.5, 2.5 → 2.5 (SD 0); d = 0.25 < 0.5 → baseline kept, improvement 0.
    expect(totals(report, 'baseline').map((t) => t.total)).toEqual([2, 2.5]);
    expect(totals(report, 'variant-b').map((t) => t.total)).toEqual([2.5, 2.5]);
    expect(report.prompts.map((p) => [p.prompt, p.mean, p.sd])).toEqual([['baseline', 2.25, 0.25], ['variant-b', 2.5, 0]]);
    expect(report.recommendation).toMatchObject({ prompt: 'baseline', rule: 'baseline', difference: 0.25 });
    // Round 1's 1.5 ≥ 0.5 in the last two rounds → continue.
    expect(report.convergence.history).toEqual([{ round: 1, improvement: 1.5 }, { round: 2, improvement: 0 }]);
    expect(report.convergence.status).toBe('continue');
    expect(report.convergence.reason).toContain('round 1');
  });

  it('round 2 alone has no earlier round in its runs folder: unknown', async () => {
    const { runs } = await setup();
    expect((await scoreRound(2, runs)).code).toBe(0);
    expect(reportOf(runFolders(runs)[0]!).convergence).toMatchObject({ status: 'unknown', history: [{ round: 2, improvement: 0 }] });
  });

  it('--history with low improvements (over the runs folder) → converged', async () => {
    const { runs } = await setup();
    expect((await scoreRound(1, runs)).code).toBe(0);
    const history = path.join(work!, 'history.json');
    // Round 1's entry overrides the 1.5 found in the runs folder; round 2's is replaced by this round's own 0.
    writeFileSync(history, JSON.stringify([{ round: 1, improvement: 0.25 }, { round: 2, improvement: 0.4 }]));
    const r = await scoreRound(2, runs, ['--history', history]);
    expect(r.code).toBe(0);
    const report = reportOf(folderOfRound(runs, 2));
    // 0.25 < 0.5 and 0 < 0.5 in the last two rounds → converged.
    expect(report.convergence.history).toEqual([{ round: 1, improvement: 0.25 }, { round: 2, improvement: 0 }]);
    expect(report.convergence.status).toBe('converged');
    expect(readFileSync(path.join(folderOfRound(runs, 2), 'report.md'), 'utf8')).toContain('**Convergence: converged**');
  });

  // Regression (fixed): src/run/history.ts loadHistory matches earlier runs to the series with seriesOf(manifest.inputs.key.path, cwd), but the manifest records the key path as it was 
  it('finds round 1 of the same series when round 2 is scored from another working directory', async () => {
    const { runs } = await setup();
    const project = path.resolve(import.meta.dirname, '../..');
    const at = (cwd: string, dir: string, round: number) =>
      runCli(['score', dir, '--round', String(round), '--judge', JUDGE, '--runs-dir', runs], env(), { cwd });
    expect((await at(project, 'test/fixtures/workflow-root/reliability-design', 1)).code).toBe(0);
    expect((await at(path.join(project, 'test'), 'fixtures/workflow-root/reliability-design', 2)).code).toBe(0);
    const report = reportOf(folderOfRound(runs, 2));
    expect(report.convergence.history).toEqual([{ round: 1, improvement: 1.5 }, { round: 2, improvement: 0 }]);
    expect(report.convergence.status).toBe('continue');
  });

  it('a malformed --history file is an input error naming the file', async () => {
    const { runs } = await setup();
    const history = path.join(work!, 'history.json');
    writeFileSync(history, JSON.stringify({ round: 1 }));
    const r = await scoreRound(2, runs, ['--history', history]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(history);
    expect(server!.requests).toHaveLength(0);
  });
});

describe('bonus cap', () => {
  it('a review with 7 bonus findings counts 5: bonus 2.5, bonusFound 7', async () => {
    const lines = [
      'The orders database is a single point of failure with no replica.',
      'Schema migrations have no rollback plan.',
      'Log retention for incident analysis is undefined.',
      'Backups are never restored in a drill.',
      'The message queue has no dead-letter queue.',
      'Disk usage of the ledger volume is not alerted.',
      'Feature flags have no kill switch for checkout.',
    ];
    const capTitle = 'Cap review with seven extras';
    const script = workflowJudge(
      () => undefined,
      (view) =>
        view.reviewTitle === capTitle
          ? lines.map((quote, i) => ({ location: `extra ${i + 1}`, quote, classification: 'bonus' as const, bonus_id: i === 0 ? 'B01' : i === 1 ? 'B02' : null }))
          : undefined,
    );
    const { runs } = await setup(script);
    const review = path.join(work!, 'v001-cap-run1.md');
    writeFileSync(review, [`# ${capTitle}`, '', ...lines.map((l) => `- ${l}`), ''].join('\n'));
    const key = path.join(RELIABILITY, 'answer-key-round-001.md');
    const r = await runCli(['score', '--key', key, '--reviews', review, '--judge', JUDGE, '--runs-dir', runs], env());
    expect(r.code).toBe(0);
    const report = reportOf(runFolders(runs)[0]!);
    const s = report.prompts[0]!.runs[0]!;
    // Detection ○○○ = 3 (not in the plan: all ○); 7 distinct bonuses found, min(7, 5) = 5 counted × 0.5 = 2.5.
    expect({ detection: s.detection, bonusFound: s.bonusFound, bonusCount: s.bonusCount, bonus: s.bonus, penalty: s.penalty, total: s.total }).toEqual({
      detection: 3,
      bonusFound: 7,
      bonusCount: 5,
      bonus: 2.5,
      penalty: 0,
      total: 5.5,
    });
    expect(readFileSync(path.join(runFolders(runs)[0]!, 'report.md'), 'utf8')).toContain('7 bonuses found, 5 counted (cap)');
  });
});

describe('unscored units', () => {
  it('are listed, left out of detection (never ×), and exit 1', async () => {
    // Every request for baseline run 1, P03 is refused: the unit cannot be scored.
    const { runs } = await setup(workflowJudge((view) => (view.reviewTitle === 'R1 baseline run 1' && view.problemId === 'P03' ? { type: 'refusal' } : undefined)));
    const r = await scoreRound(1, runs);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('unscored: baseline run1 P03');
    const dir = runFolders(runs)[0]!;
    const report = reportOf(dir);
    expect(report.unscored).toEqual([{ prompt: 'baseline', run: 1, unit: 'P03', reason: expect.any(String) }]);
    const run1 = report.prompts[0]!.runs[0]!;
    // ○ + ○ = 2.0: the refused P03 (△ in the plan) counts neither 0.5 nor as × — it is left out and listed.
    expect(run1).toMatchObject({ detection: 2, total: 2, unscored: ['P03'] });
    // baseline mean (2.0 + 3.0)/2 = 2.5, SD 0.5; variant-a unchanged 4.25.
    expect(report.prompts.map((p) => [p.prompt, p.mean, p.sd])).toEqual([['baseline', 2.5, 0.5], ['variant-a', 4.25, 0.25]]);
    const p03 = report.problems.find((p) => p.id === 'P03')!;
    expect(p03.cells.find((c) => c.prompt === 'baseline' && c.run === 1)!.verdict).toBe('unscored');
    const md = readFileSync(path.join(dir, 'report.md'), 'utf8');
    expect(md).toContain('### Unscored units (1)');
    expect(md).toContain('2 (2 + 0 − 0, 1 unscored)');
  });
});

/**
 * `review-judge calibrate` end to end against a fake openai-compatible server, on a temp workflow
 * root (workflow-root's keys and reviews + history-root's scoring files: 9 historical reviews with
 * verdicts, 8 reliability and 1 security; one scoring file unreadable). The fake judge answers
 * exactly the historical verdicts, so the calibration agrees 100%, κ 1.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Verdicts } from '../../src/types/Verdicts.ts';
import { expectOneLineInputError, lines } from '../cli/cliTestKit.ts';
import { startFakeOpenAI } from '../fakes/fakeOpenAI.ts';
import type { FakeServer } from '../fakes/fakeServer.ts';
import { buildHistoryRoot, HISTORY, historicalVerdict, WORKFLOW_ROOT } from '../fixtures/history-root/historyRoot.ts';
import { judgeScript, viewPrompt, WORD } from './fakeJudge.ts';
import { runCli, type CliResult } from './runCli.ts';

interface Calibration {
  sample: Array<{ series: string; round: number; prompt: string; run: number; runFile: string }>;
  seed: number;
  runs: string[];
  judges: string[];
  agreement: {
    matched: number; onlyA: number; onlyB: number; unscored: number;
    overall: { n: number; matrix: number[][]; observed: number; kappa: number; weightedKappa: number } | null;
    disagreements: Array<{ series: string; round: number; prompt: string; run: number; unit: string; a: string; b: string; aDetail: string; bDetail: string }>;
  };
}

/** When set, the judge answers this instead of the history for the unit `<review title>/<problem>`. */
let override: Record<string, 'detected' | 'partial' | 'undetected'> = {};

let server: FakeServer;
let root: string;
let work: string;
let first: CliResult;
let firstDir: string;
let firstRequests: number;

const calibrate = (runsDir: string, ...extra: string[]) =>
  runCli(['calibrate', '.', '--judge', 'openai-compatible:m', '--base-url', `${server.url}/v1`, '--runs-dir', runsDir, ...extra], {}, { cwd: root });
const calibrationDir = (runsDir: string) => readdirSync(runsDir).filter((d) => d.includes('-calibrate-')).map((d) => path.join(runsDir, d));
const readCalibration = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'calibration.json'), 'utf8')) as Calibration;
const titleOf = (s: { series: string; round: number; prompt: string; run: number }) =>
  Object.entries(HISTORY).find(([, h]) => h.series === s.series && h.round === s.round && h.prompt === s.prompt && h.run === s.run)![0];
const requestTitles = (from: number) => server.requests.slice(from).map((q) => viewPrompt(q.body).reviewTitle);

beforeAll(async () => {
  server = await startFakeOpenAI(
    judgeScript((view) => override[`${view.reviewTitle}/${view.problemId}`] ?? WORD[historicalVerdict(view.reviewTitle, view.problemId)!]!),
  );
  root = buildHistoryRoot('rj-calibrate-');
  work = mkdtempSync(path.join(tmpdir(), 'rj-calibrate-runs-'));
  first = await calibrate(path.join(work, 'runs'), '--sample', '3', '--seed', '1');
  firstRequests = server.requests.length;
  firstDir = calibrationDir(path.join(work, 'runs'))[0]!;
});

afterAll(async () => {
  await server?.close();
  for (const d of [root, work]) if (d) rmSync(d, { recursive: true, force: true });
});

describe('calibrate <root> --sample 3 --seed 1', () => {
  it('exits 0 and prints the sample, then the dry-run tables, then judges', () => {
    expect(first.code, first.stderr).toBe(0);
    const out = lines(first.stdout);
    // 9 candidates (variant-c's scoring file is unreadable); proportional: reliability 2, security 1
    expect(out[0]).toBe('calibration sample: 3 of 9 reviews (seed 1): reliability-design 2, security-design 1');
    const dry = out.flatMap((l, i) => (l.startsWith('dry run for ') ? [i] : []));
    // what calibration is about, not per-round recommendations
    expect(first.stdout).not.toContain('recommended:');
    expect(first.stdout).not.toContain('A/B test:');
    const judged = out.findIndex((l) => l.startsWith('A: review-judge (this calibration)'));
    const groups = new Set(readCalibration(firstDir).sample.map((s) => `${s.series}/${s.round}`)).size;
    expect(dry).toHaveLength(groups);
    expect(dry[0]).toBe(1);
    expect(judged).toBeGreaterThan(dry.at(-1)!);
    // every dry-run table: one judge line for the group's 3 units per review, nothing cached yet
    for (const i of dry) expect(out[i + 2]).toMatch(/^openai-compatible:m {2}\d+ {2}\d+ {2}0 {2}\S+ {2}~\d+ {2}~\d+ {2}/);
    expect(out.at(-1)).toBe(`calibration written to ${firstDir}`);
  });

  it('judges exactly the sampled reviews, detection only (no audit), without n', () => {
    const sample = readCalibration(firstDir).sample;
    expect(sample).toHaveLength(3);
    const titles = sample.map(titleOf);
    expect(firstRequests).toBeGreaterThanOrEqual(9);
    const asked = server.requests.slice(0, firstRequests).map((q) => viewPrompt(q.body));
    expect(new Set(asked.map((v) => v.reviewTitle))).toEqual(new Set(titles));
    expect(new Set(asked.map((v) => `${v.reviewTitle}/${v.problemId}`)).size).toBe(9);
    expect(asked.every((v) => v.problemId !== 'audit')).toBe(true);
    expect(server.requests.slice(0, firstRequests).every((q) => (q.body as { n?: unknown }).n === undefined)).toBe(true);
  });

  it('writes calibration.json: the sample, seed, judged runs, judges and 100% agreement, κ 1', () => {
    const c = readCalibration(firstDir);
    expect(c.seed).toBe(1);
    expect(c.judges).toEqual(['openai-compatible:m']);
    for (const s of c.sample) {
      const nnn = String(s.round).padStart(3, '0');
      expect(s.runFile).toBe(`${s.series}/results/v${nnn}-${s.prompt}-run${s.run}.md`);
    }
    expect(c.agreement).toMatchObject({ matched: 9, onlyA: 0, onlyB: 0, unscored: 0, disagreements: [] });
    expect(c.agreement.overall).toMatchObject({ n: 9, observed: 1, kappa: 1, weightedKappa: 1 });
    // the diagonal holds the sampled reviews' historical verdicts (×, △, ○)
    const counts = [0, 0, 0];
    for (const s of c.sample) for (const v of HISTORY[titleOf(s)]!.verdicts) counts[['×', '△', '○'].indexOf(v)]!++;
    expect(c.agreement.overall!.matrix).toEqual([[counts[0], 0, 0], [0, counts[1], 0], [0, 0, counts[2]]]);
  });

  it('the judged runs hold the historical verdicts of their reviews', () => {
    const c = readCalibration(firstDir);
    expect(c.runs).toHaveLength(new Set(c.sample.map((s) => `${s.series}/${s.round}`)).size);
    const got: string[] = [];
    for (const dir of c.runs) {
      const v = Verdicts.parse(JSON.parse(readFileSync(path.join(dir, 'verdicts.json'), 'utf8')));
      expect(v.audits ?? []).toEqual([]);
      for (const u of v.units) got.push(`${path.basename(u.review.path)} ${u.unit} ${u.verdict}`);
    }
    const want = c.sample.flatMap((s) => HISTORY[titleOf(s)]!.verdicts.map((v, i) => `${path.basename(s.runFile)} P0${i + 1} ${v}`));
    expect(got.sort()).toEqual(want.sort());
  });

  it('writes calibration.md with the agreement table and prints the same table', () => {
    const md = readFileSync(path.join(firstDir, 'calibration.md'), 'utf8');
    expect(md).toContain("## Calibration against the workflow's history");
    expect(md).toContain('3 reviews, seed 1, judges openai-compatible:m.');
    expect(md).toContain('A: review-judge (this calibration) (9 units)');
    expect(md).toContain('B: history (imported scoring files) (9 units)');
    expect(md).toContain('overall  n=9  agreement 100.0%  κ 1.000  weighted κ 1.000');
    expect(md).toContain('disagreements: 0');
    expect(first.stdout).toContain('overall  n=9  agreement 100.0%  κ 1.000  weighted κ 1.000');
  });

  it('the same seed gives the same sample; the rerun is served from the cache', async () => {
    const runs = path.join(work, 'runs');
    const before = server.requests.length;
    const again = await calibrate(runs, '--sample', '3', '--seed', '1');
    expect(again.code, again.stderr).toBe(0);
    expect(server.requests.length).toBe(before);
    const dirs = calibrationDir(runs);
    expect(dirs).toHaveLength(2);
    const second = readCalibration(dirs.find((d) => d !== firstDir)!);
    expect(second.sample).toEqual(readCalibration(firstDir).sample);
    expect(second.agreement).toEqual(readCalibration(firstDir).agreement);
  });

  it('--dry-run prints the sample and the cost, sends nothing and writes no calibration', async () => {
    const runs = path.join(work, 'runs-dry');
    const before = server.requests.length;
    const r = await calibrate(runs, '--sample', '3', '--seed', '1', '--dry-run');
    expect(r.code, r.stderr).toBe(0);
    expect(server.requests.length).toBe(before);
    // the same sample and the same (uncached) dry-run tables the full run printed first
    const out = lines(r.stdout);
    expect(out).toEqual(lines(first.stdout).slice(0, out.length));
    expect(out.some((l) => /^requests: fewer when early stopping/.test(l))).toBe(true);
    // and, over the sample's rounds, the grand total
    expect(out.some((l) => /^total of \d+ rounds \(no request sent\)$/.test(l))).toBe(true);
    expect(r.stdout).not.toContain('calibration written');
    expect(existsSync(runs) ? calibrationDir(runs) : []).toEqual([]);
  });

  it('a judge that disagrees on one unit: the disagreement names the history\'s scoring file and line', async () => {
    override = { 'S1 baseline run 1/P03': 'detected' };
    try {
      const runs = path.join(work, 'runs-disagree');
      const r = await calibrate(runs, '--sample', '3', '--seed', '1');
      expect(r.code, r.stderr).toBe(0);
      const c = readCalibration(calibrationDir(runs)[0]!);
      // the only security review is always in the sample (at least one per perspective)
      expect(c.sample.map(titleOf)).toContain('S1 baseline run 1');
      expect(c.agreement.overall!.observed).toBeCloseTo(8 / 9, 10);
      expect(c.agreement.overall!.matrix[2]![0]).toBe(1); // judge ○, history ×
      expect(c.agreement.disagreements).toEqual([
        { series: 'security-design', round: 1, prompt: 'baseline', run: 1, unit: 'P03', a: '○', b: '×', aDetail: 'fake judge: P03 is detected', bDetail: 'security-design/results/v001-baseline-scoring.md:9' },
      ]);
      expect(r.stdout).toContain('  security-design r1 baseline run1 P03: A ○ / B ×');
    } finally {
      override = {};
    }
  });

  const bad: Array<[string, string[], RegExp]> = [
    ['--sample 0', ['--sample', '0'], /--sample/],
    ['--sample x', ['--sample', 'x'], /--sample/],
    ['--seed -1', ['--sample', '3', '--seed', '-1'], /--seed expects a non-negative integer/],
  ];
  it.each(bad)('%s → exit 2 before any request', async (_name, argv, message) => {
    const before = server.requests.length;
    expectOneLineInputError(await calibrate(path.join(work, 'runs-bad'), ...argv), message);
    expect(server.requests.length).toBe(before);
  });

  it('a root without scoring files → exit 2', async () => {
    // workflow-root has keys and reviews but no scoring files
    const r = await runCli(['calibrate', WORKFLOW_ROOT, '--sample', '3', '--judge', 'openai-compatible:m', '--base-url', `${server.url}/v1`, '--runs-dir', path.join(work, 'runs-none')], {});
    expectOneLineInputError(r, /workflow-root: no historical scoring files with their run files found/);
  });

  it('a sample larger than the history takes every review', async () => {
    const r = await calibrate(path.join(work, 'runs-all'), '--sample', '50', '--seed', '7', '--dry-run');
    expect(r.code, r.stderr).toBe(0);
    expect(lines(r.stdout)[0]).toBe('calibration sample: 9 of 9 reviews (seed 7): reliability-design 8, security-design 1');
  });
});

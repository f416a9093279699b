/**
 * `review-judge agree` end to end, in process, on runs scored against fake OpenAI and Anthropic
 * servers: two runs of reliability-design round 1 (the second with three verdicts flipped), a run
 * with itself, a folder of runs, labels TSVs, and a two-judge panel's self-consistency.
 *
 * Round 1 plan (workflow-root/workflowJudge.ts; P01 critical, P02 major (Significant), P03 minor (Moderate)):
 *   A (plan):    baseline run1 ○○△  run2 ○△○   variant-a run1 ○○○  run2 ○○○
 *   B (flipped): baseline run1 ○○×  run2 ×△○   variant-a run1 ○○○  run2 ○△○
 * Matrix (rows A ×△○, columns B ×△○): × [0 0 0], △ [1 1 0], ○ [1 1 8]; n 12, observed 9/12 = 75.0%
 *   A marginals △ 2/12, ○ 10/12; B marginals × 2/12, △ 2/12, ○ 8/12
 *   expected = (2·2 + 10·8)/144 = 84/144; κ = (108 − 84)/(144 − 84) = 24/60 = 0.400
 *   weighted (w 1, ½, 0): observed (108 + ½·2·12)/144 = 120/144; expected (2·2·½ + 2·2 + 2·8·½ + 10·2·½ + 10·8)/144 = 104/144
 *   κw = (120 − 104)/(144 − 104) = 0.400
 * By severity (4 units each, 3 agree = 75.0%):
 *   critical (P01) A ○○○○ / B ○×○○: expected 1·¾ = observed → κ 0.000
 *   major (P02)    A ○△○○ / B ○△○△: expected ¼·½ + ¾·½ = ½ → κ 0.500, κw (0.875 − 0.75)/0.25 = 0.500
 *   minor (P03)    A △○○○ / B ×○○○: expected ¾·¾ = 0.5625 → κ 0.1875/0.4375 = 0.429; κw (0.875 − 0.6875)/0.3125 = 0.600
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatAgreement } from '../../src/cli/agreeCommand.ts';
import { compareRaters } from '../../src/history/agreement.ts';
import { LABELS_COLUMNS } from '../../src/history/labelsTsv.ts';
import { judgeScript } from '../e2e/fakeJudge.ts';
import { runCli } from '../e2e/runCli.ts';
import { startFakeAnthropic } from '../fakes/fakeAnthropic.ts';
import { startFakeOpenAI } from '../fakes/fakeOpenAI.ts';
import type { FakeServer } from '../fakes/fakeServer.ts';
import { RELIABILITY, workflowJudge } from '../fixtures/workflow-root/workflowJudge.ts';
import { expectOneLineInputError, lines } from './cliTestKit.ts';

/** The verdicts B flips, by review title and problem. */
const FLIPS: Record<string, '○' | '△' | '×'> = { 'R1 baseline run 1/P03': '×', 'R1 baseline run 2/P01': '×', 'R1 variant-a run 2/P02': '△' };

let openai: FakeServer;
let panelOpenAI: FakeServer;
let panelAnthropic: FakeServer;
let work: string;
let flipped = false;
let runA: string;
let runB: string;
let panelRun: string;
let panelRun3: string;
/** runA plus a later, flipped run of the same round scored from another cwd (key path recorded relative). */
let mixed: string;

const newest = (dir: string, seen: Set<string>) => {
  const fresh = readdirSync(dir).filter((d) => d !== 'cache' && !seen.has(d));
  expect(fresh).toHaveLength(1);
  seen.add(fresh[0]!);
  return path.join(dir, fresh[0]!);
};

/** A labels TSV of reliability-design round 1 rows `[prompt, run, problem, verdict]`. */
function labels(name: string, rows: Array<[string, number, string, string]>, series = 'reliability-design'): string {
  const body = rows.map(([prompt, run, id, v]) =>
    [series, '001', prompt, String(run), id, v, v === '○' ? '1.0' : v === '△' ? '0.5' : '0.0', '', `s/v001-${prompt}-scoring.md`, 's/answer-key-round-001.md', `s/v001-${prompt}-run${run}.md`].join('\t'),
  );
  const file = path.join(work, name);
  writeFileSync(file, [LABELS_COLUMNS.join('\t'), ...body].join('\n') + '\n');
  return file;
}

beforeAll(async () => {
  openai = await startFakeOpenAI(workflowJudge((view) => (flipped ? FLIPS[`${view.reviewTitle}/${view.problemId}`] : undefined)));
  panelOpenAI = await startFakeOpenAI(judgeScript(() => 'detected'));
  panelAnthropic = await startFakeAnthropic(judgeScript((view) => (view.problemId === 'P03' ? 'undetected' : 'detected')));
  work = mkdtempSync(path.join(tmpdir(), 'rj-agree-'));
  const runs = path.join(work, 'runs');
  const seen = new Set<string>();
  const env = { OPENAI_API_KEY: 'sk-test-agree-01234567', OPENAI_BASE_URL: `${openai.url}/v1` };
  const score = (opts: { now?: Date }, ...extra: string[]) =>
    runCli(['score', RELIABILITY, '--round', '1', '--judge', 'openai:gpt-4.1-mini', '--no-audit', '--runs-dir', runs, ...extra], env, opts);
  const a = await score({});
  expect(a.code, a.stderr).toBe(0);
  runA = newest(runs, seen);
  flipped = true;
  // --fresh: new samples, so the flipping judge is really asked; a later clock makes B the newest run of the round
  const b = await score({ now: new Date('2026-11-26T12:00:00Z') }, '--fresh');
  flipped = false;
  expect(b.code, b.stderr).toBe(0);
  runB = newest(runs, seen);
  mixed = path.join(work, 'mixed');
  mkdirSync(mixed);
  cpSync(runA, path.join(mixed, path.basename(runA)), { recursive: true });
  flipped = true;
  const c = await runCli(
    ['score', path.basename(RELIABILITY), '--round', '1', '--judge', 'openai:gpt-4.1-mini', '--no-audit', '--runs-dir', mixed],
    env,
    { cwd: path.dirname(RELIABILITY), now: new Date('2026-11-27T12:00:00Z') },
  );
  flipped = false;
  expect(c.code, c.stderr).toBe(0);

  const panelEnv = { OPENAI_API_KEY: 'sk-test-agree-01234567', OPENAI_BASE_URL: `${panelOpenAI.url}/v1`, ANTHROPIC_API_KEY: 'sk-ant-test-agree-0123', ANTHROPIC_BASE_URL: panelAnthropic.url };
  const panel = (dir: string, ...extra: string[]) =>
    runCli(['score', RELIABILITY, '--round', '1', '--judge', 'openai:gpt-4.1-mini', '--judge', 'anthropic:claude-sonnet-5-5', '--no-audit', '--runs-dir', path.join(work, dir), ...extra], panelEnv);
  const p = await panel('panel', '--votes', '1');
  expect(p.code, p.stderr).toBe(0);
  panelRun = newest(path.join(work, 'panel'), new Set());
  const p3 = await panel('panel3');
  expect(p3.code, p3.stderr).toBe(0);
  panelRun3 = newest(path.join(work, 'panel3'), new Set());
});

afterAll(async () => {
  await Promise.all([openai?.close(), panelOpenAI?.close(), panelAnthropic?.close()]);
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('agree <run A> <run B>', () => {
  it('prints matched units, agreement, κ, weighted κ and the confusion matrix (hand-computed)', async () => {
    const r = await runCli(['agree', runA, runB], {});
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const out = lines(r.stdout);
    expect(out.slice(0, 12)).toEqual([
      `A: ${runA} (12 units)`,
      `B: ${runB} (12 units)`,
      'matched units: 12 (unscored on one side: 0; only in A: 0; only in B: 0)',
      // 12 units, 10 of A's ○, 8 of them (○, ○): a resample of only those (p = (8/12)^12 ≈ 0.8%) has κ
      // undefined and is left out (it used to count as κ 1); one without the 3 disagreements but with
      // the (△, △) has κ 1 ((9/12)^12 − 0.8% ≈ 2.4% < 2.5%), one with A all ○ κ 0: so [0, just under 1]
      'overall  n=12  agreement 75.0%  κ 0.400  weighted κ 0.400  (95%: κ [0.000, 0.938], weighted κ [0.000, 0.943]; κ undefined on 23 resamples, left out)',
      "reading: κ 0.400 is fair (Landis & Koch); the interval spans poor to almost perfect (n=12); only 12 units, so the interval is wide and a second sample may read differently; 23 resamples with κ undefined left out: do not take the judge's ○/△/× in place of the reference's yet: its agreement could be no better than fair.",
      'intervals: percentile bootstrap over units, 2000 resamples, seed 1592598564',
      '',
      'confusion matrix (rows: A, columns: B)',
      '           ×     △     ○',
      '  ×        0     0     0',
      '  △        1     1     0',
      '  ○        1     1     8',
    ]);
    expect(out.some((l) => l.startsWith('  reliability-design  n=12  agreement 75.0%  κ 0.400  weighted κ 0.400  (95%: κ ['))).toBe(true);
    const bySeverity = out.slice(out.indexOf('by severity:') + 1, out.indexOf('by severity:') + 4).map((l) => l.replace(/ {2}\(95%: .*\)$/, ''));
    expect(bySeverity).toEqual([
      '  critical  n=4  agreement 75.0%  κ 0.000  weighted κ 0.000',
      '  major  n=4  agreement 75.0%  κ 0.500  weighted κ 0.500',
      '  minor  n=4  agreement 75.0%  κ 0.429  weighted κ 0.600',
    ]);
  });

  it('lists every disagreement with both judges\' reasoning', async () => {
    const r = await runCli(['agree', runA, runB], {});
    const out = lines(r.stdout);
    const at = out.indexOf('disagreements: 3');
    expect(at).toBeGreaterThan(0);
    expect(out.slice(at + 1)).toEqual([
      '  reliability-design r1 baseline run1 P03: A △ / B ×',
      '      A: fake judge: P03 is partial',
      '      B: fake judge: P03 is undetected',
      '  reliability-design r1 baseline run2 P01: A ○ / B ×',
      '      A: fake judge: P01 is detected',
      '      B: fake judge: P01 is undetected',
      '  reliability-design r1 variant-a run2 P02: A ○ / B △',
      '      A: fake judge: P02 is detected',
      '      B: fake judge: P02 is partial',
    ]);
  });

  it('--json gives the whole report', async () => {
    const r = await runCli(['agree', runA, runB, '--json'], {});
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ a: runA, b: runB, matched: 12, onlyA: 0, onlyB: 0, unscored: 0 });
    expect(j.overall.matrix).toEqual([[0, 0, 0], [1, 1, 0], [1, 1, 8]]);
    expect(j.overall.observed).toBeCloseTo(0.75, 10);
    expect(j.overall.expected).toBeCloseTo(84 / 144, 10);
    expect(j.overall.kappa).toBeCloseTo(0.4, 10);
    expect(j.overall.weightedKappa).toBeCloseTo(0.4, 10);
    expect(j.bySeverity.minor.kappa).toBeCloseTo(3 / 7, 10);
    expect(j.bySeverity.minor.weightedKappa).toBeCloseTo(0.6, 10);
    expect(j.disagreements.map((d: { unit: string; a: string; b: string }) => `${d.unit} ${d.a}${d.b}`)).toEqual(['P03 △×', 'P01 ○×', 'P02 ○△']);
  });

  it('B against A mirrors the matrix', async () => {
    const j = JSON.parse((await runCli(['agree', runB, runA, '--json'], {})).stdout);
    expect(j.overall.matrix).toEqual([[0, 1, 1], [0, 1, 1], [0, 0, 8]]);
    expect(j.overall.kappa).toBeCloseTo(0.4, 10);
  });

  it('--limit 1 lists the first disagreement and says there are more', async () => {
    const r = await runCli(['agree', runA, runB, '--limit', '1'], {});
    const out = lines(r.stdout);
    const at = out.indexOf('disagreements: 3 (first 1; --json lists all)');
    expect(at).toBeGreaterThan(0);
    expect(out.slice(at + 1)).toHaveLength(3);
  });

  // BUG: src/cli/agreeCommand.ts takes `Number(flags.limit)` unchecked. `--limit -1` prints
  // "disagreements: 3 (first -1; --json lists all)" and lists 2 of the 3 (slice(0, -1)); `--limit abc`
  // (NaN) lists none and says nothing. Every other numeric flag is rejected with exit 2.
  it.each([['-1'], ['abc']])('--limit %s is rejected with exit 2', async (limit) => {
    const r = await runCli(['agree', runA, runB, '--limit', limit], {});
    expectOneLineInputError(r, /--limit/);
  });

  it('a run with itself: κ 1, no disagreement', async () => {
    const r = await runCli(['agree', runA, runA, '--json'], {});
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ matched: 12, disagreements: [] });
    expect(j.overall).toMatchObject({ n: 12, observed: 1, kappa: 1, weightedKappa: 1 });
    expect(j.overall.matrix).toEqual([[0, 0, 0], [0, 2, 0], [0, 0, 10]]);
  });

  it('a folder of runs: the latest run of the round speaks for it', async () => {
    const runs = path.dirname(runA);
    const latest = JSON.parse((await runCli(['agree', runs, runB, '--json'], {})).stdout);
    expect(latest).toMatchObject({ matched: 12, disagreements: [] });
    const vsA = JSON.parse((await runCli(['agree', runs, runA, '--json'], {})).stdout);
    expect(vsA.disagreements).toHaveLength(3);
  });

  // BUG: src/history/loadRaters.ts keeps "the latest run of a round" keyed by the key path as the
  // manifest recorded it. The same key file scored once as /abs/.../reliability-design (runA) and once
  // as `reliability-design` from its parent folder (later, 3 verdicts flipped) gives two keys, so both
  // runs are kept: 24 units for 12 addresses. compareRaters (src/history/agreement.ts) then pairs A's
  // first copy with B's last copy (its Map keeps the last), so `agree mixed mixed` reports
  // matched 24, agreement 87.5% (21/24), κ < 1 instead of matched 12, κ 1.
  it('a folder with two runs of one round whose key path is recorded differently: the latest still speaks', async () => {
    const j = JSON.parse((await runCli(['agree', mixed, mixed, '--json'], {})).stdout);
    expect(j.matched).toBe(12);
    expect(j.overall.kappa).toBe(1);
    expect(j.disagreements).toEqual([]);
  });
});

describe('agree with a labels TSV', () => {
  const planA: Array<[string, number, string, string]> = [
    ['baseline', 1, 'P01', '○'], ['baseline', 1, 'P02', '○'], ['baseline', 1, 'P03', '△'],
    ['baseline', 2, 'P01', '○'], ['baseline', 2, 'P02', '△'], ['baseline', 2, 'P03', '○'],
    ['variant-a', 1, 'P01', '○'], ['variant-a', 1, 'P02', '○'], ['variant-a', 1, 'P03', '○'],
    ['variant-a', 2, 'P01', '○'], ['variant-a', 2, 'P02', '○'], ['variant-a', 2, 'P03', '○'],
  ];

  it('a TSV with run A\'s verdicts: κ 1; the TSV row is the detail', async () => {
    const tsv = labels('plan.tsv', planA.slice(0, 11).concat([['variant-a', 2, 'P03', '×']]));
    const r = await runCli(['agree', runA, tsv, '--json'], {});
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ matched: 12, onlyA: 0, onlyB: 0 });
    expect(j.disagreements).toEqual([
      { series: 'reliability-design', round: 1, prompt: 'variant-a', run: 2, unit: 'P03', a: '○', b: '×', aDetail: 'fake judge: P03 is detected', bDetail: 's/v001-variant-a-scoring.md (labels.tsv line 13)' },
    ]);
  });

  it('raters with no unit in common → the report, then exit 2 with the reason', async () => {
    const tsv = labels('other.tsv', planA, 'security-design');
    const r = await runCli(['agree', runA, tsv], {});
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('matched units: 0 (unscored on one side: 0; only in A: 12; only in B: 12)');
    expect(r.stdout).not.toContain('overall');
    expect(r.stderr).toBe('review-judge: no unit matched: the raters cover different series, rounds, prompts or runs\n');
    const j = await runCli(['agree', runA, tsv, '--json'], {});
    expect(j.code).toBe(2);
    expect(JSON.parse(j.stdout)).toMatchObject({ matched: 0, overall: null });
  });

  const broken: Array<[string, string, number, RegExp]> = [
    ['a bad verdict', `${LABELS_COLUMNS.join('\t')}\nreliability-design\t001\tbaseline\t1\tP01\t○\t1.0\t\ts\tk\tr\nreliability-design\t001\tbaseline\t1\tP02\tX\t1.0\t\ts\tk\tr\n`, 3, /verdict: expected ○, △ or ×, got 'X'/],
    ['a wrong header', 'target\tround\n', 1, /header must be/],
    ['a short row', `${LABELS_COLUMNS.join('\t')}\nreliability-design\t001\tbaseline\n`, 2, /expected 11 tab-separated fields, got 3/],
  ];
  it.each(broken)('a labels TSV with %s → exit 2 naming file:line', async (_name, text, line, message) => {
    const file = path.join(work, `broken-${line}.tsv`);
    writeFileSync(file, text);
    const r = await runCli(['agree', runA, file], {});
    const err = expectOneLineInputError(r, message);
    expect(err.startsWith(`review-judge: ${file}:${line}: `)).toBe(true);
  });

  it('a rater that does not exist → exit 2', async () => {
    expectOneLineInputError(await runCli(['agree', runA, path.join(work, 'nope')], {}), /nope: not found/);
  });

  it('--gold with both raters history (two labels TSVs) → exit 2, one line: it would replace both sides and force agreement', async () => {
    const gold = path.join(work, 'gold-both.tsv');
    writeFileSync(gold, 'series\tround\tprompt\trun\tunit\tverdict\tnote\nreliability-design\t001\tbaseline\t1\tP03\t○\t\n');
    const a = labels('both-a.tsv', planA);
    const b = labels('both-b.tsv', planA.slice(0, 2).concat([['baseline', 1, 'P03', '×']], planA.slice(3)));
    expectOneLineInputError(await runCli(['agree', a, b, '--gold', gold], {}), /both raters are history: it would replace both sides and force their agreement/);
  });

  it('a labels TSV alone has no votes → exit 2', async () => {
    expectOneLineInputError(await runCli(['agree', labels('alone.tsv', planA)], {}), /holds no judged units/);
  });
});

describe('agree <run> alone: the panel', () => {
  it("two judges, one vote each: Fleiss' κ and the pair line (hand-computed)", async () => {
    // openai always ○; anthropic ○ on P01/P02, × on P03. 12 units × 2 votes.
    // Fleiss: 8 units P=1, 4 units (○, ×) P=0 → P̄ = 8/12; 24 votes: ○ 20, × 4 → Pe = (400 + 16)/576 = 72.2%
    //   κ = (2/3 − 13/18)/(1 − 13/18) = −0.200
    // Pair (judges sorted: anthropic first): rows anthropic × [0 0 4], ○ [0 0 8]; observed 8/12;
    //   openai all ○ → Pe = 8/12 → κ 0, weighted κ 0
    const r = await runCli(['agree', panelRun], {});
    expect(r.code, r.stderr).toBe(0);
    expect(lines(r.stdout)).toEqual([
      `${panelRun}: 12 units`,
      // every κ with its 95% interval and n (the review found the panel's printed without)
      "self-consistency (Fleiss' κ over all valid votes): -0.200 (95% [-0.412, -0.043]; κ undefined on 18 resamples, left out)  (12 units, 24 votes, observed 66.7%, chance 72.2%)",
      // openai always ○: κ is 0 on every resample, a zero-width interval, so not estimable
      'judges anthropic:claude-sonnet-5-5 vs openai:gpt-4.1-mini: 12 units, agreement 66.7%, κ 0.000, weighted κ 0.000 (95%: κ not estimable, weighted κ not estimable; κ undefined on 18 resamples, left out)',
      'intervals: percentile bootstrap over units, 2000 resamples, seed 1592598564; interval not estimable: every resample gives the same κ',
    ]);
  });

  it('--json gives the Fleiss numbers and the pair matrix', async () => {
    const j = JSON.parse((await runCli(['agree', panelRun, '--json'], {})).stdout);
    expect(j.fleiss).toMatchObject({ items: 12, dropped: 0, ratings: 24 });
    expect(j.fleiss.kappa).toBeCloseTo(-0.2, 10);
    expect(j.fleiss.kappaInterval).toMatchObject({ method: 'percentile bootstrap over units, 2000 resamples, seed 1592598564', notEstimable: null });
    expect(j.pairs).toHaveLength(1);
    expect(j.pairs[0]).toMatchObject({ a: 'anthropic:claude-sonnet-5-5', b: 'openai:gpt-4.1-mini' });
    expect(j.pairs[0].agreement.matrix).toEqual([[0, 0, 4], [0, 0, 0], [0, 0, 8]]);
  });

  it('three votes per judge: early stopping leaves 4 votes on agreed units, 6 on split ones', async () => {
    // P01/P02: openai's 3 (one request, n=3) + anthropic's first ○ decide 4 of 6 → stop: P = 1.
    // P03: ○○○ then × × × (a 3–3 tie stays open until the last vote) → P = (3·2 + 3·2)/(6·5) = 0.4.
    // P̄ = (8 + 4·0.4)/12 = 0.8; 56 votes: ○ 44, × 12 → Pe = (44² + 12²)/56² = 65/98
    // κ = (4/5 − 65/98)/(33/98) = 67/165 ≈ 0.406; the pair still compares first votes → κ 0
    const j = JSON.parse((await runCli(['agree', panelRun3, '--json'], {})).stdout);
    expect(j.fleiss).toMatchObject({ items: 12, ratings: 56 });
    expect(j.fleiss.kappa).toBeCloseTo(67 / 165, 10);
    expect(j.pairs[0].agreement).toMatchObject({ n: 12, kappa: 0 });
  });

  it('one judge, three agreeing samples per unit: κ 1 and no pairs', async () => {
    const r = await runCli(['agree', runA], {});
    expect(r.code, r.stderr).toBe(0);
    expect(lines(r.stdout)).toEqual([
      `${runA}: 12 units`,
      "self-consistency (Fleiss' κ over all valid votes): 1.000 (95% not estimable; κ undefined on 202 resamples, left out)  (12 units, 36 votes, observed 100.0%, chance 72.2%)",
      'one judge: no panel pairs to compare',
      'intervals: percentile bootstrap over units, 2000 resamples, seed 1592598564; interval not estimable: every vote of every unit agrees (12 units)',
    ]);
  });
});

describe('formatAgreement: where the rest of a cut list is', () => {
  it('agree says --json lists all; calibrate (no --json) says calibration.json lists all', () => {
    const u = (unit: string, verdict: '○' | '×') => ({ series: 's', round: 1, prompt: 'p', run: 1, unit, verdict, severity: null, detail: 'd' });
    const r = compareRaters([u('P01', '○'), u('P02', '×')], [u('P01', '×'), u('P02', '○')]);
    expect(formatAgreement('a', 'b', 2, 2, r, 1)).toContain('disagreements: 2 (first 1; --json lists all)');
    expect(formatAgreement('a', 'b', 2, 2, r, 1, null, 'calibration.json lists all')).toContain('disagreements: 2 (first 1; calibration.json lists all)');
  });
});

/**
 * Judge quality end to end (issue 16), on the history-root fixture (9 historical reviews, 27 units)
 * against one fake openai-compatible server playing two judges: with the bundled prompts it answers
 * the history's verdicts (faithful); with a variant prompts folder (a marker line appended to
 * detection.md, as a user editing the judge prompt would) it answers P02 × and P03 ○ everywhere
 * (noisy). Covers compare-judges, --gold, --split, agree on calibration folders and the intervals
 * calibration.json records.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOLD_COLUMNS } from '../../src/history/goldSet.ts';
import { expectOneLineInputError, lines } from '../cli/cliTestKit.ts';
import { startFakeOpenAI } from '../fakes/fakeOpenAI.ts';
import type { FakeServer } from '../fakes/fakeServer.ts';
import { buildHistoryRoot, historicalVerdict } from '../fixtures/history-root/historyRoot.ts';
import { judgeScript, WORD } from './fakeJudge.ts';
import { runCli } from './runCli.ts';

const MARKER = 'NOISY-VARIANT: this line marks the variant judge prompt.';
const REPO = path.resolve(import.meta.dirname, '../..');

let server: FakeServer;
let root: string;
let work: string;
let variant: string;
let faithfulDir: string;
let noisyDir: string;

const faithful = judgeScript((view) => WORD[historicalVerdict(view.reviewTitle, view.problemId)!]!);
const noisy = judgeScript((view) => (view.problemId === 'P02' ? 'undetected' : view.problemId === 'P03' ? 'detected' : WORD[historicalVerdict(view.reviewTitle, view.problemId)!]!));

const calibrate = (runsDir: string, ...extra: string[]) =>
  runCli(['calibrate', '.', '--judge', 'openai-compatible:m', '--base-url', `${server.url}/v1`, '--runs-dir', runsDir, '--votes', '1', ...extra], {}, { cwd: root });
const calibrationDirs = (runsDir: string) => readdirSync(runsDir).filter((d) => d.includes('-calibrate-')).map((d) => path.join(runsDir, d));
const readJson = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'calibration.json'), 'utf8'));

beforeAll(async () => {
  server = await startFakeOpenAI((body, i) => (JSON.stringify(body).includes(MARKER) ? noisy(body, i) : faithful(body, i)));
  root = buildHistoryRoot('rj-quality-');
  work = mkdtempSync(path.join(tmpdir(), 'rj-quality-runs-'));
  variant = path.join(work, 'variant');
  cpSync(path.join(REPO, 'prompts'), variant, { recursive: true });
  appendFileSync(path.join(variant, 'detection.md'), `\n${MARKER}\n`);
  const a = await calibrate(path.join(work, 'runs-a'), '--sample', '50');
  expect(a.code, a.stderr).toBe(0);
  const b = await calibrate(path.join(work, 'runs-b'), '--sample', '50', '--prompts-dir', variant);
  expect(b.code, b.stderr).toBe(0);
  faithfulDir = calibrationDirs(path.join(work, 'runs-a'))[0]!;
  noisyDir = calibrationDirs(path.join(work, 'runs-b'))[0]!;
});

afterAll(async () => {
  await server?.close();
  for (const d of [root, work]) if (d) rmSync(d, { recursive: true, force: true });
});

describe('calibration.json intervals and readings', () => {
  it('overall and every split carry { low, high, method } for κ and weighted κ, with n, and a reading (null ends only when not estimable, saying why)', () => {
    const c = readJson(noisyDir);
    const o = c.agreement.overall;
    expect(o.n).toBe(27);
    let estimable = 0;
    for (const x of [o, ...Object.values(c.agreement.byPerspective), ...Object.values(c.agreement.bySeverity)] as any[]) {
      for (const [v, i] of [[x.kappa, x.kappaInterval], [x.weightedKappa, x.weightedKappaInterval]]) {
        expect(i.method).toBe('percentile bootstrap over units, 2000 resamples, seed 1592598564');
        expect(typeof i.undefinedResamples).toBe('number');
        if (v === null) expect(x.kappaUndefined).toMatch(/^κ undefined: every unit is [○△×] on both sides/);
        if (i.low === null) {
          expect(i.high).toBeNull();
          expect(i.notEstimable).toMatch(/^(no interval: κ undefined|interval not estimable)/);
          continue;
        }
        estimable++;
        expect(i.notEstimable).toBeNull();
        expect(i.low).toBeLessThanOrEqual(v + 1e-12);
        expect(i.high).toBeGreaterThanOrEqual(v - 1e-12);
      }
    }
    expect(estimable).toBeGreaterThan(4);
    expect(o.kappa).toBeLessThan(0.6);
    expect(o.kappaInterval.high - o.kappaInterval.low).toBeGreaterThan(0.1);
    expect(c.agreement.reading).toMatch(/^κ 0\.\d{3} is \w+ \(Landis & Koch\); .*\(n=27\)/);
    expect(c).toMatchObject({ split: { name: 'all' }, goldOverrides: 0, gold: null });
    expect(c.judged).toHaveLength(27);
    expect(c.history).toHaveLength(27);
  });

  it('prints agreement with intervals, the reading and the split; no per-round recommendation', async () => {
    const r = await calibrate(path.join(work, 'runs-a'), '--sample', '50');
    const out = lines(r.stdout);
    // No disagreement among 27 units: κ 1, but no interval (it used to print [1.000, 1.000] and "can stand in")
    expect(out).toContain('overall  n=27  agreement 100.0%  κ 1.000  weighted κ 1.000  (95%: κ not estimable, weighted κ not estimable)');
    expect(out).toContain(
      'reading: κ 1.000 is almost perfect (Landis & Koch); interval not estimable: no disagreement among 27 units (every resample agrees perfectly); one-sided 95% bound: disagreement rate under 10.5% (n=27); only 27 units, so the interval is wide and a second sample may read differently: without an interval this κ is no ground for letting the judge replace the reference; calibrate on more units (a larger --sample).',
    );
    expect(r.stdout).not.toContain('can stand in');
    expect(out.some((l) => l.startsWith('split: all (the whole history;') && l.endsWith('by perspective: reliability-design 4 dev / 4 test, security-design 0 dev / 1 test'))).toBe(true);
    expect(r.stdout).not.toContain('recommended:');
  });
});

describe('compare-judges <faithful> <noisy>', () => {
  it('names the faithful judge as better, with an interval of the κ difference that excludes 0', async () => {
    const r = await runCli(['compare-judges', faithfulDir, noisyDir, '--json'], {});
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ common: 27, onlyA: 0, onlyB: 0, unscored: 0, referenceConflicts: 0, better: 'A', warnings: [] });
    expect(j.sideA.kappa).toBe(1);
    expect(j.sideB.kappa).toBeLessThan(0.6);
    expect(j.difference.kappa.interval.low).toBeGreaterThan(0);
    expect(j.difference.weightedKappa.interval.low).toBeGreaterThan(0);
    expect(j.difference.kappa.p).toBeLessThan(0.01);
    // P02 is ○/△ everywhere in the history and × for the noisy judge; P03 is ○ for it (3 of the 9 agree)
    const p02 = j.differing.filter((d: any) => d.unit === 'P02');
    expect(p02).toHaveLength(9);
    expect(p02.every((d: any) => d.b === '×' && d.a === d.reference)).toBe(true);
    expect(j.differing[0].aDetail).toMatch(/^fake judge: P0\d is /);
    expect(j.differing[0].referenceDetail).toMatch(/-scoring\.md:\d+$/);
  });

  it('swapped, the noisy one is B no more: judge B (the faithful) is better', async () => {
    const r = await runCli(['compare-judges', noisyDir, faithfulDir, '--json'], {});
    expect(JSON.parse(r.stdout).better).toBe('B');
  });

  it('prints both sides, the difference and the verdict, then the differing units with both reasonings and the history', async () => {
    const r = await runCli(['compare-judges', faithfulDir, noisyDir, '--limit', '1'], {});
    const out = lines(r.stdout);
    expect(out[2]).toBe('units both judged: 27 (unscored on a side: 0; only in A: 0; only in B: 0)');
    expect(out[3]).toMatch(/^A vs history {2}n=27 {2}agreement 100\.0% {2}κ 1\.000/);
    expect(out[4]).toMatch(/^B vs history {2}n=27 {2}agreement \d+\.\d% {2}κ 0\.\d{3}/);
    expect(out[5]).toMatch(/^A − B {2}κ \+\d\.\d{3} {2}95% \[\+0\.\d{3}, \+\d\.\d{3}\] {2}p 0\.\d{4}/);
    expect(out.find((l) => l.startsWith('verdict: '))).toMatch(/^verdict: judge A agrees better with the history: .*the interval excludes 0 and p < 0\.05$/);
    const at = out.findIndex((l) => l.startsWith('units where the judges differ: '));
    expect(out[at]).toMatch(/^units where the judges differ: \d+ \(first 1; --json lists all\)$/);
    expect(out[at + 1]).toMatch(/: A [○△×] \/ B [○△×] \/ history [○△×]$/);
    expect(out[at + 2]).toMatch(/^ {6}A: fake judge/);
    expect(out[at + 3]).toMatch(/^ {6}B: fake judge/);
    expect(out[at + 4]).toMatch(/^ {6}history: .*-scoring\.md:\d+$/);
  });

  it('agree on two calibration folders: the two judges against each other', async () => {
    const r = await runCli(['agree', faithfulDir, noisyDir, '--json'], {});
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.matched).toBe(27);
    expect(j.overall.kappaInterval.method).toMatch(/^percentile bootstrap/);
  });

  it('a folder that is not a calibration → exit 2, one line', async () => {
    expectOneLineInputError(await runCli(['compare-judges', faithfulDir, work], {}), /not a calibration/);
  });
});

describe('--gold', () => {
  const goldFile = () => {
    const file = path.join(work, 'gold.tsv');
    writeFileSync(file, [
      GOLD_COLUMNS.join('\t'),
      'reliability-design\t001\tbaseline\t1\tP03\t○\tsame finding credited in run 2',
      'reliability-design\t002\tbaseline\t1\tP03\t△\t',
      'security-design\t001\tbaseline\t1\tP02\t×\tthe grader misread the review',
    ].join('\n') + '\n');
    return file;
  };

  it('calibrate: exactly those three units change their history verdict, goldOverrides 3, and they become the disagreements', async () => {
    const runs = path.join(work, 'runs-gold');
    const r = await calibrate(runs, '--sample', '50', '--gold', goldFile());
    expect(r.code, r.stderr).toBe(0);
    const c = readJson(calibrationDirs(runs)[0]!);
    const before = readJson(faithfulDir);
    expect(c.goldOverrides).toBe(3);
    expect(c.gold).toMatchObject({ goldOverrides: 3, changed: 3, unused: 0 });
    const changed = c.history.filter((u: any, i: number) => u.verdict !== before.history[i].verdict).map((u: any) => `${u.series} ${u.round} ${u.prompt} ${u.run} ${u.unit} ${u.verdict}`);
    expect(changed).toEqual(['reliability-design 1 baseline 1 P03 ○', 'reliability-design 2 baseline 1 P03 △', 'security-design 1 baseline 1 P02 ×']);
    expect(c.agreement.disagreements).toHaveLength(3);
    expect(c.agreement.disagreements[0].bDetail).toMatch(/^gold .*gold\.tsv:2: same finding credited in run 2 \(history: △ .*-scoring\.md:\d+\)$/);
    expect(r.stdout).toContain('gold set');
    expect(r.stdout).toContain('3 history verdicts replaced (goldOverrides), 3 of them changed; 0 gold rows matched no unit here');
  });

  it('calibration.html: one card per disagreement with the criteria, the grader\'s row, the judge\'s reasoning and the TSV line', async () => {
    const runs = path.join(work, 'runs-gold');
    const html = readFileSync(path.join(calibrationDirs(runs)[0]!, 'calibration.html'), 'utf8');
    expect(html.match(/<details class="unit">/g)).toHaveLength(3);
    expect(html).toContain('○ detected</th><td>');
    // the verdict is a ? the gold parser refuses: copying every line unchanged adjudicates nothing
    expect(html).toContain('<pre class="tsv">security-design\t001\tbaseline\t1\tP02\t?\tjudge △, history ×</pre>');
    expect(html).not.toContain('judge right');
    expect(html).toContain('fake judge: P02 is partial');
    expect(html).toContain('id="gold">gold set');
    expect(html).toMatch(/<pre class="quote">[^<]*P02[^<]*<\/pre>/);
  });

  it('agree <calibration> <import> --gold: the history side is replaced, goldOverrides 3', async () => {
    const imported = path.join(work, 'runs-import');
    expect((await runCli(['import', '.', '--runs-dir', imported], {}, { cwd: root })).code).toBe(0);
    const r = await runCli(['agree', faithfulDir, imported, '--gold', goldFile(), '--json'], {});
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.goldOverrides).toBe(3);
    expect(j.disagreements.map((d: any) => `${d.unit} ${d.a}/${d.b}`).sort()).toEqual(['P02 △/×', 'P03 ×/△', 'P03 △/○']);
  });

  it('agree <import> <import> --gold → exit 2: on both sides it would count twice and force agreement', async () => {
    const imported = path.join(work, 'runs-import-2');
    expect((await runCli(['import', '.', '--runs-dir', imported], {}, { cwd: root })).code).toBe(0);
    expectOneLineInputError(await runCli(['agree', imported, imported, '--gold', goldFile()], {}), /both raters are history/);
  });

  it('--gold with neither rater history → exit 2', async () => {
    expectOneLineInputError(await runCli(['agree', faithfulDir, noisyDir, '--gold', goldFile()], {}), /neither rater is history/);
  });
});

describe('--split dev|test', () => {
  it('dev and test samples are disjoint and together the whole history; the split is recorded', async () => {
    const seen: Record<string, Set<string>> = { dev: new Set(), test: new Set() };
    for (const split of ['dev', 'test']) {
      for (const seed of ['1', '2', '3']) {
        const runs = path.join(work, `runs-${split}-${seed}`);
        const r = await calibrate(runs, '--sample', '3', '--seed', seed, '--split', split, '--dry-run');
        expect(r.code, r.stderr).toBe(0);
        expect(lines(r.stdout)[0]).toMatch(new RegExp(`^calibration sample: \\d of \\d ${split} reviews \\(9 in the history; seed ${seed}\\)`));
      }
      const full = await calibrate(path.join(work, `runs-${split}`), '--sample', '50', '--split', split);
      expect(full.code, full.stderr).toBe(0);
      const c = readJson(calibrationDirs(path.join(work, `runs-${split}`))[0]!);
      // by round: reliability-design r1 (4 reviews) is dev; r2 (4) and security-design r1 (1) are test
      expect(c.split).toMatchObject({ name: split, devReviews: 4, testReviews: 5, byPerspective: { 'reliability-design': { dev: 4, test: 4 }, 'security-design': { dev: 0, test: 1 } } });
      for (const s of c.sample) seen[split]!.add(`${s.series}/${s.round}/${s.prompt}/${s.run}`);
    }
    expect([...seen.dev!].filter((k) => seen.test!.has(k))).toEqual([]);
    expect(seen.dev!.size + seen.test!.size).toBe(9);
    // the same round is never in both either
    const rounds = (xs: Set<string>) => new Set([...xs].map((k) => k.split('/').slice(0, 2).join('/')));
    expect([...rounds(seen.dev!)].filter((k) => rounds(seen.test!).has(k))).toEqual([]);
  });

  it('--split other → exit 2 before any request', async () => {
    const before = server.requests.length;
    expectOneLineInputError(await calibrate(path.join(work, 'runs-bad'), '--sample', '3', '--split', 'train'), /--split expects dev or test/);
    expect(server.requests.length).toBe(before);
  });
});

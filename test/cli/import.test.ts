/**
 * `review-judge import` end to end, in process: a temp workflow root (the workflow-root fixture's
 * keys and reviews plus test/fixtures/history-root's scoring files, one layout each, one unreadable)
 * becomes one imported run per round; then, on the real corpus, 2,812 verdicts that `agree` compares
 * with labels.tsv.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABELS_COLUMNS } from '../../src/history/labelsTsv.ts';
import { Manifest } from '../../src/types/Manifest.ts';
import { Verdicts } from '../../src/types/Verdicts.ts';
import { runCli, type CliResult } from '../e2e/runCli.ts';
import { buildHistoryRoot, HISTORY } from '../fixtures/history-root/historyRoot.ts';
import { arg, CORPUS, expectOneLineInputError, lines, REPO, sha256 } from './cliTestKit.ts';

const ROUNDS = ['reliability-design-r001', 'reliability-design-r002', 'security-design-r001'];
const UNREADABLE = 'security-design/results/v001-variant-c-scoring.md';
const UNREADABLE_REASON = 'no verdict table found (no table pairs problem ids with ○/△/× cells)';

let root: string;
let work: string;
let runs: string;
let text: CliResult;

/** Imports the temp root (cwd = the root, so recorded paths are root-relative). */
const importRoot = (...argv: string[]) => runCli(['import', '.', ...argv], {}, { cwd: root });
// Run folders are `<stamp>-import-<series>-rNNN-<6 hex>`: found by their series and round.
const runDir = (dir: string, suffix: string) => path.join(dir, readdirSync(dir).find((d) => new RegExp(`-import-${suffix}-[0-9a-f]{6}$`).test(d))!);
const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

beforeAll(async () => {
  root = buildHistoryRoot('rj-import-');
  work = mkdtempSync(path.join(tmpdir(), 'rj-import-runs-'));
  runs = path.join(work, 'runs');
  text = await importRoot('--runs-dir', runs);
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

describe('import <workflow-root>', () => {
  it('exits 0 and prints one line per round and a total', () => {
    expect(text.code, text.stderr).toBe(0);
    // run folders are shown relative to the working directory (the root here)
    const shown = (id: string) => path.relative(root, runDir(runs, id));
    expect(lines(text.stdout)).toEqual([
      `reliability-design round 1: 12 verdicts from 2 scoring files → ${shown('reliability-design-r001')}`,
      `reliability-design round 2: 12 verdicts from 2 scoring files → ${shown('reliability-design-r002')}`,
      `security-design round 1: 3 verdicts from 1 scoring files → ${shown('security-design-r001')}`,
      'imported 27 verdicts from 5 scoring files in 3 rounds; 1 files could not be read',
    ]);
  });

  it('lists the unreadable scoring file on stderr with its reason, and warns about P04 (not in the key)', () => {
    expect(lines(text.stderr).sort()).toEqual(
      [
        'warning: reliability-design/results/v001-variant-a-scoring.md:7: P04 is not in the answer key; left out',
        'warning: reliability-design/results/v001-variant-a-scoring.md:8: P04 is not in the answer key; left out',
        `${UNREADABLE}: not imported: ${UNREADABLE_REASON}`,
      ].sort(),
    );
  });

  it('writes one run folder per round with verdicts.json, manifest.json and reports', () => {
    const names = readdirSync(runs).sort();
    expect(names).toHaveLength(3);
    names.forEach((n, i) => expect(n).toMatch(new RegExp(`^\\d{8}T\\d{6}Z-import-${ROUNDS[i]}-[0-9a-f]{6}$`)));
    for (const n of names) {
      const files = readdirSync(path.join(runs, n));
      expect(files).toEqual(expect.arrayContaining(['verdicts.json', 'manifest.json', 'report.json', 'report.md']));
      expect(() => Manifest.parse(readJson(path.join(runs, n, 'manifest.json')))).not.toThrow();
    }
  });

  const perRound: Array<[string, number, number]> = [
    ['reliability-design-r001', 1, 12],
    ['reliability-design-r002', 2, 12],
    ['security-design-r001', 1, 3],
  ];
  it.each(perRound)('%s: verdicts.json validates, is imported and holds the files\' final verdicts', (suffix, round, count) => {
    const series = suffix.replace(/-r\d+$/, '');
    const v = Verdicts.parse(readJson(path.join(runDir(runs, suffix), 'verdicts.json')));
    expect(v.imported).toBe(true);
    expect(v.units).toHaveLength(count);
    const expected = Object.values(HISTORY)
      .filter((h) => h.series === series && h.round === round)
      .flatMap((h) => h.verdicts.map((verdict, i) => `${h.prompt}/${h.run}/P0${i + 1}:${verdict}`))
      .sort();
    expect(v.units.map((u) => `${u.review.prompt}/${u.review.run}/${u.unit}:${u.verdict}`).sort()).toEqual(expected);
    for (const u of v.units) {
      const nnn = String(round).padStart(3, '0');
      // review = the run file (root-relative, digest of its bytes); source = the scoring file and line
      expect(u.review.path).toBe(`${series}/results/v${nnn}-${u.review.prompt}-run${u.review.run}.md`);
      expect(u.review.sha256).toBe(sha256(path.join(root, u.review.path)));
      expect(u.source!.file).toBe(`${series}/results/v${nnn}-${u.review.prompt}-scoring.md`);
      const sourceLine = readFileSync(path.join(root, u.source!.file), 'utf8').split('\n')[u.source!.line - 1]!;
      expect(sourceLine.trim()).not.toBe('');
    }
  });

  const sourceLines: Array<[string, string, number, string, number, string]> = [
    // correction tables and re-evaluations win over the first matrix
    ['reliability-design-r001', 'baseline', 2, 'P02', 50, '| P02 (Idempotency) | ○ | △ | Run 2 corrected from ○ |'],
    ['reliability-design-r001', 'variant-a', 2, 'P03', 8, '| Run 2 | ○ | ○ | △ | ○ | 2.5 | 2 | 1 | 3.0 |'],
    ['reliability-design-r002', 'baseline', 1, 'P02', 30, '| P02 | △ | ○ |'],
    ['reliability-design-r002', 'baseline', 2, 'P03', 14, '| P3 | キュー監視 | × | × → △ | Run2は再確認で△に修正 |'],
    ['reliability-design-r002', 'variant-b', 2, 'P02', 34, '**Correction**: Run2 = △ (0.5) for P02'],
    ['security-design-r001', 'baseline', 1, 'P02', 8, '- P02: 0.5 (partial: names secrets but not the repository)'],
  ];
  it.each(sourceLines)('%s %s run %i %s: source line %i is the winning verdict', (suffix, prompt, run, unit, line, content) => {
    const v = Verdicts.parse(readJson(path.join(runDir(runs, suffix), 'verdicts.json')));
    const u = v.units.find((x) => x.review.prompt === prompt && x.review.run === run && x.unit === unit)!;
    expect(u.source!.line).toBe(line);
    expect(readFileSync(path.join(root, u.source!.file), 'utf8').split('\n')[line - 1]).toBe(content);
  });

  it('keeps the stated bonus/penalty counts and, for the security round, the unreadable file in the manifest', () => {
    const v = Verdicts.parse(readJson(path.join(runDir(runs, 'reliability-design-r001'), 'verdicts.json')));
    expect(v.statedCounts).toEqual([
      { prompt: 'baseline', run: 1, bonus: 0, penalty: 1, file: 'reliability-design/results/v001-baseline-scoring.md' },
      { prompt: 'baseline', run: 2, bonus: 2, penalty: 0, file: 'reliability-design/results/v001-baseline-scoring.md' },
      { prompt: 'variant-a', run: 1, bonus: 3, penalty: 0, file: 'reliability-design/results/v001-variant-a-scoring.md' },
      { prompt: 'variant-a', run: 2, bonus: 2, penalty: 1, file: 'reliability-design/results/v001-variant-a-scoring.md' },
    ]);
    const m = Manifest.parse(readJson(path.join(runDir(runs, 'security-design-r001'), 'manifest.json')));
    expect(m.imported).toEqual({
      scoringFiles: [{ path: 'security-design/results/v001-baseline-scoring.md', sha256: sha256(path.join(root, 'security-design/results/v001-baseline-scoring.md')) }],
      unreadable: [{ path: UNREADABLE, reason: UNREADABLE_REASON }],
    });
    expect(m.inputs.reviews.map((r) => r.path)).toEqual(['security-design/results/v001-baseline-run1.md']);
  });

  it('--json prints the summary', async () => {
    const r = await importRoot('--runs-dir', path.join(work, 'runs-json'), '--json');
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as { rounds: Array<{ series: string; round: number; run: string; verdicts: number; files: number; unreadable: unknown[] }>; verdicts: number; unreadable: number };
    expect(s.verdicts).toBe(27);
    expect(s.unreadable).toBe(1);
    expect(s.rounds.map(({ series, round, verdicts, files, unreadable }) => ({ series, round, verdicts, files, unreadable }))).toEqual([
      { series: 'reliability-design', round: 1, verdicts: 12, files: 2, unreadable: [] },
      { series: 'reliability-design', round: 2, verdicts: 12, files: 2, unreadable: [] },
      { series: 'security-design', round: 1, verdicts: 3, files: 1, unreadable: [{ path: UNREADABLE, reason: UNREADABLE_REASON }] },
    ]);
    for (const x of s.rounds) expect(existsSync(path.join(x.run, 'verdicts.json'))).toBe(true);
    expect(r.stderr).toContain(`${UNREADABLE}: not imported: ${UNREADABLE_REASON}`);
  });

  it('a single round folder imports only its rounds', async () => {
    const r = await runCli(['import', 'reliability-design', '--runs-dir', path.join(work, 'runs-one'), '--json'], {}, { cwd: root });
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as { rounds: Array<{ series: string; round: number }>; verdicts: number };
    expect(s.rounds.map((x) => `${x.series}/${x.round}`)).toEqual(['reliability-design/1', 'reliability-design/2']);
    expect(s.verdicts).toBe(24);
  });

  it('a round whose answer key is missing is skipped, its scoring files listed with the reason', async () => {
    const copy = buildHistoryRoot('rj-import-nokey-');
    try {
      unlinkSync(path.join(copy, 'reliability-design/answer-key-round-002.md'));
      const r = await runCli(['import', '.', '--runs-dir', path.join(work, 'runs-nokey'), '--json'], {}, { cwd: copy });
      expect(r.code, r.stderr).toBe(0);
      expect((JSON.parse(r.stdout) as { verdicts: number }).verdicts).toBe(15);
      for (const f of ['v002-baseline-scoring.md', 'v002-variant-b-scoring.md']) {
        expect(r.stderr).toMatch(new RegExp(`^reliability-design/results/${f}: not imported: no usable answer key \\(.*\\)$`, 'm'));
      }
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('a folder without scoring files → exit 2, one line naming it', async () => {
    const r = await runCli(['import', arg('test/fixtures/workflow-root'), '--runs-dir', path.join(work, 'runs-none')], {});
    expectOneLineInputError(r, /workflow-root: no results\/vNNN-<prompt>-scoring\.md files found/);
    expect(existsSync(path.join(work, 'runs-none'))).toBe(false);
  });

  it('the imported runs agree fully with a labels TSV written from the same history', async () => {
    const rows = Object.values(HISTORY).flatMap((h) =>
      h.verdicts.map((v, i) => {
        const nnn = String(h.round).padStart(3, '0');
        const points = v === '○' ? '1.0' : v === '△' ? '0.5' : '0.0';
        return [h.series, nnn, h.prompt, String(h.run), `P0${i + 1}`, v, points, '', `${h.series}/results/v${nnn}-${h.prompt}-scoring.md`, `${h.series}/answer-key-round-${nnn}.md`, `${h.series}/results/v${nnn}-${h.prompt}-run${h.run}.md`].join('\t');
      }),
    );
    const tsv = path.join(work, 'history-labels.tsv');
    writeFileSync(tsv, [LABELS_COLUMNS.join('\t'), ...rows].join('\n') + '\n');
    const r = await runCli(['agree', runs, tsv, '--json'], {});
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ matched: 27, onlyA: 0, onlyB: 0, unscored: 0, disagreements: [] });
    expect(report.overall).toMatchObject({ n: 27, observed: 1, kappa: 1, weightedKappa: 1 });
    expect(Object.keys(report.byPerspective)).toEqual(['reliability-design', 'security-design']);
  });
});

const corpusPresent = existsSync(path.join(CORPUS, 'rounds')) && existsSync(path.join(CORPUS, 'labels.tsv'));
if (!corpusPresent) console.warn(`corpus absent at ${CORPUS}: import/agree corpus tests skipped`);

/** The 7 verdicts where the import (a prose correction after the table) and labels.tsv (the table) differ. */
const CORPUS_DISAGREEMENTS = [
  'performance-design r2 baseline run2 P10: × / ○',
  'performance-design r3 baseline run2 P06: × / ○',
  'performance-design r7 variant-nfr-antipattern run1 P10: △ / ×',
  'performance-design r7 variant-nfr-antipattern run2 P10: × / △',
  'performance-design r8 baseline run2 P06: × / ○',
  'security-design r3 decomposition run1 P08: × / ○',
  'security-design r17 baseline run2 P01: △ / ○',
];

describe.skipIf(!corpusPresent)('import ../shared/corpus, then agree with labels.tsv', () => {
  let corpusRuns: string;
  beforeAll(() => {
    corpusRuns = path.join(work, 'corpus-runs');
  });

  it('imports 2,812 verdicts in 55 rounds, every file read', async () => {
    const r = await runCli(['import', '../shared/corpus', '--runs-dir', corpusRuns, '--json'], {}, { cwd: REPO });
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as { rounds: Array<{ files: number }>; verdicts: number; unreadable: number };
    expect(s.verdicts).toBe(2812);
    expect(s.rounds).toHaveLength(55);
    expect(s.rounds.reduce((a, x) => a + x.files, 0)).toBe(146);
    expect(s.unreadable).toBe(0);
    expect(readdirSync(corpusRuns)).toHaveLength(55);
  });

  it('agree <import> labels.tsv: all 2,812 matched, κ ≥ 0.99, exactly the 7 prose corrections disagree', async () => {
    const r = await runCli(['agree', corpusRuns, '../shared/corpus/labels.tsv', '--json'], {}, { cwd: REPO });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as {
      matched: number; onlyA: number; onlyB: number; unscored: number;
      overall: { n: number; observed: number; kappa: number; weightedKappa: number };
      disagreements: Array<{ series: string; round: number; prompt: string; run: number; unit: string; a: string; b: string; aDetail: string; bDetail: string }>;
    };
    expect(report).toMatchObject({ matched: 2812, onlyA: 0, onlyB: 0, unscored: 0 });
    expect(report.overall.n).toBe(2812);
    expect(report.overall.observed).toBeGreaterThanOrEqual(0.99);
    expect(report.overall.kappa).toBeGreaterThanOrEqual(0.99);
    expect(report.disagreements.map((d) => `${d.series} r${d.round} ${d.prompt} run${d.run} ${d.unit}: ${d.a} / ${d.b}`)).toEqual(CORPUS_DISAGREEMENTS);
    const labels = readFileSync(path.join(CORPUS, 'labels.tsv'), 'utf8').split('\n');
    for (const d of report.disagreements) {
      // A: the scoring file and line of the import's verdict, a prose correction (not a table row)
      const a = /^(.+-scoring\.md):(\d+)$/.exec(d.aDetail)!;
      expect(a, d.aDetail).not.toBeNull();
      const sourceLine = readFileSync(path.resolve(REPO, a[1]!), 'utf8').split('\n')[Number(a[2]) - 1]!;
      expect(sourceLine.trim()).not.toMatch(/^\|/);
      // B: the labels.tsv row, which keeps the table's verdict
      const b = /^(rounds\/.+-scoring\.md) \(labels\.tsv line (\d+)\)$/.exec(d.bDetail)!;
      expect(b, d.bDetail).not.toBeNull();
      expect(a[1]!.endsWith(b[1]!)).toBe(true);
      const row = labels[Number(b[2]) - 1]!.split('\t');
      expect([row[0], Number(row[1]), row[2], Number(row[3]), row[4], row[5]]).toEqual([d.series, d.round, d.prompt, d.run, d.unit, d.b]);
    }
  });

  it('the text output lists each disagreement with both sides', async () => {
    const r = await runCli(['agree', corpusRuns, '../shared/corpus/labels.tsv'], {}, { cwd: REPO });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('matched units: 2812 (unscored on one side: 0; only in A: 0; only in B: 0)');
    expect(r.stdout).toContain('disagreements: 7\n');
    const out = lines(r.stdout);
    for (const d of CORPUS_DISAGREEMENTS) {
      const [where, sides] = d.split(': ');
      const [va, vb] = sides!.split(' / ');
      const i = out.indexOf(`  ${where}: A ${va} / B ${vb}`);
      expect(i, d).toBeGreaterThan(0);
      expect(out[i + 1]).toMatch(/^ {6}A: .+-scoring\.md:\d+$/);
      expect(out[i + 2]).toMatch(/^ {6}B: rounds\/.+-scoring\.md \(labels\.tsv line \d+\)$/);
    }
  });
});

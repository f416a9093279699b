import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAnswerKey } from '../answer-key/parseAnswerKey.ts';
import { parsePerspective } from '../perspective/parsePerspective.ts';
import { Manifest } from '../types/Manifest.ts';
import { Verdicts } from '../types/Verdicts.ts';
import { HISTORY_JUDGE, importedRun, type FileDigest, type HistoryRound } from './importedRun.ts';
import { parseScoringFile } from './parseScoringFile.ts';

const REPO = path.resolve(import.meta.dirname, '../..');
const WF = path.join(REPO, 'test/fixtures/workflow-root/reliability-design');
const HIST = path.join(REPO, 'test/fixtures/history-root/reliability-design/results');
/** Where the round "lives" as the import records it (paths are kept as given). */
const SHOWN = 'wf/reliability-design';

const sha = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');
const digest = (abs: string, shown: string): FileDigest => {
  const bytes = readFileSync(abs);
  return { path: shown, sha256: sha(bytes), size: bytes.byteLength };
};
const scoring = (name: string) => {
  const text = readFileSync(path.join(HIST, name), 'utf8');
  const shown = `${SHOWN}/results/${name}`;
  return { file: { path: shown, sha256: sha(text), size: Buffer.byteLength(text) }, parsed: parseScoringFile(text, shown) };
};
const runFile = (prompt: string, run: number): [string, FileDigest] => {
  const name = `v001-${prompt}-run${run}.md`;
  return [`${prompt}/${run}`, digest(path.join(WF, 'results', name), `${SHOWN}/results/${name}`)];
};

/** Round 1 of reliability-design: v001-baseline (per-run tables + correction) and v001-variant-a (transposed, with P04). */
function round(over: Partial<HistoryRound> = {}): HistoryRound {
  const keyText = readFileSync(path.join(WF, 'answer-key-round-001.md'), 'utf8');
  const perspectiveText = readFileSync(path.join(WF, 'perspective.md'), 'utf8');
  return {
    runId: '20261125T120000Z-import-reliability-design-r001',
    createdAt: '2026-11-25T12:00:00.000Z',
    round: 1,
    key: { file: { path: `${SHOWN}/answer-key-round-001.md`, sha256: sha(keyText), size: Buffer.byteLength(keyText) }, parsed: parseAnswerKey(keyText, 'answer-key-round-001.md') },
    perspective: { file: { path: `${SHOWN}/perspective.md`, sha256: sha(perspectiveText), size: Buffer.byteLength(perspectiveText) }, parsed: parsePerspective(perspectiveText, 'perspective.md') },
    scoring: [scoring('v001-baseline-scoring.md'), scoring('v001-variant-a-scoring.md')],
    unreadable: [{ path: `${SHOWN}/results/v001-broken-scoring.md`, reason: 'no verdict table found' }],
    runFiles: new Map([runFile('baseline', 1), runFile('baseline', 2), runFile('variant-a', 1), runFile('variant-a', 2)]),
    ...over,
  };
}

const BASELINE = `${SHOWN}/results/v001-baseline-scoring.md`;
const VARIANT = `${SHOWN}/results/v001-variant-a-scoring.md`;

describe('importedRun', () => {
  const h = round();
  const { verdicts, manifest, warnings } = importedRun(h);
  const find = (prompt: string, run: number, unit: string) => verdicts.units.find((u) => u.review.prompt === prompt && u.review.run === run && u.unit === unit)!;

  it('validates with the Verdicts and Manifest schemas and is marked imported', () => {
    expect(Verdicts.parse(verdicts)).toEqual(verdicts);
    expect(() => Manifest.parse(manifest)).not.toThrow();
    expect(verdicts.imported).toBe(true);
    expect(verdicts.runId).toBe(h.runId);
    expect(manifest.runId).toBe(h.runId);
    expect(manifest.round).toBe(1);
    expect(manifest.judges).toEqual([expect.objectContaining({ id: HISTORY_JUDGE, kind: 'imported' })]);
  });

  it('reads the final verdicts: corrections applied, sorted by prompt, run, unit; P04 (not in the key) left out', () => {
    expect(verdicts.units.map((u) => `${u.review.prompt}/${u.review.run}/${u.unit}:${u.verdict}`)).toEqual([
      'baseline/1/P01:○', 'baseline/1/P02:○', 'baseline/1/P03:△',
      'baseline/2/P01:○', 'baseline/2/P02:△', 'baseline/2/P03:○',
      'variant-a/1/P01:○', 'variant-a/1/P02:○', 'variant-a/1/P03:○',
      'variant-a/2/P01:○', 'variant-a/2/P02:○', 'variant-a/2/P03:△',
    ]);
    expect(verdicts.units.some((u) => u.unit === 'P04')).toBe(false);
  });

  const sources: Array<[string, number, string, string, number]> = [
    // the correction table at the end of v001-baseline supersedes the per-run tables
    ['baseline', 1, 'P01', BASELINE, 49],
    ['baseline', 2, 'P02', BASELINE, 50],
    ['baseline', 2, 'P03', BASELINE, 51],
    // transposed table: run 1 on line 7, run 2 on line 8
    ['variant-a', 1, 'P03', VARIANT, 7],
    ['variant-a', 2, 'P03', VARIANT, 8],
  ];
  it.each(sources)('%s run %i %s: source %s:%i, one historical vote citing it', (prompt, run, unit, file, line) => {
    const u = find(prompt, run, unit);
    expect(u.source).toEqual({ file, line });
    expect(u.votes).toEqual([{ judge: HISTORY_JUDGE, voteIndex: 0, verdict: u.verdict, modelVerdict: u.verdict, verified: true, reason: `${file}:${line}` }]);
    expect(u).toMatchObject({ agreement: 1, evidence: [], unverified: 0 });
  });

  it('every verdict carries the scoring file and line it was read from', () => {
    for (const u of verdicts.units) {
      const file = u.review.prompt === 'baseline' ? BASELINE : VARIANT;
      const parsed = h.scoring.find((s) => s.file.path === file)!.parsed.verdicts.find((v) => v.run === u.review.run && v.problem === u.unit)!;
      expect(u.source).toEqual({ file, line: parsed.line });
    }
  });

  it('review.path and sha256 are the run file, not the scoring file', () => {
    for (const u of verdicts.units) {
      const rf = h.runFiles.get(`${u.review.prompt}/${u.review.run}`)!;
      expect(u.review).toEqual({ prompt: u.review.prompt, run: u.review.run, path: rf.path, sha256: rf.sha256 });
      expect(u.review.path).toMatch(/-run[12]\.md$/);
    }
    expect(manifest.inputs.reviews).toEqual(
      [['baseline', 1], ['baseline', 2], ['variant-a', 1], ['variant-a', 2]].map(([prompt, run]) => {
        const rf = h.runFiles.get(`${prompt}/${run}`)!;
        return { prompt, run, path: rf.path, sha256: rf.sha256, size: rf.size };
      }),
    );
  });

  it('warns, with file and line, for each verdict on a problem the key does not have', () => {
    expect(warnings).toEqual([`${VARIANT}:7: P04 is not in the answer key; left out`, `${VARIANT}:8: P04 is not in the answer key; left out`]);
  });

  it('keeps the stated bonus and penalty counts per run and file', () => {
    expect(verdicts.statedCounts).toEqual([
      { prompt: 'baseline', run: 1, bonus: 0, penalty: 1, file: BASELINE },
      { prompt: 'baseline', run: 2, bonus: 2, penalty: 0, file: BASELINE },
      { prompt: 'variant-a', run: 1, bonus: 3, penalty: 0, file: VARIANT },
      { prompt: 'variant-a', run: 2, bonus: 2, penalty: 1, file: VARIANT },
    ]);
  });

  it('the manifest records the scoring files read and those that could not be', () => {
    expect(manifest.imported).toEqual({
      scoringFiles: h.scoring.map((s) => ({ path: s.file.path, sha256: s.file.sha256 })),
      unreadable: h.unreadable,
    });
    expect(manifest.imported!.scoringFiles.map((f) => f.path)).toEqual([BASELINE, VARIANT]);
    expect(manifest.inputs.key).toEqual({ path: h.key.file.path, sha256: h.key.file.sha256 });
    expect(manifest.inputs.perspective).toEqual({ path: h.perspective!.file.path, sha256: h.perspective!.file.sha256 });
    expect(manifest.key).toEqual(h.key.parsed);
    expect(manifest.units).toHaveLength(12);
    expect(manifest.units.every((u) => u.judged === false)).toBe(true);
    expect(manifest.totals).toMatchObject({ units: 12, unscored: 0, requests: 0, costUsd: 0 });
    expect(manifest.votes).toEqual([]);
  });

  it('is pure and deterministic; the fingerprint follows the scoring files', () => {
    expect(importedRun(round())).toEqual(importedRun(round()));
    const changed = round();
    changed.scoring[0] = { ...changed.scoring[0]!, file: { ...changed.scoring[0]!.file, sha256: 'f'.repeat(64) } };
    expect(importedRun(changed).manifest.fingerprint).not.toBe(manifest.fingerprint);
  });

  it('a run without its run file: warned, kept out of the manifest reviews, path guessed and sha256 empty', () => {
    const runFiles = new Map(h.runFiles);
    runFiles.delete('baseline/2');
    const r = importedRun(round({ runFiles }));
    expect(r.warnings).toContain(`${BASELINE}: run 2 has verdicts but no run file ${SHOWN}/results/v001-baseline-run2.md`);
    expect(r.manifest.inputs.reviews.map((x) => `${x.prompt}/${x.run}`)).toEqual(['baseline/1', 'variant-a/1', 'variant-a/2']);
    const orphan = r.verdicts.units.filter((u) => u.review.prompt === 'baseline' && u.review.run === 2);
    expect(orphan).toHaveLength(3);
    for (const u of orphan) expect(u.review).toEqual({ prompt: 'baseline', run: 2, path: `${SHOWN}/results/v001-baseline-run2.md`, sha256: '' });
    expect(() => Manifest.parse(r.manifest)).not.toThrow();
  });

  it('no perspective and no readable scoring file: an empty run that still validates', () => {
    const r = importedRun(round({ perspective: null, scoring: [] }));
    expect(r.verdicts.units).toEqual([]);
    expect(r.verdicts.statedCounts).toEqual([]);
    expect(r.manifest.inputs.perspective).toBeNull();
    expect(r.manifest.inputs.reviews).toEqual([]);
    expect(r.manifest.imported).toEqual({ scoringFiles: [], unreadable: h.unreadable });
    expect(() => Manifest.parse(r.manifest)).not.toThrow();
    expect(() => Verdicts.parse(r.verdicts)).not.toThrow();
  });
});

import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { loadAdHoc, loadRound } from './loadInputs.ts';

const KEY = '# Answer Key\n\n### P01: x\n';
const REVIEW = '# Review\n- finding\n';

let dir: string;
beforeEach(() => void (dir = mkdtempSync(path.join(tmpdir(), 'rj-load-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `files` (relative path → content) under the temp folder. */
function write(files: Record<string, string | Uint8Array>): void {
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), content);
  }
}

async function inputError(p: Promise<unknown>): Promise<InputError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(InputError);
  return e as InputError;
}

const ids = (rs: Array<{ prompt: string; run: number }>) => rs.map((r) => `${r.prompt}#${r.run}`);

describe('loadRound', () => {
  it('a round folder without results/ has zero reviews, not a crash', async () => {
    write({ 'answer-key-round-002.md': KEY, 'perspective.md': '# P\n' });
    const inputs = await loadRound(dir, 2);
    expect(inputs).toMatchObject({ round: 2, reviews: [], refused: [] });
    expect(inputs.key.path).toBe(path.join(dir, 'answer-key-round-002.md'));
    expect(inputs.perspective?.path).toBe(path.join(dir, 'perspective.md'));
  });

  it('without perspective.md the perspective is null', async () => {
    write({ 'answer-key-round-002.md': KEY, 'results/v002-baseline-run1.md': REVIEW });
    const inputs = await loadRound(dir, 2);
    expect(inputs.perspective).toBeNull();
    expect(ids(inputs.reviews)).toEqual(['baseline#1']);
  });

  it('keeps only run files of that round, sorted by prompt then run number', async () => {
    write({
      'answer-key-round-002.md': KEY,
      'answer-key-round-003.md': KEY,
      'results/v002-zeta-run1.md': REVIEW,
      'results/v002-baseline-run10.md': REVIEW,
      'results/v002-baseline-run2.md': REVIEW,
      'results/v002-baseline-scoring.md': REVIEW,
      'results/v003-baseline-run1.md': REVIEW,
      'results/notes.md': REVIEW,
    });
    const inputs = await loadRound(dir, 2);
    expect(ids(inputs.reviews)).toEqual(['baseline#2', 'baseline#10', 'zeta#1']);
    expect(inputs.refused).toEqual([]);
  });

  it('hashes the bytes and keeps the decoded text', async () => {
    const bytes = '\uFEFF# R\r\n- a\r\n';
    write({ 'answer-key-round-001.md': KEY, 'results/v001-baseline-run1.md': bytes });
    const [r] = (await loadRound(dir, 1)).reviews;
    expect(r).toMatchObject({ text: '# R\n- a\n', size: Buffer.byteLength(bytes), sha256: createHash('sha256').update(bytes).digest('hex') });
  });

  it.each([
    ['other rounds present', ['answer-key-round-001.md', 'answer-key-round-010.md'], 'no answer key for round 2 (rounds found: 1, 10); expected answer-key-round-002.md'],
    ['no keys at all', ['README.md'], 'no answer key for round 2 (no answer-key-round-NNN.md files found); expected answer-key-round-002.md'],
  ])('no key for the round (%s): InputError listing the rounds found', async (_name, names, message) => {
    write(Object.fromEntries(names.map((n) => [n, KEY])));
    const e = await inputError(loadRound(dir, 2));
    expect(e.message).toBe(message);
    expect(e.file).toBe(dir);
  });

  it('a missing folder is an InputError naming it', async () => {
    const e = await inputError(loadRound(path.join(dir, 'nope'), 1));
    expect(e.format()).toBe(`${path.join(dir, 'nope')}: round folder not found (ENOENT)`);
  });

  it('--prompt filters before reading', async () => {
    write({ 'answer-key-round-001.md': KEY, 'results/v001-a-run1.md': REVIEW, 'results/v001-b-run1.md': '' });
    const inputs = await loadRound(dir, 1, { prompts: ['a'] });
    expect(ids(inputs.reviews)).toEqual(['a#1']);
    expect(inputs.refused).toEqual([]); // b's empty file is never looked at
  });
});

describe('loadAdHoc', () => {
  it('refuses a second file with the same prompt and run identity; the first is kept', async () => {
    write({ 'k.md': KEY, 'a/review.md': REVIEW, 'b/review.md': REVIEW + 'x\n', 'c/v004-review-run1.md': REVIEW + 'y\n', 'c/review-run2.md': REVIEW });
    const inputs = await loadAdHoc(path.join(dir, 'k.md'), ['a', 'b', 'c'].map((d) => path.join(dir, d)), undefined);
    expect(inputs.reviews.map((r) => r.path)).toEqual([path.join(dir, 'a/review.md'), path.join(dir, 'c/review-run2.md')]);
    expect(inputs.refused).toEqual([
      { path: path.join(dir, 'b/review.md'), reason: 'another file already is review run 1; rename one' },
      { path: path.join(dir, 'c/v004-review-run1.md'), reason: 'another file already is review run 1; rename one' },
    ]);
  });

  it('the same file given twice is refused the second time', async () => {
    write({ 'k.md': KEY, 'r.md': REVIEW });
    const f = path.join(dir, 'r.md');
    const inputs = await loadAdHoc(path.join(dir, 'k.md'), [f, f], undefined);
    expect(inputs.reviews).toHaveLength(1);
    expect(inputs.refused).toHaveLength(1);
  });

  it('a refused file does not take the identity: a later valid file with it is kept', async () => {
    write({ 'k.md': KEY, 'a/review.md': '', 'b/review.md': REVIEW });
    const inputs = await loadAdHoc(path.join(dir, 'k.md'), [path.join(dir, 'a'), path.join(dir, 'b')], undefined);
    expect(inputs.reviews.map((r) => r.path)).toEqual([path.join(dir, 'b/review.md')]);
    expect(inputs.refused.map((r) => r.reason)).toEqual([expect.stringMatching(/^empty review/)]);
  });

  it('a folder yields its markdown reviews, not scoring, key, perspective or non-markdown files', async () => {
    write({
      'k.md': KEY,
      'rev/alpha-run1.md': REVIEW,
      'rev/beta.MD': REVIEW,
      'rev/v001-alpha-scoring.md': REVIEW,
      'rev/answer-key-round-001.md': KEY,
      'rev/perspective.md': REVIEW,
      'rev/notes.txt': REVIEW,
    });
    const inputs = await loadAdHoc(path.join(dir, 'k.md'), [path.join(dir, 'rev')], undefined);
    expect(ids(inputs.reviews)).toEqual(['alpha#1', 'beta#1']);
  });

  it('an empty folder gives zero reviews', async () => {
    write({ 'k.md': KEY });
    mkdirSync(path.join(dir, 'empty'));
    const inputs = await loadAdHoc(path.join(dir, 'k.md'), [path.join(dir, 'empty')], undefined);
    expect(inputs).toMatchObject({ reviews: [], refused: [] });
  });

  it.each([
    ['answer-key-round-007.md', 7],
    ['round-006.md', 6],
    ['key-round12.md', 12],
    ['my-key.md', null],
  ])('round from the key name %s → %s', async (name, round) => {
    write({ [name]: KEY, 'r.md': REVIEW });
    expect((await loadAdHoc(path.join(dir, name), [path.join(dir, 'r.md')], undefined)).round).toBe(round);
  });

  it.each([
    ['a missing review path', () => loadAdHoc(path.join(dir, 'k.md'), [path.join(dir, 'nope.md')], undefined), /review not found \(ENOENT\)$/],
    ['a missing key', () => loadAdHoc(path.join(dir, 'nope.md'), [path.join(dir, 'r.md')], undefined), /cannot read answer key \(ENOENT\); check the path$/],
    ['a missing perspective', () => loadAdHoc(path.join(dir, 'k.md'), [path.join(dir, 'r.md')], path.join(dir, 'p.md')), /p\.md: cannot read perspective \(ENOENT\)/],
    ['an empty key', () => (write({ 'empty-key.md': '' }), loadAdHoc(path.join(dir, 'empty-key.md'), [path.join(dir, 'r.md')], undefined)), /empty-key\.md: empty answer key; expected markdown/],
  ])('%s is an InputError naming the path', async (_name, load, message) => {
    write({ 'k.md': KEY, 'r.md': REVIEW });
    const e = await inputError(load());
    expect(e.format()).toMatch(message);
  });
});

/**
 * Review refusal end to end: files a judge cannot read are refused with a one-line reason (in the
 * plan's `refused` list and as `path: refused: reason` on stderr) and the others proceed, exit 0.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../e2e/runCli.ts';
import { arg, lines, sha256, type PlanJson } from './cliTestKit.ts';

const KEY = arg('test/fixtures/round-small/answer-key-round-001.md');
const LIMIT = 200;
const VALID = '# Review\n\n- Critical: the payment gateway client has no timeout or retry.\n';

/** name, bytes, expected reason. All are `.md` so that folder discovery picks them up. */
const REFUSED: Array<[string, Uint8Array, RegExp]> = [
  ['empty.md', new Uint8Array(0), /^empty review; /],
  ['blank.md', Buffer.from(' \n\t\n  \n'), /^empty review; /],
  ['binary.md', Buffer.from([0x23, 0x20, 0x41, 0x00, 0x42, 0x0a]), /^binary file \(contains NUL bytes\); /],
  ['latin1.md', Buffer.from('# R\xe9sum\xe9\n', 'latin1'), /^invalid UTF-8 at byte \d+; save the review as UTF-8$/],
  ['huge.md', Buffer.from('# Long review\n' + '- finding\n'.repeat(30)), /^too large \(314 bytes > 200\); raise --max-review-bytes/],
];

describe('plan refuses unreadable reviews and keeps the rest', () => {
  let dir: string;
  let valid: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'rj-refusal-'));
    valid = path.join(dir, 'good-run1.md');
    writeFileSync(valid, VALID);
    for (const [name, bytes] of REFUSED) writeFileSync(path.join(dir, name), bytes);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const plan = (...extra: string[]) => runCli(['plan', '--key', KEY, '--reviews', dir, '--max-review-bytes', String(LIMIT), ...extra], {});

  it('--json: only the valid review is listed; each refused file has its reason; exit 0', async () => {
    const r = await plan('--json');
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as PlanJson;
    expect(json.reviews).toEqual([{ prompt: 'good', run: 1, path: valid, sha256: sha256(valid), size: Buffer.byteLength(VALID) }]);
    expect(json.units.map((u) => u.unit)).toEqual(['P01', 'P02', 'P03', 'audit']);
    expect(json.refused.map((x) => x.path).sort()).toEqual(REFUSED.map(([name]) => path.join(dir, name)).sort());
    for (const [name, , reason] of REFUSED) {
      const entry = json.refused.find((x) => x.path === path.join(dir, name));
      expect(entry?.reason, name).toMatch(reason);
    }
  });

  it('stderr has exactly one `path: refused: reason` line per refused file', async () => {
    const r = await plan('--json');
    const json = JSON.parse(r.stdout) as PlanJson;
    expect(lines(r.stderr).sort()).toEqual(json.refused.map((x) => `${x.path}: refused: ${x.reason}`).sort());
    expect(r.stderr).not.toMatch(/^\s*at /m);
  });

  it('readable output counts the refused files', async () => {
    const r = await plan();
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toContain(`reviews: 1  (refused: ${REFUSED.length})`);
    expect(lines(r.stdout)).toContain('units: 4  (3 problems + 1 audit per review)');
    expect(lines(r.stderr)).toHaveLength(REFUSED.length);
  });

  it('with every file refused, the plan is empty but still exit 0', async () => {
    const files = REFUSED.map(([name]) => path.join(dir, name));
    const r = await runCli(['plan', '--key', KEY, '--reviews', ...files, '--max-review-bytes', String(LIMIT), '--json'], {});
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as PlanJson;
    expect(json.reviews).toEqual([]);
    expect(json.units).toEqual([]);
    expect(json.refused.map((x) => x.path)).toEqual(files); // files given explicitly keep their order
  });
});

describe('refusal details', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'rj-refusal2-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['exactly at the limit', LIMIT, true],
    ['one byte over', LIMIT + 1, false],
  ])('--max-review-bytes %s', async (name, size, accepted) => {
    const file = path.join(dir, `${name.replace(/\W+/g, '-')}.md`);
    writeFileSync(file, '#' + 'x'.repeat(size - 1));
    const r = await runCli(['plan', '--key', KEY, '--reviews', file, '--max-review-bytes', String(LIMIT), '--json'], {});
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as PlanJson;
    expect(json.reviews.map((x) => x.size)).toEqual(accepted ? [size] : []);
    expect(json.refused.map((x) => x.reason)).toEqual(accepted ? [] : [`too large (${size} bytes > ${LIMIT}); raise --max-review-bytes if it is really a review`]);
  });

  it('0xff (never valid in UTF-8) is reported at its own offset', async () => {
    const file = path.join(dir, 'ff.md');
    writeFileSync(file, Buffer.from([0x23, 0x20, 0xff, 0x41, 0x0a]));
    const json = JSON.parse((await runCli(['plan', '--key', KEY, '--reviews', file, '--json'], {})).stdout) as PlanJson;
    expect(json.refused.map((x) => x.reason)).toEqual(['invalid UTF-8 at byte 2; save the review as UTF-8']);
  });

  // Regression: the offset was once where the streaming decoder noticed the error, not where the
  // bad sequence starts.
  it.each([
    ['Latin-1 é followed by ASCII', [0x23, 0x20, 0x52, 0xe9, 0x73, 0x75, 0x0a], 3],
    ['a multi-byte sequence cut off at the end of the file', [0x23, 0x20, 0x61, 0xe3, 0x81], 3],
  ])('%s is reported at the first byte of the bad sequence', async (_name, bytes, at) => {
    const file = path.join(dir, `offset-${at}-${bytes.length}.md`);
    writeFileSync(file, Buffer.from(bytes));
    const json = JSON.parse((await runCli(['plan', '--key', KEY, '--reviews', file, '--json'], {})).stdout) as PlanJson;
    expect(json.refused.map((x) => x.reason)).toEqual([`invalid UTF-8 at byte ${at}; save the review as UTF-8`]);
  });

  it('a review with a BOM and CRLF is accepted; sha256 and size are of the original bytes', async () => {
    const file = path.join(dir, 'crlf-run2.md');
    writeFileSync(file, '\uFEFF# Review\r\n- no timeout\r\n');
    const json = JSON.parse((await runCli(['plan', '--key', KEY, '--reviews', file, '--json'], {})).stdout) as PlanJson;
    expect(json.reviews).toEqual([{ prompt: 'crlf', run: 2, path: file, sha256: sha256(file), size: 3 + 24 }]);
  });

  it('two files with the same prompt and run: the second is refused, the first kept', async () => {
    const a = path.join(dir, 'a');
    const b = path.join(dir, 'b');
    mkdirSync(a);
    mkdirSync(b);
    writeFileSync(path.join(a, 'review.md'), VALID);
    writeFileSync(path.join(b, 'review.md'), VALID + '- more\n');
    writeFileSync(path.join(b, 'v009-review-run1.md'), VALID + '- even more\n');
    const r = await runCli(['plan', '--key', KEY, '--reviews', a, b, '--json'], {});
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as PlanJson;
    expect(json.reviews.map((x) => x.path)).toEqual([path.join(a, 'review.md')]);
    expect(json.refused).toEqual([
      { path: path.join(b, 'review.md'), reason: 'another file already is review run 1; rename one' },
      { path: path.join(b, 'v009-review-run1.md'), reason: 'another file already is review run 1; rename one' },
    ]);
    expect(lines(r.stderr)).toHaveLength(2);
  });
});

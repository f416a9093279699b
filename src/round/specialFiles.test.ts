/** Only regular files are read, and file names that would break a message line are refused by name. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { loadAdHoc, loadRound } from './loadInputs.ts';

let dir: string;
beforeEach(() => void (dir = mkdtempSync(path.join(tmpdir(), 'rj-special-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const KEY = '# Answer Key\n\n### P01: x\n';
const fifo = (p: string) => execFileSync('mkfifo', [p]);

describe('special files', () => {
  it('a FIFO in place of the answer key is refused with one line (it would block forever)', async () => {
    fifo(path.join(dir, 'key.md'));
    writeFileSync(path.join(dir, 'r-run1.md'), '# R\n');
    const e = await loadAdHoc('key.md', ['r-run1.md'], undefined, { cwd: dir }).then(() => null, (x: unknown) => x);
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).format()).toMatch(/key\.md.*answer key is a named pipe \(FIFO\), not a regular file/);
  });

  it('a FIFO as perspective.md or as a review: the perspective refused, the review refused and the others read', async () => {
    mkdirSync(path.join(dir, 'round', 'results'), { recursive: true });
    writeFileSync(path.join(dir, 'round', 'answer-key-round-001.md'), KEY);
    writeFileSync(path.join(dir, 'round', 'results', 'v001-baseline-run1.md'), '# R1\n');
    fifo(path.join(dir, 'round', 'results', 'v001-baseline-run2.md'));
    const inputs = await loadRound('round', 1, { cwd: dir });
    expect(inputs.reviews.map((r) => r.run)).toEqual([1]);
    expect(inputs.refused).toEqual([{ path: path.join('round', 'results', 'v001-baseline-run2.md'), reason: expect.stringContaining('named pipe') }]);
    fifo(path.join(dir, 'round', 'perspective.md'));
    await expect(loadRound('round', 1, { cwd: dir })).rejects.toThrow(/perspective is a named pipe/);
  });

  it('a review whose name holds a newline is refused by name, the others read', async () => {
    writeFileSync(path.join(dir, 'key.md'), KEY);
    mkdirSync(path.join(dir, 'reviews'));
    writeFileSync(path.join(dir, 'reviews', 'good-run1.md'), '# ok\n');
    writeFileSync(path.join(dir, 'reviews', 'bad\nname-run1.md'), '# bad\n');
    const inputs = await loadAdHoc('key.md', ['reviews'], undefined, { cwd: dir });
    expect(inputs.reviews.map((r) => r.prompt)).toEqual(['good']);
    expect(inputs.refused).toHaveLength(1);
    expect(inputs.refused[0]!.path).toBe(JSON.stringify(path.join('reviews', 'bad\nname-run1.md')));
    expect(inputs.refused[0]!.reason).toContain('control characters');
  });
});

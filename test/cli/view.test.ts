/**
 * `review-judge view` in-process on a hand-written runs folder: index.html written beside the runs,
 * its path on stdout, unreadable folders counted, old runs read from their manifest, `--open` through
 * a fake opener (no test opens a browser), and exit 2 for a runs folder that is not there.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/CliIO.ts';
import { main } from '../../src/cli/main.ts';
import { openerFor, spawnDetached } from '../../src/cli/openInBrowser.ts';
import { writeSampleRuns } from '../fixtures/overview/writeSampleRuns.ts';
import { expectOneLineInputError } from './cliTestKit.ts';

let work: string | undefined;
afterEach(() => {
  if (work) rmSync(work, { recursive: true, force: true });
  work = undefined;
});

/** Runs `review-judge <argv>` in `cwd` with an optional opener; returns what it printed and every file it was asked to open. */
async function view(argv: string[], cwd: string, openFile?: CliIO['openFile']) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    env: {},
    cwd,
    isTTY: false,
    now: () => new Date('2026-11-25T09:30:00Z'),
    randomHex: () => '00',
    ...(openFile ? { openFile } : {}),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

function runsFolder() {
  work = mkdtempSync(path.join(tmpdir(), 'rj-view-'));
  const runs = path.join(work, 'runs');
  return { runs, ...writeSampleRuns(runs) };
}

describe('review-judge view', () => {
  it('writes <runs-dir>/index.html, prints its path, counts the unreadable folder and reads old runs from their manifest', async () => {
    const { runs } = runsFolder();
    const r = await view(['view', 'runs'], work!);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${path.join(runs, 'index.html')}\n`);
    expect(r.stderr).toBe('view: 1 folder could not be read (listed in index.html): "broken-run"\n');
    const html = readFileSync(path.join(runs, 'index.html'), 'utf8');
    expect(html).toContain('<p>1 folder could not be read.</p>');
    expect(html).toContain('<code class="folder">broken-run</code>: no readable run.json or manifest.json');
    expect(html).not.toContain('>cache<');
    expect(html).toContain('<h2>reliability-design · round 3</h2>');
    expect(html).toContain('<h2>old-design · round 1</h2>');
    expect(html).toContain('<td class="num">unpriced</td>');
    expect(html).toContain('changed: openai:gpt-6-luna: gpt-6-luna-2026-09-01 → gpt-6-luna-2026-11-20');
    expect(html).toContain('<title>Runs dashboard · runs</title>');
  });

  it('a second view rewrites index.html, and index.html is not mistaken for a run', async () => {
    runsFolder();
    await view(['view', 'runs'], work!);
    const again = await view(['view', 'runs'], work!);
    expect(again.code).toBe(0);
    expect(again.stderr).toBe('view: 1 folder could not be read (listed in index.html): "broken-run"\n');
  });

  it('--open hands the path to the opener; a failing opener is a notice and still exit 0', async () => {
    const { runs } = runsFolder();
    const file = path.join(runs, 'index.html');
    const opened: string[] = [];
    const ok = await view(['view', 'runs', '--open'], work!, async (f) => void opened.push(f));
    expect([ok.code, ok.stdout, opened]).toEqual([0, `${file}\n`, [file]]);
    expect(ok.stderr).not.toContain('could not open');
    const failing = await view(['view', 'runs', '--open'], work!, async () => {
      throw new Error('xdg-open exited with 3');
    });
    expect([failing.code, failing.stdout]).toEqual([0, `${file}\n`]);
    expect(failing.stderr).toContain(`view: could not open a browser (xdg-open exited with 3); open ${file} yourself\n`);
    const none = await view(['view', 'runs', '--open'], work!);
    expect(none.code).toBe(0);
    expect(none.stderr).toContain('could not open a browser (no browser opener here)');
    const plain: string[] = [];
    await view(['view', 'runs'], work!, async (f) => void plain.push(f));
    expect(plain).toEqual([]);
  });

  it.each([
    ['a runs folder that does not exist', (w: string) => path.join(w, 'nope'), /nope: no such folder; expected a runs folder/],
    ['a file', (w: string) => (writeFileSync(path.join(w, 'file.txt'), 'x'), path.join(w, 'file.txt')), /file\.txt: not a folder/],
  ])('exit 2 with one line for %s', async (_, make, pattern) => {
    work = mkdtempSync(path.join(tmpdir(), 'rj-view-'));
    expectOneLineInputError(await view(['view', make(work)], work), pattern);
  });

  it('--help names the command', async () => {
    work = mkdtempSync(path.join(tmpdir(), 'rj-view-'));
    const r = await view(['--help'], work);
    expect(r.stdout).toMatch(/view \[options\] <runs-dir>\s+write <runs-dir>\/index\.html/);
    expect((await view(['view', '--help'], work)).stdout).toContain('--open');
  });
});

describe('the browser opener', () => {
  it.each([
    ['linux', 'xdg-open', ['/r/index.html']],
    ['freebsd', 'xdg-open', ['/r/index.html']],
    ['darwin', 'open', ['/r/index.html']],
    ['win32', 'cmd', ['/c', 'start', '', '/r/index.html']],
  ])('%s: %s', (platform, command, args) => {
    expect(openerFor(platform, '/r/index.html')).toEqual({ command, args });
  });

  it('resolves once the command started well, rejects with why when it is missing or fails', async () => {
    await expect(spawnDetached('true', [])).resolves.toBeUndefined();
    await expect(spawnDetached('false', [])).rejects.toThrow('false exited with 1');
    await expect(spawnDetached('/nonexistent/opener', [])).rejects.toThrow(/\/nonexistent\/opener: spawn \/nonexistent\/opener ENOENT/);
    // Still running after the window: a browser that stays open is a success.
    await expect(spawnDetached('sleep', ['2'], 100)).resolves.toBeUndefined();
  });
});

import { stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.ts';
import { renderIndexHtml } from '../report/renderIndexHtml.ts';
import { readRunsOverview } from '../run/readRunsOverview.ts';
import { writeAtomic } from '../run/nodeRunFiles.ts';
import { EXIT, type CliIO } from './CliIO.ts';

/** Flags of `review-judge view`. */
export interface ViewFlags {
  open?: boolean;
}

/**
 * `review-judge view <runs-dir> [--open]`: writes `<runs-dir>/index.html` (every series × round
 * over the nights) and prints its path. `--open` also opens it in the default browser; when that
 * fails the path is all the user needs, so it is a notice and still exit 0.
 */
export async function viewCommand(runsDir: string, flags: ViewFlags, io: CliIO): Promise<number> {
  const dir = path.resolve(io.cwd, runsDir);
  const info = await stat(dir).catch(() => null);
  if (!info) throw new InputError('no such folder; expected a runs folder written by `review-judge score` (--runs-dir, default runs)', runsDir);
  if (!info.isDirectory()) throw new InputError('not a folder; expected a runs folder written by `review-judge score`', runsDir);
  const overview = await readRunsOverview(dir, { label: runsDir, generatedAt: io.now().toISOString() }).catch((e: NodeJS.ErrnoException) => {
    throw e.code ? new InputError(`cannot read this folder (${e.code})`, runsDir, undefined, { cause: e }) : e;
  });
  const file = path.join(dir, 'index.html');
  try {
    writeAtomic(file, renderIndexHtml(overview));
  } catch (e) {
    throw new InputError(`cannot write index.html here (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, runsDir, undefined, { cause: e });
  }
  const n = overview.unreadable.length;
  if (n) io.stderr(`view: ${n} ${n === 1 ? 'folder' : 'folders'} could not be read (listed in index.html): ${overview.unreadable.map((u) => JSON.stringify(u.folder)).join(', ')}\n`);
  io.stdout(`${file}\n`);
  if (flags.open) {
    const why = io.openFile ? await io.openFile(file).then(() => null, (e: unknown) => (e instanceof Error ? e.message : String(e))) : 'no browser opener here';
    if (why) io.stderr(`view: could not open a browser (${why}); open ${file} yourself\n`);
  }
  return EXIT.ok;
}

import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { DiskCache } from '../cache/DiskCache.ts';
import { InputError } from '../errors.ts';
import { decodeReview } from '../round/decodeReview.ts';
import { Manifest } from '../types/Manifest.ts';
import { readRunJson } from '../run/readRun.ts';
import { replayRun } from '../run/replayRun.ts';
import { EXIT, type CliIO } from './CliIO.ts';

/**
 * `review-judge replay <run-dir>...`: recompute each run's verdicts.json from the cache; exit 0 when
 * all are byte-identical, 1 when one differs, 2 when one cannot be read (the others still replay).
 */
export async function replayCommand(runDirs: string[], opts: { cacheDir?: string; json?: boolean }, io: CliIO): Promise<number> {
  if (runDirs.length === 1) return replayOne(runDirs[0]!, opts, io, '');
  const codes: number[] = [];
  const outputs: unknown[] = [];
  for (const dir of runDirs) {
    try {
      codes.push(await replayOne(dir, { ...opts, json: false }, io, `${dir}: `, (v) => outputs.push(v)));
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      io.stderr(`review-judge: ${e.format()}\n`);
      codes.push(EXIT.input);
    }
  }
  if (opts.json) io.stdout(JSON.stringify(outputs, null, 2) + '\n');
  io.stderr(`replay: ${runDirs.length} runs, ${codes.filter((c) => c === EXIT.ok).length} identical, ${codes.filter((c) => c === EXIT.unscored).length} differ, ${codes.filter((c) => c === EXIT.input).length} unreadable\n`);
  return codes.includes(EXIT.input) ? EXIT.input : codes.includes(EXIT.unscored) ? EXIT.unscored : EXIT.ok;
}

async function replayOne(runDir: string, opts: { cacheDir?: string; json?: boolean }, io: CliIO, label: string, collect?: (verdicts: unknown) => void): Promise<number> {
  const dir = path.resolve(io.cwd, runDir);
  const manifest = await readRunJson(path.join(dir, 'manifest.json'), Manifest, 'a run folder written by `review-judge score`');
  if (manifest.imported) throw new InputError('an imported run has no judge votes to replay; its verdicts come from the scoring files listed in manifest.json', dir);
  const texts = new Map<string, string>();
  for (const r of manifest.inputs.reviews) {
    const bytes = await readFile(path.resolve(io.cwd, r.path)).catch(() => {
      throw new InputError(`review ${r.prompt} run ${r.run} is gone; replay reads reviews at their recorded paths (run it from the folder the run was made in)`, r.path);
    });
    if (createHash('sha256').update(bytes).digest('hex') !== r.sha256) throw new InputError('review changed since the run (sha256 differs); replay needs the same review', r.path);
    const decoded = decodeReview(bytes, Number.MAX_SAFE_INTEGER);
    texts.set(r.path, decoded.ok ? decoded.text : '');
  }
  const cache = new DiskCache(opts.cacheDir ? path.resolve(io.cwd, opts.cacheDir) : path.join(path.dirname(dir), 'cache'), {
    log: { warn: (obj: object, msg: string) => io.stderr(`warning: ${msg} ${JSON.stringify(obj)}\n`) },
  });
  const { verdicts, gaps } = await replayRun(manifest, texts, cache);
  const text = JSON.stringify(verdicts, null, 2) + '\n';
  if (opts.json) io.stdout(text);
  collect?.(verdicts);
  for (const g of gaps) io.stderr(`replay: ${label}${g.unit}: vote ${g.cacheKey.slice(0, 12)} ${g.reason}\n`);
  const original = await readFile(path.join(dir, 'verdicts.json'), 'utf8').catch(() => null);
  if (original === text) {
    io.stderr(`replay: ${label}verdicts.json identical (${verdicts.units.length} units, ${manifest.votes.length} votes, no network)\n`);
    return EXIT.ok;
  }
  io.stderr(`replay: ${label}${original === null ? 'the run folder has no verdicts.json to compare with' : 'verdicts.json DIFFERS from the recomputed one'}\n`);
  return EXIT.unscored;
}

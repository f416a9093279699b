import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.ts';
import { decodeReview, DEFAULT_MAX_REVIEW_BYTES } from './decodeReview.ts';
import type { RoundInputs, SourceFile } from '../types/Inputs.ts';
import type { RefusedReview, Review } from '../types/Review.ts';
import { identifyReviewFile, parseRunFileName } from './reviewFileName.ts';

/** Options shared by both ways of naming inputs. */
export interface LoadOptions {
  /** Folder relative paths are read from (the CLI's working directory); recorded paths stay as given. */
  cwd?: string;
  maxReviewBytes?: number;
  /** Keep only these prompt names (empty: all). */
  prompts?: string[];
}

/** Discovers a workflow round folder: `answer-key-round-NNN.md`, `perspective.md`, `results/vNNN-*-runR.md`. */
export async function loadRound(dir: string, round: number, opts: LoadOptions = {}): Promise<RoundInputs> {
  const cwd = opts.cwd ?? process.cwd();
  const entries = await listDir(dir, 'round folder', cwd);
  const keyName = entries.find((n) => keyRound(n) === round);
  if (!keyName) {
    const rounds = entries.map(keyRound).filter((r): r is number => r !== null).sort((a, b) => a - b);
    const found = rounds.length ? `rounds found: ${rounds.join(', ')}` : 'no answer-key-round-NNN.md files found';
    throw new InputError(`no answer key for round ${round} (${found}); expected answer-key-round-${pad(round)}.md`, dir);
  }
  const key = await readSource(path.join(dir, keyName), cwd, 'answer key');
  const perspective = entries.includes('perspective.md') ? await readSource(path.join(dir, 'perspective.md'), cwd, 'perspective') : null;
  const resultsDir = path.join(dir, 'results');
  const names = entries.includes('results') ? await listDir(resultsDir, 'results folder', cwd) : [];
  const files = names
    .map((name) => ({ name, id: parseRunFileName(name) }))
    .filter((f) => f.id !== null && f.id.round === round)
    .sort((a, b) => a.id!.prompt.localeCompare(b.id!.prompt) || a.id!.run - b.id!.run)
    .map((f) => path.join(resultsDir, f.name));
  return { round, key, perspective, ...(await readReviews(files, opts)) };
}

/** Ad-hoc inputs: one key file, review files or folders, an optional perspective. */
export async function loadAdHoc(
  keyPath: string,
  reviewPaths: string[],
  perspectivePath: string | undefined,
  opts: LoadOptions = {},
): Promise<RoundInputs> {
  const cwd = opts.cwd ?? process.cwd();
  const key = await readSource(keyPath, cwd, 'answer key');
  const perspective = perspectivePath ? await readSource(perspectivePath, cwd, 'perspective') : null;
  const files: string[] = [];
  for (const p of reviewPaths) {
    const st = await statOrThrow(p, 'review', cwd);
    if (st.isDirectory()) {
      // Same order as a round folder: by prompt, then run number (run10 after run2).
      const names = (await listDir(p, 'reviews folder', cwd)).filter(isReviewName).sort((a, b) => {
        const x = identifyReviewFile(a);
        const y = identifyReviewFile(b);
        return x.prompt.localeCompare(y.prompt) || x.run - y.run || a.localeCompare(b);
      });
      files.push(...names.map((n) => path.join(p, n)));
    } else {
      files.push(p);
    }
  }
  const roundMatch = /round-?(\d+)/i.exec(path.basename(keyPath));
  return { round: roundMatch ? Number(roundMatch[1]) : null, key, perspective, ...(await readReviews(files, opts)) };
}

/** Reads each review; refused files are reported, the rest proceed. */
async function readReviews(files: string[], opts: LoadOptions): Promise<{ reviews: Review[]; refused: RefusedReview[] }> {
  const reviews: Review[] = [];
  const refused: RefusedReview[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    const id = identifyReviewFile(path.basename(file));
    if (opts.prompts?.length && !opts.prompts.includes(id.prompt)) continue;
    if (CONTROL.test(path.basename(file))) {
      refused.push({ path: JSON.stringify(file), reason: 'the file name contains control characters (a newline, a tab, …); rename it' });
      continue;
    }
    // Only regular files: reading a FIFO or a device blocks forever or never ends.
    const kind = await regularFile(path.resolve(opts.cwd ?? process.cwd(), file));
    if (kind) {
      refused.push({ path: file, reason: kind });
      continue;
    }
    const bytes = await readFile(path.resolve(opts.cwd ?? process.cwd(), file)).catch((e: NodeJS.ErrnoException) => e);
    if (bytes instanceof Error) {
      refused.push({ path: file, reason: `cannot read (${bytes.code ?? bytes.message})` });
      continue;
    }
    const decoded = decodeReview(bytes, opts.maxReviewBytes ?? DEFAULT_MAX_REVIEW_BYTES);
    if (!decoded.ok) {
      refused.push({ path: file, reason: decoded.reason });
      continue;
    }
    const identity = `${id.prompt}\u0000${id.run}`;
    if (seen.has(identity)) {
      refused.push({ path: file, reason: `another file already is ${id.prompt} run ${id.run}; rename one` });
      continue;
    }
    seen.add(identity);
    reviews.push({ ...id, path: file, sha256: decoded.sha256, size: decoded.size, text: decoded.text });
  }
  return { reviews, refused };
}

/** Round number of an answer-key file name, or null. */
function keyRound(name: string): number | null {
  const m = /^answer-key-round-(\d+)\.md$/.exec(name);
  return m ? Number(m[1]) : null;
}

/** Markdown files in a reviews folder, minus the workflow's non-review files. */
function isReviewName(name: string): boolean {
  return /\.md$/i.test(name) && !/-scoring\.md$/i.test(name) && !/^answer-key/i.test(name) && name !== 'perspective.md';
}

/** Control characters in a file name: printed in a message they would break its line. */
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Why a path is not a regular file (a FIFO, a device, a socket), or null when it is one (or a folder, or missing: reading says so). */
async function regularFile(file: string): Promise<string | null> {
  const st = await stat(file).catch(() => null);
  // A folder fails to read at once (EISDIR), which says it well enough; what blocks is a pipe or a device.
  if (!st || st.isFile() || st.isDirectory()) return null;
  const what = st.isFIFO() ? 'a named pipe (FIFO)' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : st.isSocket() ? 'a socket' : 'not a regular file';
  return `is ${what}, not a regular file; only regular files are read`;
}

/** Reads a UTF-8 text file that must exist (answer key, perspective); bad bytes are refused, not replaced. */
export async function readSource(file: string, cwd: string, what: string): Promise<SourceFile> {
  const irregular = await regularFile(path.resolve(cwd, file));
  if (irregular) throw new InputError(`${what} ${irregular}`, file);
  const bytes = await readFile(path.resolve(cwd, file)).catch((e: NodeJS.ErrnoException) => {
    throw new InputError(`cannot read ${what} (${e.code ?? e.message}); check the path`, file);
  });
  const decoded = decodeReview(bytes, Number.MAX_SAFE_INTEGER);
  if (!decoded.ok) {
    const reason = decoded.reason.startsWith('empty') ? `empty ${what}; expected markdown` : decoded.reason.replace('review', 'file');
    throw new InputError(reason, file);
  }
  return { path: file, sha256: decoded.sha256, text: decoded.text };
}

async function listDir(dir: string, what: string, cwd: string): Promise<string[]> {
  const st = await statOrThrow(dir, what, cwd);
  if (!st.isDirectory()) throw new InputError(`is not a folder; expected a ${what}`, dir);
  return (await readdir(path.resolve(cwd, dir))).sort();
}

async function statOrThrow(p: string, what: string, cwd: string) {
  return stat(path.resolve(cwd, p)).catch((e: NodeJS.ErrnoException) => {
    throw new InputError(`${what} not found (${e.code ?? e.message})`, p);
  });
}

function pad(n: number): string {
  return String(n).padStart(3, '0');
}

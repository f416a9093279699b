/**
 * Finds a local judge's GGUF and its sha256 (the judge's cache identity) before the job plans: a
 * path as given, or a Hugging Face file downloaded once into the models folder. Digests are
 * remembered per file (path, size, mtime) in the models folder, so a 5 GB model is hashed once.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../../../errors.ts';
import { assertGguf } from './ggufHeader.ts';
import { downloadFile } from './downloadFile.ts';
import type { LocalModelFile } from './localProvider.ts';
import { parseLocalModel } from './localSpec.ts';

/** Where downloaded models live: REVIEW_JUDGE_MODELS, else $XDG_CACHE_HOME/review-judge/models, else ~/.cache/review-judge/models. */
export function modelsFolder(env: Readonly<Record<string, string | undefined>>): string {
  if (env.REVIEW_JUDGE_MODELS?.trim()) return path.resolve(env.REVIEW_JUDGE_MODELS.trim());
  const cache = env.XDG_CACHE_HOME?.trim() || path.join(env.HOME?.trim() || os.homedir(), '.cache');
  return path.join(cache, 'review-judge', 'models');
}

/** What resolving needs from outside. */
export interface ResolveOptions {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** `--offline`: a model not yet downloaded is refused instead of fetched. */
  offline: boolean;
  /** `--dry-run`: nothing is downloaded; an absent model plans with an unknown digest. */
  dryRun?: boolean;
  /** Progress lines of a download. */
  status?: (line: string) => void;
  fetch?: typeof fetch;
}

/** The model file of `local:<model>`, its digest known (null only for a dry run of a model not downloaded). */
export async function resolveModelFile(model: string, opts: ResolveOptions): Promise<LocalModelFile & { downloaded?: boolean; absent?: boolean }> {
  const source = parseLocalModel(model);
  const folder = modelsFolder(opts.env);
  if (source.from === 'file') {
    const file = path.resolve(opts.cwd, source.path);
    if (!existsSync(file)) throw new InputError(`judge local:${model}: no such file ${file}`);
    assertGguf(file, `local:${model}`);
    return { path: file, sha256: await digestOf(file, folder) };
  }
  const file = path.join(folder, source.owner, source.repo, ...source.file.split('/'));
  if (existsSync(file)) {
    assertGguf(file, `local:${model}`);
    return { path: file, sha256: await digestOf(file, folder) };
  }
  const judge = `local:${model}`;
  if (opts.dryRun) return { path: file, sha256: 'not-downloaded', absent: true };
  if (opts.offline) throw new InputError(`judge ${judge}: the model is not downloaded yet (${file}) and --offline sends nothing: run once without --offline to download it`);
  // HF_ENDPOINT as huggingface_hub reads it (constants.py: `os.getenv("HF_ENDPOINT", "https://huggingface.co").rstrip("/")`).
  const endpoint = (opts.env.HF_ENDPOINT?.trim() || 'https://huggingface.co').replace(/\/+$/, '');
  if (!URL.canParse(endpoint) || !/^https?:$/.test(new URL(endpoint).protocol)) throw new InputError(`HF_ENDPOINT is not an http(s) URL; unset it or name the Hub mirror's base URL`);
  const url = `${endpoint}/${source.owner}/${source.repo}/resolve/main/${source.file.split('/').map(encodeURIComponent).join('/')}`;
  mkdirSync(path.dirname(file), { recursive: true });
  opts.status?.(`local judge: downloading ${model} from ${new URL(endpoint).host} into ${file}`);
  const sha256 = await downloadFile(url, file, { judge, ...(opts.status ? { status: opts.status } : {}), ...(opts.fetch ? { fetch: opts.fetch } : {}), token: opts.env.HF_TOKEN?.trim() || undefined });
  assertGguf(file, judge);
  remember(folder, file, sha256);
  opts.status?.(`local judge: downloaded ${file}, sha256 ${sha256} checked against the Hub's`);
  return { path: file, sha256, downloaded: true };
}

interface DigestMemo {
  [file: string]: { size: number; mtimeMs: number; ctimeMs?: number; ino?: number; sha256: string };
}

function memoFile(folder: string): string {
  return path.join(folder, 'digests.json');
}

function readMemo(folder: string): DigestMemo {
  try {
    return JSON.parse(readFileSync(memoFile(folder), 'utf8')) as DigestMemo;
  } catch {
    return {};
  }
}

function remember(folder: string, file: string, sha256: string): void {
  try {
    mkdirSync(folder, { recursive: true });
    const st = statSync(file);
    const memo = { ...readMemo(folder), [file]: { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, sha256 } };
    const tmp = `${memoFile(folder)}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(memo, null, 2) + '\n');
    renameSync(tmp, memoFile(folder));
  } catch {
    // A models folder that cannot be written costs a re-hash next time, nothing else.
  }
}

/** The file's sha256, from the memo when its size, mtime, ctime and inode are unchanged. */
export async function digestOf(file: string, folder: string): Promise<string> {
  const st = statSync(file);
  const known = readMemo(folder)[file];
  // ctime and inode too: `cp -p`, `rsync -t` or unzip over the file keep its size and mtime, not those.
  if (known && known.size === st.size && known.mtimeMs === st.mtimeMs && known.ctimeMs === st.ctimeMs && known.ino === st.ino) return known.sha256;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  const sha256 = hash.digest('hex');
  remember(folder, file, sha256);
  return sha256;
}

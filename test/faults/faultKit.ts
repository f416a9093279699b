/**
 * Shared kit of the fault-injection suite: a deterministic judge brain (the answer depends on the
 * request body only, so a vote re-asked after a fault gets the same answer it would have got),
 * seeded randomness, the real bin in child processes with bounded waits, and cache/run readers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { canonicalJson, sha256Hex } from '../../src/cache/canonicalJson.ts';
import { CacheEntry } from '../../src/cache/CacheEntry.ts';
import { TEMP_SUFFIX } from '../../src/cache/DiskCache.ts';
import { nodeRunFiles } from '../../src/run/nodeRunFiles.ts';
import { mulberry32 } from '../../src/score/prng.ts';
import type { RunFiles } from '../../src/types/Edges.ts';
import { judgeScript, quotableLine, type PromptView } from '../e2e/fakeJudge.ts';
import type { RecordedRequest, Reply, Script } from '../fakes/fakeServer.ts';

export const BIN = path.resolve(import.meta.dirname, '../../bin/review-judge.js');
export const ROUND = path.resolve(import.meta.dirname, '../fixtures/round-small');

/** A seeded generator of floats in [0, 1) and integers in [lo, hi]. */
export function seeded(seed: number) {
  const next = mulberry32(seed);
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
  };
}

/** 32 bits of sha256: a stable number for a string. */
export function hash32(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}

/** The identity of a request body as the cache sees it: the sha256 of its canonical JSON without `n` (a cache entry's `request.bodySha256`). */
export function bodyId(body: unknown): string {
  const { n: _n, ...rest } = body as Record<string, unknown>;
  return sha256Hex(canonicalJson(rest));
}

/**
 * The fault server's repertoire, as replies of the strict fakes (test/fakes/fakeServer.ts): huge
 * Retry-After values, bodies that trickle after the headers, and connections reset before the
 * headers or in the middle of the body.
 */
export const FAULT = {
  /** A 429 asking to wait `seconds` (86400: a day; 120: past the default --max-retry-wait of 60). */
  retryAfter: (seconds: number): Reply => ({ type: 'status', status: 429, headers: { 'retry-after': String(seconds) } }),
  /** Headers at once, then one byte of the body every `everyMs`. */
  trickle: (everyMs: number): Reply => ({ type: 'trickle', everyMs }),
  /** The socket destroyed once the request is read, before any header. */
  resetBeforeHeaders: { type: 'reset' } as Reply,
  /** Headers and half the promised body, then the socket destroyed. */
  resetMidBody: { type: 'truncated-body' } as Reply,
  /** Never answers (the socket stays open). */
  hang: { type: 'hang' } as Reply,
} as const;

/** An error shaped like the file system's own (`code`, `syscall`, `path`), e.g. ENOSPC from a full disk. */
export function fsError(code: string, syscall: string, file: string): NodeJS.ErrnoException {
  const text: Record<string, string> = { ENOSPC: 'no space left on device', EDQUOT: 'disk quota exceeded', EROFS: 'read-only file system', EACCES: 'permission denied', EIO: 'i/o error' };
  return Object.assign(new Error(`${code}: ${text[code] ?? 'failed'}, ${syscall} '${file}'`), { code, syscall, path: file });
}

/**
 * The run folder's writes on the real file system, except where `refuse` names an error code for an
 * operation and file: then that write throws as the storage would (a disk that fills up, a folder
 * that turns read-only). `refused` lists what was refused.
 */
export function refusingFiles(refuse: (op: keyof RunFiles, file: string) => string | null): RunFiles & { refused: string[] } {
  const refused: string[] = [];
  const gate = <A extends unknown[]>(op: keyof RunFiles, f: (file: string, ...rest: A) => void) => (file: string, ...rest: A) => {
    const code = refuse(op, file);
    if (code) {
      refused.push(`${op} ${path.basename(file)}`);
      throw fsError(code, op === 'mkdir' ? 'mkdir' : 'write', file);
    }
    f(file, ...rest);
  };
  return { refused, mkdir: gate('mkdir', nodeRunFiles.mkdir), append: gate('append', nodeRunFiles.append), writeAtomic: gate('writeAtomic', nodeRunFiles.writeAtomic), remove: nodeRunFiles.remove };
}

const WORDS = ['detected', 'partial', 'undetected'] as const;

/** The verdict word the stable brain gives a (review, problem): fixed per prompt, mixed across units. */
export function stableWord(view: PromptView): (typeof WORDS)[number] {
  return WORDS[hash32(`${view.reviewTitle}|${view.problemId}`) % 3]!;
}

/**
 * A judge that answers every request from its body alone: detection verdicts mixed over ○/△/× (or
 * always `fixed`), an audit with a bonus finding on some reviews. `fault` may take over a request.
 */
export function stableBrain(opts: { fixed?: (typeof WORDS)[number]; fault?: (body: unknown, index: number) => Reply | null } = {}): Script {
  const inner = judgeScript(
    (view) => opts.fixed ?? stableWord(view),
    (view) =>
      hash32(view.reviewTitle) % 2
        ? [{ location: 'fake bonus', quote: quotableLine(view.review), classification: 'bonus', bonus_id: 'B01' }]
        : [{ location: 'fake neutral', quote: quotableLine(view.review), classification: 'neutral' }],
  );
  return (body, index) => opts.fault?.(body, index) ?? inner(body, index);
}

/** Counts per body id (request bodies from the fake's log). */
export function countBodies(bodies: Iterable<unknown>): Map<string, number> {
  return countIds([...bodies].map(bodyId));
}

/** Counts per body id given the ids themselves (cache entries carry `request.bodySha256`). */
export function countIds(ids: Iterable<string>): Map<string, number> {
  const m = new Map<string, number>();
  for (const id of ids) m.set(id, (m.get(id) ?? 0) + 1);
  return m;
}

export const bodiesOf = (requests: RecordedRequest[]) => requests.map((q) => q.body);

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Resolves when `cond` holds; rejects after `ms` saying what was awaited, so nothing can hang. */
export async function waitFor(cond: () => boolean, ms: number, what: () => string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await sleep(5);
  }
}

/** `p`, or a rejection after `ms`. */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms)));
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Spawned {
  child: ChildProcess;
  exit: Promise<Exit>;
}

/** Ends the children in `owned` still running (each by its own handle) and empties the list. */
export function killOwned(owned: ChildProcess[]): void {
  for (const c of owned.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}

/** `node bin/review-judge.js score <round> ...` in a child process, with no API key in its environment; recorded in `owned`. */
export function spawnScore(owned: ChildProcess[], cwd: string, baseUrl: string, extra: string[]): Spawned {
  const args = [BIN, 'score', ROUND, '--round', '1', '--judge', 'openai-compatible:m', '--base-url', baseUrl, ...extra];
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}) };
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  owned.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<Exit>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, exit };
}

/** Every file under `dir`, recursively (none when it does not exist; a file renamed away meanwhile is skipped). */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(dir, f))
    .filter((f) => statSync(f, { throwIfNoEntry: false })?.isFile() ?? false)
    .sort();
}

/** What a cache folder holds: valid entries, in-flight temp files, and anything else (corrupt). */
export interface CacheScan {
  entries: Array<{ file: string; entry: CacheEntry }>;
  temps: string[];
  corrupt: Array<{ file: string; reason: string }>;
}

/** Reads every file of a cache: an entry must parse, validate with `CacheEntry` and hold the key its name says. */
export function scanCache(dir: string): CacheScan {
  const scan: CacheScan = { entries: [], temps: [], corrupt: [] };
  for (const file of filesUnder(dir)) {
    // Request bodies live apart, under requests/, named by their digest (DiskCache.putRequest).
    if (path.relative(dir, file).startsWith(`requests${path.sep}`)) continue;
    const name = path.basename(file);
    if (name.endsWith(TEMP_SUFFIX)) {
      scan.temps.push(file);
      continue;
    }
    const m = /^([0-9a-f]{64})\.json$/.exec(name);
    if (!m || path.basename(path.dirname(file)) !== m[1]!.slice(0, 2)) {
      scan.corrupt.push({ file, reason: 'not an entry name' });
      continue;
    }
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      scan.corrupt.push({ file, reason: `not JSON: ${(e as Error).message}` });
      continue;
    }
    const parsed = CacheEntry.safeParse(data);
    if (!parsed.success) scan.corrupt.push({ file, reason: `not a CacheEntry: ${parsed.error.issues[0]?.message ?? ''}` });
    else if (parsed.data.key !== m[1]) scan.corrupt.push({ file, reason: `holds key ${parsed.data.key}` });
    else scan.entries.push({ file, entry: parsed.data });
  }
  return scan;
}

/** Run folders under `runs` (the cache excluded). */
export function runFolders(runs: string): string[] {
  if (!existsSync(runs)) return [];
  return readdirSync(runs).filter((d) => d !== 'cache').map((d) => path.join(runs, d));
}

/** verdicts.json of a run folder without its runId. */
export function verdictsOf(runDir: string): { units: unknown[]; audits?: unknown[] } {
  const { runId: _runId, ...rest } = JSON.parse(readFileSync(path.join(runDir, 'verdicts.json'), 'utf8'));
  return rest;
}

/** The run folder that `score` wrote (it names it on stderr: "reports in <dir>"). */
export function reportedRunDir(stderr: string): string {
  const m = /reports in (.+)$/m.exec(stderr);
  if (!m) throw new Error(`no "reports in" line on stderr:\n${stderr}`);
  return m[1]!.trim();
}

export type LogLine = { msg: string; [k: string]: unknown };
export function logLines(runDir: string): LogLine[] {
  return readFileSync(path.join(runDir, 'log.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as LogLine);
}

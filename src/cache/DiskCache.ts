/**
 * The on-disk `CacheStore`: one JSON file per vote at `<dir>/<key[0..2]>/<key>.json`, so a
 * run can be replayed forever and a corrupt file costs one re-asked vote, not the run.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type CacheEntry, type CacheStore, checkKey, parseEntry, serializeEntry } from './CacheEntry.ts';
import { sha256Hex } from './canonicalJson.ts';

/** Re-exported so the engine can import the cache's types from the store it uses. */
export { CacheEntry, type CacheStore } from './CacheEntry.ts';

/** The one logger method the cache needs; a pino logger fits. */
export interface CacheLogger {
  warn(fields: { key: string; file: string; reason: string }, message: string): void;
}

/** Suffix of in-flight writes; `get` reads only `<key>.json`, so a half-written file is never seen. */
export const TEMP_SUFFIX = '.tmp';

/** File-per-key cache with atomic writes; unreadable entries are logged and treated as misses. */
export class DiskCache implements CacheStore {
  readonly #dir: string;
  readonly #log: CacheLogger;
  /** Fan-out folders known to exist: one mkdir per folder and process, not one per write. */
  readonly #made = new Set<string>();
  /** The sweep of temp files left by killed processes, started by the first write. */
  #swept: Promise<void> | null = null;
  /** Writes that failed (disk full, a read-only or broken folder) and the last reason: such votes cannot be replayed. */
  readonly writeFailures = { count: 0, reason: '' };
  /** Vote entries written by this store: what an interrupted or failed run tells the user it kept. */
  readonly written = { votes: 0 };

  constructor(dir: string, options: { log: CacheLogger }) {
    this.#dir = dir;
    this.#log = options.log;
  }

  /** Where the entry for `key` lives (two-hex-digit fan-out keeps directories small). */
  fileFor(key: string): string {
    checkKey(key);
    return join(this.#dir, key.slice(0, 2), `${key}.json`);
  }

  /** The entry for `key`; undefined when missing or unusable (the latter logged as a warning). */
  async get(key: string): Promise<CacheEntry | undefined> {
    const file = this.fileFor(key);
    let text: string;
    try {
      // Synchronous on purpose: an entry is a few kB, and readFileSync takes ~20 µs where the promise
      // API takes ~450 µs (open, fstat, chunked reads on the thread pool); replays read thousands.
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return undefined;
      return this.#miss(key, file, `unreadable: ${code ?? (error as Error).message}`);
    }
    const result = parseEntry(key, text);
    return result.ok ? result.entry : this.#miss(key, file, result.reason);
  }

  /**
   * Writes `entry` to a unique temp file beside the target, then renames it into place:
   * rename is atomic on POSIX, so readers see the old file or the new one, and concurrent
   * puts of one key leave whichever finished last. No fsync: after a power loss the worst
   * case is an empty or truncated file, which `get` treats as a miss.
   */
  async put(key: string, entry: CacheEntry): Promise<void> {
    await this.#writeAtomic(this.fileFor(key), serializeEntry(key, entry));
    this.written.votes++;
  }

  /**
   * Temp file beside the target, then rename; the first write of a process sweeps dead writers'
   * temps. Synchronous on purpose, like `get`: a vote is a few kB and a body tens of kB, and the
   * promise API's four thread-pool round trips per file (open, write, close, rename) cost a busy
   * run more CPU than the writes themselves.
   */
  async #writeAtomic(file: string, text: string): Promise<void> {
    this.#swept ??= this.#sweepDeadTemps();
    await this.#swept;
    if (!this.#made.has(dirname(file))) {
      try {
        mkdirSync(dirname(file), { recursive: true });
      } catch (error) {
        throw this.#failed(error);
      }
      this.#made.add(dirname(file));
    }
    const temp = `${file}.${process.pid}.${randomUUID()}${TEMP_SUFFIX}`;
    try {
      writeFileSync(temp, text, { flag: 'wx' });
      renameSync(temp, file);
    } catch (error) {
      rmSync(temp, { force: true });
      throw this.#failed(error);
    }
  }

  /**
   * Removes temp files whose writer is gone (a kill -9 between write and rename leaves one for
   * good). The writer's pid is in the name; a live writer's file is left alone. Runs once per
   * process, before its first write, so cached runs that write nothing pay nothing.
   */
  async #sweepDeadTemps(): Promise<void> {
    for (const root of [this.#dir, join(this.#dir, 'requests')]) {
      for (const sub of await readdir(root).catch(() => [] as string[])) {
        if (!/^[0-9a-f]{2}$/.test(sub)) continue;
        for (const name of await readdir(join(root, sub)).catch(() => [] as string[])) {
          const m = /\.json\.(\d+)\.[0-9a-f-]+\.tmp$/.exec(name);
          if (m && !isAlive(Number(m[1]))) await rm(join(root, sub, name), { force: true });
        }
      }
    }
  }

  /** Where the request body with this digest lives: `<dir>/requests/<sha[0..2]>/<sha>.json`. */
  requestFileFor(sha256: string): string {
    checkKey(sha256);
    return join(this.#dir, 'requests', sha256.slice(0, 2), `${sha256}.json`);
  }

  /** Stores a request body once; the file name is its digest, so an existing file is already right. */
  async putRequest(sha256: string, bodyJson: string): Promise<void> {
    if (sha256Hex(bodyJson) !== sha256) throw new RangeError(`request body does not hash to ${sha256}`);
    const file = this.requestFileFor(sha256);
    // Named by its digest and written atomically: a file that exists already holds these bytes.
    if (existsSync(file)) return;
    await this.#writeAtomic(file, bodyJson);
  }

  /** The stored request body, or undefined when missing or damaged (logged like an entry). */
  async getRequest(sha256: string): Promise<Record<string, unknown> | undefined> {
    const file = this.requestFileFor(sha256);
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    if (sha256Hex(text) !== sha256) return this.#miss(sha256, file, 'request body does not match its digest');
    return JSON.parse(text) as Record<string, unknown>;
  }

  /** Counts a failed write (for the run's warning) and hands the error back to be thrown. */
  #failed(error: unknown): unknown {
    this.writeFailures.count++;
    this.writeFailures.reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return error;
  }

  #miss(key: string, file: string, reason: string): undefined {
    this.#log.warn({ key, file, reason }, 'corrupt cache entry ignored');
    return undefined;
  }
}

/** Whether a process with this pid exists (EPERM: it exists but is not ours). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

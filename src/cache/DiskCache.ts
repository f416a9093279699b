/**
 * The on-disk `CacheStore`: one JSON file per vote at `<dir>/<key[0..2]>/<key>.json`, so a
 * run can be replayed forever and a corrupt file costs one re-asked vote, not the run.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type CacheEntry, type CacheStore, checkKey, parseEntry, serializeEntry } from './CacheEntry.ts';

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
      text = await readFile(file, 'utf8');
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
    const text = serializeEntry(key, entry);
    const file = this.fileFor(key);
    await mkdir(dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.${randomUUID()}${TEMP_SUFFIX}`;
    try {
      await writeFile(temp, text, { flag: 'wx' });
      await rename(temp, file);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  #miss(key: string, file: string, reason: string): undefined {
    this.#log.warn({ key, file, reason }, 'corrupt cache entry ignored');
    return undefined;
  }
}

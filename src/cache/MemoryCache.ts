/** An in-memory `CacheStore` for tests and dry runs; it stores text, so callers get copies, like from disk. */
import { type CacheEntry, type CacheStore, checkKey, parseEntry, serializeEntry } from './CacheEntry.ts';

/** Same contract as `DiskCache`, kept in a Map. */
export class MemoryCache implements CacheStore {
  readonly #texts = new Map<string, string>();

  /** The entry for `key`, or undefined. */
  async get(key: string): Promise<CacheEntry | undefined> {
    checkKey(key);
    const text = this.#texts.get(key);
    if (text === undefined) return undefined;
    const result = parseEntry(key, text);
    // Unreachable unless serializeEntry and parseEntry disagree: fail loudly rather than miss.
    if (!result.ok) throw new Error(`MemoryCache holds an unreadable entry for ${key}: ${result.reason}`);
    return result.entry;
  }

  /** Validates and stores `entry`. */
  async put(key: string, entry: CacheEntry): Promise<void> {
    this.#texts.set(key, serializeEntry(key, entry));
  }

  /** Number of stored entries (for tests and run summaries). */
  get size(): number {
    return this.#texts.size;
  }
}

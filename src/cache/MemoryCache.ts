/** An in-memory `CacheStore` for tests and dry runs; it stores text, so callers get copies, like from disk. */
import { type CacheEntry, type CacheStore, checkKey, parseEntry, serializeEntry } from './CacheEntry.ts';
import { sha256Hex } from './canonicalJson.ts';

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

  readonly #requests = new Map<string, string>();

  /** Stores a request body under its digest. */
  async putRequest(sha256: string, bodyJson: string): Promise<void> {
    checkKey(sha256);
    if (sha256Hex(bodyJson) !== sha256) throw new RangeError(`request body does not hash to ${sha256}`);
    this.#requests.set(sha256, bodyJson);
  }

  /** The stored request body, or undefined. */
  async getRequest(sha256: string): Promise<Record<string, unknown> | undefined> {
    checkKey(sha256);
    const text = this.#requests.get(sha256);
    return text === undefined ? undefined : (JSON.parse(text) as Record<string, unknown>);
  }

  /** Number of stored entries (for tests and run summaries). */
  get size(): number {
    return this.#texts.size;
  }
}

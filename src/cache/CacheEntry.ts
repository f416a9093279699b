/**
 * What one cached judge vote looks like on disk, and the checks shared by every store: an
 * entry is validated on the way in (a bug fails loudly at `put`) and on the way out (a bad
 * file is a miss, never a crash and never a wrong answer).
 */
import { z } from 'zod';
import { CACHE_KEY_PATTERN } from './cacheKey.ts';
import { findCredentialField } from './credentials.ts';

const count = z.number().int().nonnegative();

/**
 * One vote's request, response and parse result; strict objects, so there is no slot for headers or
 * keys. The request body (which holds the whole review) is stored once per request beside the
 * entries (`putRequest`) and referenced by its sha256: k votes do not store k copies of a review.
 */
export const CacheEntry = z.strictObject({
  version: z.literal(2),
  key: z.string().regex(CACHE_KEY_PATTERN),
  request: z.strictObject({
    provider: z.string(),
    model: z.string(),
    baseURL: z.string(),
    /** sha256 of the canonical JSON of the request body, as stored by `putRequest`. */
    bodySha256: z.string().regex(CACHE_KEY_PATTERN),
    voteIndex: count,
    salt: z.string(),
  }),
  response: z.strictObject({
    /** The provider's raw response body (shared by the samples of one request). */
    raw: z.unknown(),
    rawText: z.string(),
    /** Which sample of that response this vote is (OpenAI `n` returns several). */
    sampleIndex: count,
  }),
  /** The judge output after schema parsing; null when it did not parse. */
  parsed: z.unknown(),
  usage: z.strictObject({
    inputTokens: count,
    outputTokens: count,
    cachedInputTokens: count,
    cacheWriteTokens: count,
  }),
  latencyMs: z.number().nonnegative(),
  createdAt: z.iso.datetime(),
});
/** A validated cache entry. */
export type CacheEntry = z.infer<typeof CacheEntry>;

/** The storage contract shared by `DiskCache` and `MemoryCache`. */
export interface CacheStore {
  /** The entry for `key`, or undefined on a miss (including an unusable stored entry). */
  get(key: string): Promise<CacheEntry | undefined>;
  /** Stores `entry` under `key`; throws if the entry is invalid, for another key, or holds a credential field. */
  put(key: string, entry: CacheEntry): Promise<void>;
  /** Stores a request body's canonical JSON under its sha256, once (later calls for it are no-ops). */
  putRequest(sha256: string, bodyJson: string): Promise<void>;
  /** The request body stored under `sha256`, or undefined (missing, or not matching its digest). */
  getRequest(sha256: string): Promise<Record<string, unknown> | undefined>;
}

/** Throws unless `key` looks like a `cacheKey` result: it becomes a file name, so `../x` must never pass. */
export function checkKey(key: string): void {
  if (typeof key !== 'string' || !CACHE_KEY_PATTERN.test(key)) {
    throw new RangeError(`cache key must be 64 lowercase hex digits, got ${JSON.stringify(key)}`);
  }
}

/** Validates an entry for `put` and returns the exact text to store. */
export function serializeEntry(key: string, entry: CacheEntry): string {
  checkKey(key);
  if (entry.key !== key) throw new RangeError(`entry is for key ${entry.key}, not ${key}`);
  const credential = findCredentialField(entry);
  if (credential) throw new TypeError(`cache entry has a credential field at ${credential}; refusing to store it`);
  const text = `${JSON.stringify(entry, null, 2)}\n`;
  // Validate what will be read back, not the object: JSON drops `undefined` and mangles NaN.
  const result = parseEntry(key, text);
  if (!result.ok) throw new TypeError(`cache entry would not read back: ${result.reason}`);
  return text;
}

/** Parses stored text into an entry for `key`, or says why it is unusable. */
export function parseEntry(key: string, text: string): { ok: true; entry: CacheEntry } | { ok: false; reason: string } {
  if (text.trim() === '') return { ok: false, reason: 'empty file' };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `invalid JSON: ${(error as Error).message}` };
  }
  const parsed = CacheEntry.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    return { ok: false, reason: `wrong shape: ${issues.join('; ')}` };
  }
  if (parsed.data.key !== key) return { ok: false, reason: `key mismatch: file holds ${parsed.data.key}` };
  return { ok: true, entry: parsed.data };
}

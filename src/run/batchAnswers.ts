import type { CacheStore } from '../cache/CacheEntry.ts';

/**
 * The vote cache as a batch pass reads it: votes a collected batch of this run answered are read
 * from the batch results (so they count as this run's batch-billed votes on every pass, even when an
 * earlier pass, killed before it finished, has cached them already); every other key as usual.
 */
export function withBatchAnswers(cache: CacheStore, answered: ReadonlySet<string>): CacheStore {
  return {
    get: (key) => (answered.has(key) ? Promise.resolve(undefined) : cache.get(key)),
    put: (key, entry) => cache.put(key, entry),
    putRequest: (sha, json) => cache.putRequest(sha, json),
    getRequest: (sha) => cache.getRequest(sha),
  };
}

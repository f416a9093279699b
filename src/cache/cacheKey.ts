/**
 * The cache key of one judge vote: a hash over exactly what can change the model's answer.
 *
 * Deliberately absent: concurrency, timeouts, retries (they change when and whether an answer
 * arrives, not what it says) and credentials (rotating a key must not re-bill every vote, and
 * a key must never reach a file). Peers' stale-answer bugs all came from leaving something
 * out, so nothing else may be added silently: the parts are picked by name, not spread.
 */
import { createHash } from 'node:crypto';
import { canonicalJson, sha256Hex } from './canonicalJson.ts';
import { findCredentialField } from './credentials.ts';

/** Everything that identifies one vote's answer. */
export interface CacheKeyParts {
  /** Provider kind, e.g. `openai`: the same model name on another API is another judge. */
  provider: string;
  model: string;
  /** Effective base URL: another server behind the same API is another judge. */
  baseURL: string;
  /** The full wire body without `n`: generation params, messages, response schema. */
  body: Record<string, unknown>;
  /** Which of the k votes this is, so k votes are k entries, not one answer replayed k times. */
  voteIndex: number;
  /** Bumped by the user to force fresh answers without deleting the cache. */
  salt: string;
}

/** A valid key: what `cacheKey` returns, and all the stores accept (it becomes a file name). */
export const CACHE_KEY_PATTERN = /^[0-9a-f]{64}$/;

/** sha256 hex of the canonical JSON of exactly the six parts. */
export function cacheKey(parts: CacheKeyParts): string {
  const { provider, model, baseURL, body, voteIndex, salt } = parts;
  if (!Number.isInteger(voteIndex) || voteIndex < 0) {
    throw new RangeError(`voteIndex must be a non-negative integer, got ${voteIndex}`);
  }
  const json = canonicalJson({ provider, model, baseURL, body, voteIndex, salt }); // first: it rejects cycles
  const credential = findCredentialField(body);
  if (credential) throw new TypeError(`request body has a credential field at ${credential}; refusing to key on it`);
  return sha256Hex(json);
}

/** The keys of several votes of one request, with the request's canonical body and its digest. */
export interface VoteKeys {
  /** Canonical JSON of the body: the exact bytes stored once per request and hashed into every key. */
  bodyJson: string;
  /** sha256 of `bodyJson`: how a cache entry refers to its request (computed on first use). */
  readonly bodySha256: string;
  keys: string[];
}

/**
 * The same keys as `cacheKey` for each vote index, computed with one canonicalisation of the body
 * per request instead of one per vote (the body holds the whole review: it dominates the cost).
 * The hashed bytes are exactly `canonicalJson` of the six parts, streamed around the body.
 */
export function voteKeys(parts: Omit<CacheKeyParts, 'voteIndex'>, voteIndices: readonly number[]): VoteKeys {
  const { provider, model, baseURL, body, salt } = parts;
  const bodyJson = canonicalJson(body);
  const credential = findCredentialField(body);
  if (credential) throw new TypeError(`request body has a credential field at ${credential}; refusing to key on it`);
  // Canonical key order: baseURL, body, model, provider, salt, voteIndex.
  const head = `{"baseURL":${canonicalJson(baseURL)},"body":`;
  const tail = `,"model":${canonicalJson(model)},"provider":${canonicalJson(provider)},"salt":${canonicalJson(salt)},"voteIndex":`;
  // The body is hashed once: each vote's key continues a copy of the hash state after the shared part.
  const shared = createHash('sha256').update(head).update(bodyJson).update(tail);
  const keys = voteIndices.map((voteIndex) => {
    if (!Number.isInteger(voteIndex) || voteIndex < 0) throw new RangeError(`voteIndex must be a non-negative integer, got ${voteIndex}`);
    return shared.copy().update(`${voteIndex}}`).digest('hex');
  });
  // The digest is only needed to write a request: a fully cached run never pays for it.
  let digest: string | undefined;
  return {
    bodyJson,
    get bodySha256() {
      return (digest ??= sha256Hex(bodyJson));
    },
    keys,
  };
}

/** Test fixture: a realistic cache entry whose key really is the cacheKey of its request. */
import type { CacheEntry } from './CacheEntry.ts';
import { cacheKey } from './cacheKey.ts';
import { canonicalJson, sha256Hex } from './canonicalJson.ts';

/** A valid entry for vote `voteIndex`; `rawText` lets tests tell two entries for one key apart. */
export function testEntry(voteIndex = 0, rawText = '{"verdict":"detected"}'): CacheEntry {
  const body = testRequestBody();
  const parts = { provider: 'openai', model: 'gpt-4.1-mini', baseURL: 'https://api.openai.com/v1', voteIndex, salt: '' };
  return {
    version: 2,
    key: cacheKey({ ...parts, body }),
    request: { ...parts, bodySha256: sha256Hex(canonicalJson(body)) },
    response: { raw: { id: 'chatcmpl-1', choices: [{ message: { content: rawText } }] }, rawText, sampleIndex: 0 },
    parsed: JSON.parse(rawText) as unknown,
    usage: { inputTokens: 1200, outputTokens: 80, cachedInputTokens: 1024, cacheWriteTokens: 0 },
    latencyMs: 812.5,
    createdAt: '2025-01-02T03:04:05.678Z',
  };
}

/** The request body the test entries were asked with. */
export function testRequestBody(): Record<string, unknown> {
  return { model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'Judge this review.' }], temperature: 1 };
}

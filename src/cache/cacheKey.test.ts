import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from './canonicalJson.ts';
import { CACHE_KEY_PATTERN, cacheKey, voteKeys, type CacheKeyParts } from './cacheKey.ts';

const BASE: CacheKeyParts = {
  provider: 'openai',
  model: 'gpt-4.1-mini',
  baseURL: 'https://api.openai.com/v1',
  body: {
    model: 'gpt-4.1-mini',
    temperature: 1,
    messages: [
      { role: 'system', content: 'You are a judge.' },
      { role: 'user', content: 'Review: the Authorization header is logged.' },
    ],
    response_format: { type: 'json_schema', json_schema: { name: 'verdict', schema: { type: 'object' } } },
  },
  voteIndex: 0,
  salt: '',
};

const clone = (p: CacheKeyParts): CacheKeyParts => structuredClone(p);
const base = cacheKey(BASE);

describe('cacheKey', () => {
  it('is 64 hex digits and pinned: changing the key function silently orphans every cache', () => {
    expect(base).toMatch(CACHE_KEY_PATTERN);
    expect(base).toBe('77de05aa3188673423bfa991d91932e37b3eed8aa6bf3d0268b7abc7c9254e8d');
  });

  it('is the same for equal inputs', () => {
    expect(cacheKey(clone(BASE))).toBe(base);
  });

  it('does not depend on property order', () => {
    const reordered: CacheKeyParts = {
      salt: BASE.salt,
      voteIndex: BASE.voteIndex,
      body: Object.fromEntries(Object.entries(BASE.body).reverse()),
      baseURL: BASE.baseURL,
      model: BASE.model,
      provider: BASE.provider,
    };
    expect(cacheKey(reordered)).toBe(base);
  });

  const changes: Array<[string, (p: CacheKeyParts) => void]> = [
    ['provider', (p) => void (p.provider = 'openai-compatible')],
    ['model', (p) => void (p.model = 'gpt-4.1')],
    ['baseURL', (p) => void (p.baseURL = 'http://localhost:11434/v1')],
    ['generation param', (p) => void (p.body.temperature = 0)],
    ['new generation param', (p) => void (p.body.seed = 1)],
    ['message text', (p) => void ((p.body.messages as Array<{ content: string }>)[1]!.content += ' ')],
    ['message order', (p) => void (p.body.messages as unknown[]).reverse()],
    ['response schema', (p) => void (p.body.response_format = { type: 'json_object' })],
    ['voteIndex', (p) => void (p.voteIndex = 1)],
    ['salt', (p) => void (p.salt = 'fresh-1')],
  ];

  it.each(changes)('changes when the %s changes', (_name, change) => {
    const parts = clone(BASE);
    change(parts);
    expect(cacheKey(parts)).not.toBe(base);
  });

  it('gives a different key for each single change', () => {
    const keys = changes.map(([, change]) => {
      const parts = clone(BASE);
      change(parts);
      return cacheKey(parts);
    });
    expect(new Set(keys).size).toBe(changes.length);
  });

  it('ignores anything beyond the six parts (timeouts, concurrency, retries, credentials)', () => {
    const extra = { ...clone(BASE), timeoutMs: 5000, concurrency: 8, maxRetries: 3, apiKey: 'sk-secret' };
    expect(cacheKey(extra)).toBe(base);
  });

  it.each<[string, Record<string, unknown>]>([
    ['apiKey', { ...BASE.body, apiKey: 'sk-secret' }],
    ['api_key', { ...BASE.body, extra: { api_key: 'sk-secret' } }],
    ['Authorization header', { ...BASE.body, headers: { Authorization: 'Bearer x' } }],
    ['x-api-key header', { ...BASE.body, headers: [{ 'x-api-key': 'x' }] }],
  ])('refuses a body with a credential field: %s', (_name, body) => {
    expect(() => cacheKey({ ...clone(BASE), body })).toThrow(/credential field/);
  });

  it.each([-1, 1.5, NaN])('refuses voteIndex %s', (voteIndex) => {
    expect(() => cacheKey({ ...clone(BASE), voteIndex })).toThrow(RangeError);
  });
});

describe('voteKeys', () => {
  const parts = {
    provider: 'openai',
    model: 'gpt-4.1-mini',
    baseURL: 'http://127.0.0.1:1/v1',
    body: { model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'レビュー "quoted" \\ \n text' }], temperature: 0.7, z: [1, { b: 2, a: 1 }] },
    salt: 'abc',
  };
  it.each([[[0]], [[0, 1, 2]], [[7, 3]]])('gives exactly cacheKey for vote indices %j', (indices) => {
    const { keys, bodyJson, bodySha256 } = voteKeys(parts, indices);
    expect(keys).toEqual(indices.map((voteIndex) => cacheKey({ ...parts, voteIndex })));
    expect(bodyJson).toBe(canonicalJson(parts.body));
    expect(bodySha256).toBe(sha256Hex(bodyJson));
  });

  it('refuses a body with a credential field and a bad vote index, like cacheKey', () => {
    expect(() => voteKeys({ ...parts, body: { ...parts.body, api_key: 'x' } }, [0])).toThrow(/credential/);
    expect(() => voteKeys(parts, [-1])).toThrow(RangeError);
  });
});

/** The storage contract, run against every store (evalite style): the fake must behave like the real one. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CacheEntry, CacheStore } from './CacheEntry.ts';
import { DiskCache } from './DiskCache.ts';
import { MemoryCache } from './MemoryCache.ts';
import { testEntry } from './testEntry.ts';

interface Harness {
  store: CacheStore;
  warnings: unknown[];
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const makers: Array<[string, () => Promise<Harness>]> = [
  [
    'DiskCache',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'review-judge-cache-'));
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      const warnings: unknown[] = [];
      return { store: new DiskCache(dir, { log: { warn: (fields) => warnings.push(fields) } }), warnings };
    },
  ],
  ['MemoryCache', async () => ({ store: new MemoryCache(), warnings: [] })],
];

/** An entry with one part replaced, typed loosely: these are entries the schema must refuse. */
const broken = (patch: (e: Record<string, unknown>) => void): CacheEntry => {
  const e = structuredClone(testEntry()) as unknown as Record<string, unknown>;
  patch(e);
  return e as unknown as CacheEntry;
};

describe.each(makers)('%s', (_name, make) => {
  it('round-trips an entry', async () => {
    const { store, warnings } = await make();
    const entry = testEntry();
    await store.put(entry.key, entry);
    expect(await store.get(entry.key)).toEqual(entry);
    expect(warnings).toEqual([]);
  });

  it('round-trips Japanese text and nested raw JSON', async () => {
    const { store } = await make();
    const entry = testEntry(0, '{"reasoning":"キャッシュキーにモデル名がない","verdict":"partial","evidence":[]}');
    await store.put(entry.key, entry);
    expect(await store.get(entry.key)).toEqual(entry);
  });

  it('misses a key never stored, without a warning', async () => {
    const { store, warnings } = await make();
    expect(await store.get(testEntry().key)).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it('keeps the last of two puts of one key', async () => {
    const { store } = await make();
    const first = testEntry(0, '{"v":1}');
    const second = testEntry(0, '{"v":2}');
    await store.put(first.key, first);
    await store.put(second.key, second);
    expect(await store.get(first.key)).toEqual(second);
  });

  it('keeps one valid entry after two concurrent puts of one key', async () => {
    const { store, warnings } = await make();
    const a = testEntry(0, '{"v":"a"}');
    const b = testEntry(0, '{"v":"b"}');
    await Promise.all([store.put(a.key, a), store.put(b.key, b)]);
    expect([a, b]).toContainEqual(await store.get(a.key));
    expect(warnings).toEqual([]);
  });

  it('stores many keys concurrently', async () => {
    const { store } = await make();
    const entries = Array.from({ length: 20 }, (_, i) => testEntry(i));
    await Promise.all(entries.map((e) => store.put(e.key, e)));
    for (const e of entries) expect(await store.get(e.key)).toEqual(e);
  });

  it('returns copies: mutating a result does not change the store', async () => {
    const { store } = await make();
    const entry = testEntry();
    await store.put(entry.key, entry);
    const got = (await store.get(entry.key))!;
    got.response.rawText = 'changed';
    entry.usage.inputTokens = 0;
    expect((await store.get(entry.key))!.response.rawText).toBe(testEntry().response.rawText);
    expect((await store.get(entry.key))!.usage.inputTokens).toBe(1200);
  });

  it.each<[string, () => [string, CacheEntry], RegExp]>([
    ['an entry for another key', () => [testEntry(1).key, testEntry(0)], /entry is for key/],
    ['a key that is not a hash', () => ['../../etc/passwd', testEntry()], /64 lowercase hex/],
    ['an upper-case key', () => [testEntry().key.toUpperCase(), testEntry()], /64 lowercase hex/],
    ['version 1 (the layout before request bodies were stored apart)', () => [testEntry().key, broken((e) => ((e as { version: number }).version = 1))], /would not read back.*version/],
    ['a missing field', () => [testEntry().key, broken((e) => delete e.latencyMs)], /latencyMs/],
    ['parsed left undefined', () => [testEntry().key, broken((e) => (e.parsed = undefined))], /parsed/],
    ['a NaN latency', () => [testEntry().key, broken((e) => (e.latencyMs = NaN))], /latencyMs/],
    [
      'a headers slot in the request',
      () => [testEntry().key, broken((e) => ((e.request as Record<string, unknown>).headers = { accept: 'json' }))],
      /request/,
    ],
    [
      'an apiKey in the request',
      () => [testEntry().key, broken((e) => ((e.request as Record<string, unknown>).apiKey = 'sk-x'))],
      /credential field at \$\.request\.apiKey/,
    ],
    [
      'an Authorization header in the raw response',
      () => [testEntry().key, broken((e) => ((e.response as { raw: unknown }).raw = { headers: { Authorization: 'Bearer x' } }))],
      /credential field at \$\.response\.raw\.headers\.Authorization/,
    ],
    [
      'an x-api-key header anywhere',
      () => [testEntry().key, broken((e) => (e.parsed = { 'X-Api-Key': 'k' }))],
      /credential field/,
    ],
  ])('put refuses %s', async (_name, args, message) => {
    const { store } = await make();
    const [key, entry] = args();
    await expect(store.put(key, entry)).rejects.toThrow(message);
    if (/^[0-9a-f]{64}$/.test(key)) expect(await store.get(key)).toBeUndefined();
  });

  it('accepts review text that merely mentions Authorization or x-api-key headers', async () => {
    const { store } = await make();
    const entry = testEntry(0, '{"quote":"the Authorization header and x-api-key are logged"}');
    await store.put(entry.key, entry);
    expect(await store.get(entry.key)).toEqual(entry);
  });

  it('get refuses a key that is not a hash', async () => {
    const { store } = await make();
    await expect(store.get('../x')).rejects.toThrow(RangeError);
  });
});

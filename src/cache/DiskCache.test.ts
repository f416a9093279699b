/** What only the disk store can get wrong: file layout, corrupt files, half-written files. */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Logger } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiskCache, TEMP_SUFFIX, type CacheLogger } from './DiskCache.ts';
import { testEntry } from './testEntry.ts';

let dir: string;
let warnings: Array<{ fields: { key: string; file: string; reason: string }; message: string }>;
let cache: DiskCache;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'review-judge-disk-'));
  warnings = [];
  cache = new DiskCache(dir, { log: { warn: (fields, message) => warnings.push({ fields, message }) } });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const entry = testEntry();
const key = entry.key;

/** Stores raw bytes where the entry for `key` belongs, as a crash or a stray edit would. */
async function plant(content: string | Buffer): Promise<string> {
  const file = cache.fileFor(key);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, content);
  return file;
}

describe('DiskCache layout', () => {
  it('writes <dir>/<key[0..2]>/<key>.json and nothing else', async () => {
    await cache.put(key, entry);
    const file = join(dir, key.slice(0, 2), `${key}.json`);
    expect(cache.fileFor(key)).toBe(file);
    expect(await readdir(dir)).toEqual([key.slice(0, 2)]);
    expect(await readdir(dirname(file))).toEqual([`${key}.json`]);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(entry);
  });

  it('accepts a pino logger', () => {
    const log = {} as Logger;
    const asCacheLogger: CacheLogger = log; // compile-time check only
    expect(asCacheLogger).toBe(log);
  });
});

describe('DiskCache corrupt entries are misses with a warning', () => {
  const valid = JSON.stringify(entry, null, 2);
  const other = testEntry(1);

  it.each<[string, () => string | Buffer, RegExp]>([
    ['empty file', () => '', /^empty file$/],
    ['whitespace only', () => ' \n', /^empty file$/],
    ['truncated JSON', () => valid.slice(0, Math.floor(valid.length / 2)), /^invalid JSON/],
    ['garbage bytes', () => Buffer.from([0xff, 0xfe, 0x00, 0x9c, 0x42]), /^invalid JSON/],
    ['JSON null', () => 'null', /^wrong shape/],
    ['JSON array', () => '[]', /^wrong shape/],
    ['wrong version', () => JSON.stringify({ ...entry, version: 1 }), /^wrong shape: version/],
    ['missing usage', () => JSON.stringify({ ...entry, usage: undefined }), /^wrong shape: usage/],
    ['negative token count', () => JSON.stringify({ ...entry, usage: { ...entry.usage, outputTokens: -1 } }), /usage\.outputTokens/],
    ['extra top-level field', () => JSON.stringify({ ...entry, headers: {} }), /^wrong shape/],
    ['bad createdAt', () => JSON.stringify({ ...entry, createdAt: 'yesterday' }), /createdAt/],
    ['entry of another key', () => JSON.stringify(other), /^key mismatch: file holds [0-9a-f]{64}$/],
  ])('%s', async (_name, content, reason) => {
    const file = await plant(content());
    expect(await cache.get(key)).toBeUndefined();
    expect(warnings).toEqual([{ fields: { key, file, reason: expect.stringMatching(reason) }, message: 'corrupt cache entry ignored' }]);
  });

  it('a directory where the file should be', async () => {
    const file = cache.fileFor(key);
    await mkdir(file, { recursive: true });
    expect(await cache.get(key)).toBeUndefined();
    expect(warnings).toEqual([{ fields: { key, file, reason: 'unreadable: EISDIR' }, message: 'corrupt cache entry ignored' }]);
  });

  it('a corrupt file is replaced by the next put', async () => {
    await plant('{"trunc');
    await cache.put(key, entry);
    expect(await cache.get(key)).toEqual(entry);
  });
});

describe('DiskCache writes are atomic', () => {
  it('ignores a temp file left by a crashed put', async () => {
    const file = cache.fileFor(key);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(`${file}.4242.0b6e4a0e-dead-beef-0000-000000000000${TEMP_SUFFIX}`, '{"half":');
    expect(await cache.get(key)).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it('leaves no temp files after concurrent puts of one key', async () => {
    const entries = Array.from({ length: 10 }, (_, i) => testEntry(0, `{"v":${i}}`));
    await Promise.all(entries.map((e) => cache.put(key, e)));
    expect(await readdir(dirname(cache.fileFor(key)))).toEqual([`${key}.json`]);
    expect(entries).toContainEqual(await cache.get(key));
  });

  it('never shows a reader a partial file, even for a large entry', async () => {
    // Several MB take many write chunks; an in-place write would be read half-done here.
    const big = (n: number) => ({ ...testEntry(), response: { ...testEntry().response, raw: { blob: String(n).repeat(4_000_000) } } });
    const [old, next] = [big(1), big(2)];
    await cache.put(key, old);
    let done = false;
    const writing = cache.put(key, next).finally(() => (done = true));
    const seen = new Set<string>();
    while (!done) {
      // get reads synchronously (small files): give the writer's I/O a turn between reads.
      await new Promise((r) => setImmediate(r));
      const got = await cache.get(key);
      seen.add(got === undefined ? 'miss' : (got.response.raw as { blob: string }).blob.slice(0, 1));
    }
    await writing;
    expect(warnings).toEqual([]);
    expect([...seen].every((s) => s === '1' || s === '2')).toBe(true);
    expect(await cache.get(key)).toEqual(next);
  });

  it('removes its temp file when the write fails', async () => {
    // A directory squatting on the target makes the final rename fail.
    await mkdir(join(cache.fileFor(key), 'blocker'), { recursive: true });
    await expect(cache.put(key, entry)).rejects.toThrow();
    expect((await readdir(dirname(cache.fileFor(key)))).filter((f) => f.endsWith(TEMP_SUFFIX))).toEqual([]);
  });
});

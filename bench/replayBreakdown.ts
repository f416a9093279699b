/**
 * Splits the cost of serving a run from the cache into the product's own steps, timed in-process
 * over the same cache and reviews with the product's own functions: read each vote's file,
 * JSON.parse it, validate it (`parseEntry`: JSON.parse + zod), recompute its cache key, and build
 * the quote index of a review (`createQuoteIndex`), once per review and once per unit.
 *
 * Works with both cache layouts: entries holding the request body (v1), and entries referring to a
 * body stored once per request (`bodySha256`, read back with the store's `getRequest`).
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseEntry } from '../src/cache/CacheEntry.ts';
import * as keys from '../src/cache/cacheKey.ts';
import { DiskCache } from '../src/cache/DiskCache.ts';
import { createQuoteIndex } from '../src/judge/evidence.ts';
import { decodeReview } from '../src/round/decodeReview.ts';
import { fmt } from './report.ts';

type Body = Record<string, unknown>;
type KeyParts = { provider: string; model: string; baseURL: string; body: Body; salt: string };
/** `voteKeys(parts, indices)`: one canonicalisation per request, when the product has it. */
type VoteKeysFn = (parts: KeyParts, voteIndices: readonly number[]) => unknown;

export interface Breakdown {
  votes: number;
  reviews: number;
  units: number;
  /** Bytes of the vote files. */
  bytes: number;
  readMs: number;
  readSyncMs: number;
  jsonParseMs: number;
  parseEntryMs: number;
  /** Request bodies stored apart from the votes (0 when entries hold them). */
  bodies: number;
  bodyBytes: number;
  bodyReadMs: number;
  /** `cacheKey` once per vote. */
  cacheKeyMs: number;
  /** `voteKeys` once per unit (null when the product has no such function). */
  voteKeysMs: number | null;
  quotePerReviewMs: number;
  quotePerUnitMs: number;
}

/** Times each step over every vote of a run folder's manifest. */
export async function replayBreakdown(cwd: string, runDir: string, cacheDir: string): Promise<Breakdown> {
  const manifest = JSON.parse(await readFile(path.resolve(cwd, runDir, 'manifest.json'), 'utf8')) as {
    votes: Array<{ cacheKey: string; status: string; prompt: string; run: number; unit: string; voteIndex: number }>;
    inputs: { reviews: Array<{ path: string; prompt: string; run: number }> };
  };
  const store = new DiskCache(cacheDir, { log: { warn: () => {} } }) as unknown as { getRequest?: (sha256: string) => Promise<Body | undefined> };
  const voteKeys = (keys as Record<string, unknown>).voteKeys as VoteKeysFn | undefined;
  const b: Breakdown = {
    votes: 0, reviews: manifest.inputs.reviews.length, units: 0, bytes: 0, readMs: 0, readSyncMs: 0, jsonParseMs: 0, parseEntryMs: 0,
    bodies: 0, bodyBytes: 0, bodyReadMs: 0, cacheKeyMs: 0, voteKeysMs: voteKeys ? 0 : null, quotePerReviewMs: 0, quotePerUnitMs: 0,
  };
  const bodies = new Map<string, Body>();
  const unitVotes = new Map<string, number[]>();
  const unitParts = new Map<string, KeyParts>();
  for (const v of manifest.votes) {
    if (v.status !== 'ok') continue;
    const file = path.join(cacheDir, v.cacheKey.slice(0, 2), `${v.cacheKey}.json`);
    let t = performance.now();
    const text = await readFile(file, 'utf8');
    b.readMs += performance.now() - t;
    b.bytes += Buffer.byteLength(text);
    t = performance.now();
    readFileSync(file, 'utf8');
    b.readSyncMs += performance.now() - t;
    t = performance.now();
    JSON.parse(text);
    b.jsonParseMs += performance.now() - t;
    t = performance.now();
    const parsed = parseEntry(v.cacheKey, text);
    b.parseEntryMs += performance.now() - t;
    if (!parsed.ok) throw new Error(`cache entry ${v.cacheKey}: ${parsed.reason}`);
    const req = (parsed.entry as unknown as { request: { provider: string; model: string; baseURL: string; salt: string; voteIndex: number; body?: Body; bodySha256?: string } }).request;
    let body = req.body;
    if (!body && req.bodySha256 && store.getRequest) {
      body = bodies.get(req.bodySha256);
      if (!body) {
        t = performance.now();
        body = await store.getRequest(req.bodySha256);
        b.bodyReadMs += performance.now() - t;
        if (!body) throw new Error(`request body ${req.bodySha256} missing from the cache`);
        bodies.set(req.bodySha256, body);
        b.bodies++;
        b.bodyBytes += Buffer.byteLength(JSON.stringify(body));
      }
    }
    if (!body) throw new Error(`cache entry ${v.cacheKey} has neither a body nor a body the store can return`);
    const parts = { provider: req.provider, model: req.model, baseURL: req.baseURL, body, salt: req.salt };
    t = performance.now();
    keys.cacheKey({ ...parts, voteIndex: req.voteIndex });
    b.cacheKeyMs += performance.now() - t;
    b.votes++;
    const unit = `${v.prompt}\u0000${v.run}\u0000${v.unit}`;
    unitVotes.set(unit, [...(unitVotes.get(unit) ?? []), req.voteIndex]);
    unitParts.set(unit, parts);
  }
  b.units = unitVotes.size;
  if (voteKeys) {
    for (const [unit, indices] of unitVotes) {
      const t = performance.now();
      voteKeys(unitParts.get(unit)!, indices);
      b.voteKeysMs! += performance.now() - t;
    }
  }
  const unitsPerReview = new Map<string, number>();
  for (const unit of unitVotes.keys()) {
    const [prompt, run] = unit.split('\u0000');
    unitsPerReview.set(`${prompt}\u0000${run}`, (unitsPerReview.get(`${prompt}\u0000${run}`) ?? 0) + 1);
  }
  for (const r of manifest.inputs.reviews) {
    const decoded = decodeReview(await readFile(path.resolve(cwd, r.path)), Number.MAX_SAFE_INTEGER);
    const text = decoded.ok ? decoded.text : '';
    let t = performance.now();
    createQuoteIndex(text);
    const once = performance.now() - t;
    b.quotePerReviewMs += once;
    // What building it per unit costs: measured for this review's unit count (the first build counts once).
    const n = unitsPerReview.get(`${r.prompt}\u0000${r.run}`) ?? 0;
    t = performance.now();
    for (let u = 1; u < n; u++) createQuoteIndex(text);
    b.quotePerUnitMs += once + (performance.now() - t);
  }
  return b;
}

/** Markdown lines. */
export function formatBreakdown(b: Breakdown): string[] {
  const per = (ms: number) => `${fmt.ms(ms)} (${((ms / b.votes) * 1000).toFixed(0)} µs/vote)`;
  const out = [
    `- In-process timing of the product's own steps over the same ${fmt.int(b.votes)} cached votes (vote files: ${(b.bytes / 1024 / 1024).toFixed(0)} MB, ${(b.bytes / b.votes / 1024).toFixed(1)} kB each), one after another on one core:`,
    `  - read the vote files with \`fs.promises.readFile\` (as \`DiskCache.get\`): ${per(b.readMs)}; the same files with \`readFileSync\` (page cache warm): ${per(b.readSyncMs)}`,
    `  - \`JSON.parse\` of each file: ${per(b.jsonParseMs)}; \`parseEntry\` (JSON.parse + zod \`CacheEntry\` validation, as \`DiskCache.get\`): ${per(b.parseEntryMs)}`,
  ];
  if (b.bodies) out.push(`  - request bodies stored apart from the votes: ${fmt.int(b.bodies)} (${(b.bodyBytes / b.bodies / 1024).toFixed(1)} kB each), read back with \`getRequest\` in ${fmt.ms(b.bodyReadMs)} (read here only to time the key functions below on the same bodies)`);
  out.push(
    `  - cache keys: \`cacheKey\` once per vote ${per(b.cacheKeyMs)}` +
      (b.voteKeysMs === null ? ' (canonicalJson of the whole request body each time: the body is the same for every vote of a unit)' : `; \`voteKeys\` once per unit (${fmt.int(b.units)}) ${fmt.ms(b.voteKeysMs)}`),
    `  - \`createQuoteIndex\` (NFKC + regex normalisation of the review): once per review (${b.reviews}) ${fmt.ms(b.quotePerReviewMs)}; once per unit (${fmt.int(b.units)}) ${fmt.ms(b.quotePerUnitMs)}`,
  );
  return out;
}

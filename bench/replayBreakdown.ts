/**
 * Splits the cost of serving a run from the cache into the product's own steps, timed in-process
 * over the same cache and reviews with the same functions the engine calls: read each vote's file,
 * JSON.parse it, validate it (`parseEntry`: JSON.parse + zod), recompute its cache key
 * (`cacheKey`: canonicalJson of the request body + sha256), and build the quote index of a review
 * (`createQuoteIndex`), once per review and once per unit.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseEntry } from '../src/cache/CacheEntry.ts';
import { cacheKey } from '../src/cache/cacheKey.ts';
import { canonicalJson, sha256Hex } from '../src/cache/canonicalJson.ts';
import { createQuoteIndex } from '../src/judge/evidence.ts';
import { decodeReview } from '../src/round/decodeReview.ts';
import { fmt } from './report.ts';

export interface Breakdown {
  votes: number;
  reviews: number;
  units: number;
  bytes: number;
  readMs: number;
  readSyncMs: number;
  canonicalBytes: number;
  jsonParseMs: number;
  parseEntryMs: number;
  cacheKeyMs: number;
  canonicalMs: number;
  sha256Ms: number;
  quotePerReviewMs: number;
  quotePerUnitMs: number;
}

/** Times each step over every vote of a run folder's manifest. */
export async function replayBreakdown(cwd: string, runDir: string, cacheDir: string): Promise<Breakdown> {
  const manifest = JSON.parse(await readFile(path.resolve(cwd, runDir, 'manifest.json'), 'utf8')) as {
    votes: Array<{ cacheKey: string; status: string; prompt: string; run: number; unit: string }>;
    inputs: { reviews: Array<{ path: string; prompt: string; run: number }> };
  };
  const b: Breakdown = { votes: 0, reviews: manifest.inputs.reviews.length, units: 0, bytes: 0, readMs: 0, readSyncMs: 0, canonicalBytes: 0, jsonParseMs: 0, parseEntryMs: 0, cacheKeyMs: 0, canonicalMs: 0, sha256Ms: 0, quotePerReviewMs: 0, quotePerUnitMs: 0 };
  const units = new Set<string>();
  const unitsPerReview = new Map<string, number>();
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
    const { provider, model, baseURL, body, voteIndex, salt } = parsed.entry.request;
    t = performance.now();
    cacheKey({ provider, model, baseURL, body, voteIndex, salt });
    b.cacheKeyMs += performance.now() - t;
    t = performance.now();
    const canonical = canonicalJson({ provider, model, baseURL, body, voteIndex, salt });
    b.canonicalMs += performance.now() - t;
    b.canonicalBytes += Buffer.byteLength(canonical);
    t = performance.now();
    sha256Hex(canonical);
    b.sha256Ms += performance.now() - t;
    b.votes++;
    const unit = `${v.prompt}\u0000${v.run}\u0000${v.unit}`;
    if (!units.has(unit)) {
      units.add(unit);
      const review = `${v.prompt}\u0000${v.run}`;
      unitsPerReview.set(review, (unitsPerReview.get(review) ?? 0) + 1);
    }
  }
  b.units = units.size;
  for (const r of manifest.inputs.reviews) {
    const decoded = decodeReview(await readFile(path.resolve(cwd, r.path)), Number.MAX_SAFE_INTEGER);
    const text = decoded.ok ? decoded.text : '';
    let t = performance.now();
    createQuoteIndex(text);
    const once = performance.now() - t;
    b.quotePerReviewMs += once;
    // What building it per unit costs: measured for this review's unit count (the first time is reused).
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
  return [
    `- In-process timing of the product's own steps over the same ${fmt.int(b.votes)} cached votes (${(b.bytes / 1024 / 1024).toFixed(0)} MB, ${(b.bytes / b.votes / 1024).toFixed(1)} kB per file), one after another on one core:`,
    `  - read the vote files with \`fs.promises.readFile\` (as \`DiskCache.get\`): ${per(b.readMs)}; the same files with \`readFileSync\` (page cache warm): ${per(b.readSyncMs)}`,
    `  - \`JSON.parse\` of each file: ${per(b.jsonParseMs)}; \`parseEntry\` (JSON.parse + zod \`CacheEntry\` validation, as \`DiskCache.get\`): ${per(b.parseEntryMs)}`,
    `  - \`cacheKey\` of each vote (collectVotes' \`keyFor\`, once per vote slot): ${per(b.cacheKeyMs)} — \`canonicalJson\` of the key parts (${(b.canonicalBytes / b.votes / 1024).toFixed(1)} kB, nearly all of it the request body) ${fmt.ms(b.canonicalMs)}, \`sha256Hex\` ${fmt.ms(b.sha256Ms)}; the body is the same for the ${(b.votes / b.units).toFixed(0)} votes of a unit`,
    `  - \`createQuoteIndex\` (NFKC + regex normalisation of the review): once per review (${b.reviews}) ${fmt.ms(b.quotePerReviewMs)}; once per unit (${fmt.int(b.units)}, what \`replayRun\` does) ${fmt.ms(b.quotePerUnitMs)}`,
  ];
}

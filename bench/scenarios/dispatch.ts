/**
 * Cache-aware dispatch: for one round (audit on) judged against the OpenAI fake (with `n`) and
 * against the Anthropic fake, the share of each review's requests that were sent before that
 * review's first answer arrived. A provider's prompt cache can only serve the shared prefix
 * (instructions + review) to a request that arrives after an earlier request with that prefix was
 * answered; the fake simulates that billing: such a request's prefix tokens are billed as cached
 * input (reported in the answer's usage, so the CLI's manifest shows it too), every other token as
 * uncached input. Also records whether OpenAI requests carry `prompt_cache_key`.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { estimateTokens } from '../../src/judge/estimateTokens.ts';
import { hash32, MIXED, startBackend, type Backend } from '../fakeBackend.ts';
import { KEY_PROBLEMS, writeSyntheticRound } from '../fixtures.ts';
import type { Ctx, ScenarioResult } from '../report.ts';
import { fmt } from '../report.ts';
import { childEnv, expectExit, runCli, runDirOf } from '../spawnCli.ts';

/** Below this many prefix tokens providers do not cache (OpenAI: 1,024; Anthropic Sonnet: 1,024). */
const MIN_CACHEABLE_TOKENS = 1024;
const REVIEW_BYTES = 24_000;

interface ReviewTrack {
  arrivals: number[];
  firstAnswer: number;
  prefixTokens: number;
}

interface DispatchResult {
  label: string;
  requests: number;
  reviews: number;
  sentBefore: number;
  /** Reviews that had exactly one request in flight until their first answer. */
  oneFirst: number;
  /** Mean over reviews of (requests sent before its first answer ÷ its requests). */
  meanShare: number;
  inputTokens: number;
  cachedTokens: number;
  /** Cached tokens if every request of a review but the first had been sent after its first answer. */
  bestCachedTokens: number;
  withCacheKey: number;
  cacheKeys: number;
  wallMs: number;
  code: number;
  manifestCached: number | null;
  manifestInput: number | null;
}

export async function dispatch(ctx: Ctx): Promise<ScenarioResult> {
  const { latencyMs, concurrency, dispatchReviews: reviews } = ctx.opts;
  const dir = path.join(ctx.tmp, 'dispatch');
  mkdirSync(dir, { recursive: true });
  const round = writeSyntheticRound(dir, reviews, REVIEW_BYTES);
  const common = ['score', round, '--round', '6', '--votes', '3', '--concurrency', String(concurrency)];

  const measure = async (wire: 'openai' | 'anthropic'): Promise<DispatchResult> => {
    const tracks = new Map<string, ReviewTrack>();
    const prefixAnswered = new Map<string, number>();
    let inputTokens = 0;
    let cachedTokens = 0;
    let withCacheKey = 0;
    const cacheKeys = new Set<string>();
    const backend: Backend = await startBackend({
      latencyMs,
      wire,
      pattern: MIXED,
      onArrive: (body, view, t) => {
        const id = reviewId(view.review);
        let tr = tracks.get(id);
        if (!tr) tracks.set(id, (tr = { arrivals: [], firstAnswer: Infinity, prefixTokens: 0 }));
        tr.arrivals.push(t);
        if (typeof body?.prompt_cache_key === 'string') withCacheKey++, cacheKeys.add(body.prompt_cache_key);
      },
      usage: (body, view, arrivedAt) => {
        const now = performance.now();
        const { all, prefix } = split(body);
        const id = reviewId(view.review);
        const tr = tracks.get(id)!;
        tr.firstAnswer = Math.min(tr.firstAnswer, now);
        const total = estimateTokens(all);
        const pre = estimateTokens(prefix);
        tr.prefixTokens = pre;
        const key = `${hash32(prefix).toString(16)}:${prefix.length}`;
        const answered = prefixAnswered.get(key);
        const cacheable = pre >= MIN_CACHEABLE_TOKENS && (wire === 'openai' || hasBreakpoint(body));
        const hit = cacheable && answered !== undefined && answered <= arrivedAt;
        if (!prefixAnswered.has(key)) prefixAnswered.set(key, now);
        inputTokens += total;
        if (hit) cachedTokens += pre;
        return { input: total, cached: hit ? pre : 0, cacheWrite: wire === 'anthropic' && cacheable && !hit ? pre : 0 };
      },
    });
    try {
      const env: Record<string, string> =
        wire === 'openai'
          ? { OPENAI_API_KEY: 'sk-bench-not-a-real-ke', OPENAI_BASE_URL: `${backend.url}/v1` }
          : { ANTHROPIC_API_KEY: 'sk-ant-bench-fake', ANTHROPIC_BASE_URL: backend.url };
      const judge = wire === 'openai' ? 'openai:gpt-4.1-mini' : 'anthropic:claude-sonnet-5-5';
      ctx.log(`dispatch: ${judge} against the ${wire} fake (${reviews} reviews, ${latencyMs} ms)`);
      await ctx.quiet();
      const run = await runCli([...common, '--judge', judge, '--runs-dir', `runs-${wire}`], { cwd: dir, env: childEnv(env) });
      expectExit(run, `dispatch run (${wire})`, [0, 1]);
      let sentBefore = 0;
      let oneFirst = 0;
      let best = 0;
      let shares = 0;
      for (const tr of tracks.values()) {
        const before = tr.arrivals.filter((t) => t < tr.firstAnswer).length;
        sentBefore += before;
        shares += before / tr.arrivals.length;
        if (before === 1) oneFirst++;
        if (tr.prefixTokens >= MIN_CACHEABLE_TOKENS) best += (tr.arrivals.length - 1) * tr.prefixTokens;
      }
      let manifestCached: number | null = null;
      let manifestInput: number | null = null;
      try {
        const m = JSON.parse(readFileSync(path.join(path.resolve(dir, runDirOf(run)), 'manifest.json'), 'utf8')) as { totals?: { inputTokens?: number; cachedInputTokens?: number } };
        manifestCached = m.totals?.cachedInputTokens ?? null;
        manifestInput = m.totals?.inputTokens ?? null;
      } catch {
        // the figure stands without the manifest's view
      }
      return {
        label: judge,
        requests: backend.stats.requests,
        reviews: tracks.size,
        sentBefore,
        oneFirst,
        meanShare: shares / Math.max(1, tracks.size),
        inputTokens,
        cachedTokens,
        bestCachedTokens: best,
        withCacheKey,
        cacheKeys: cacheKeys.size,
        wallMs: run.wallMs,
        code: run.code,
        manifestCached,
        manifestInput,
      };
    } finally {
      await backend.close();
    }
  };

  const results = [await measure('openai'), await measure('anthropic')];
  const rows: ScenarioResult['rows'] = [];
  const details: string[] = [
    `- Synthetic round: bundled key (10 problems), ${reviews} reviews of ~${REVIEW_BYTES / 1000} kB, audit on: ${reviews * (KEY_PROBLEMS + 1)} units; \`${common.join(' ')} --judge …\`; the fake answers after ${latencyMs} ms.`,
    `- A request belongs to the review fenced in its user content (\`<<<REVIEW-…\` … \`…>>>\`). "Sent before the first answer": it reached the fake before any request of the same review had been answered. Goal: one request per review goes first, the rest follow its answer (share = reviews ÷ requests).`,
    `- Simulated prompt cache: the prefix is the instructions + the fenced review (everything up to the closing fence); a request is billed that prefix as cached input when a request with the same prefix had been answered before it arrived (and the prefix is ≥ ${fmt.int(MIN_CACHEABLE_TOKENS)} tokens; Anthropic: only with a \`cache_control\` breakpoint). Tokens: \`estimateTokens\` of the text. "Best possible" = every request of a review but the first billed as cached.`,
  ];
  const misses: string[] = [];
  for (const r of results) {
    const share = r.sentBefore / Math.max(1, r.requests);
    const goal = r.reviews / Math.max(1, r.requests);
    const ok = r.sentBefore <= r.reviews;
    rows.push({
      figure: `${r.label}: share of a review's requests sent before its first answer`,
      measured: `${fmt.pct(share)} (${fmt.int(r.sentBefore)} of ${fmt.int(r.requests)}; ${r.oneFirst} of ${r.reviews} reviews sent exactly one first)`,
      target: `1 per review (${fmt.pct(goal)})`,
      ok,
    });
    rows.push({
      figure: `${r.label}: input tokens billed, cached share (simulated prompt cache)`,
      measured: `${fmt.int(r.inputTokens)}, ${fmt.pct(r.cachedTokens / Math.max(1, r.inputTokens))} cached (best possible ${fmt.pct(r.bestCachedTokens / Math.max(1, r.inputTokens))})`,
      target: '',
      ok: null,
    });
    details.push(
      `- ${r.label}: ${fmt.int(r.requests)} requests for ${r.reviews} reviews (${(r.requests / Math.max(1, r.reviews)).toFixed(1)} per review; mean per-review share sent before its first answer ${fmt.pct(r.meanShare)}), wall ${fmt.ms(r.wallMs)}, exit ${r.code}; ${fmt.int(r.inputTokens - r.cachedTokens)} uncached + ${fmt.int(r.cachedTokens)} cached input tokens` +
        (r.manifestInput !== null ? ` (the run's manifest, from the fake's usage: ${fmt.int(r.manifestInput)} input, ${fmt.int(r.manifestCached ?? 0)} cached)` : '') +
        '.',
    );
    if (!ok) {
      misses.push(
        `- ${r.label}: ${fmt.int(r.sentBefore)} of ${fmt.int(r.requests)} requests (${fmt.pct(share)}) left before their review's first answer; ${r.reviews - r.oneFirst} of ${r.reviews} reviews sent more than one request before it, so those prefixes were billed uncached ` +
          `(${fmt.pct(r.cachedTokens / Math.max(1, r.inputTokens))} of input tokens cached against a best possible ${fmt.pct(r.bestCachedTokens / Math.max(1, r.inputTokens))}).`,
      );
    }
  }
  const oa = results[0]!;
  rows.push({
    figure: 'OpenAI requests carrying `prompt_cache_key`',
    measured: oa.withCacheKey ? `${fmt.int(oa.withCacheKey)} of ${fmt.int(oa.requests)} (${oa.cacheKeys} distinct keys)` : `none of ${fmt.int(oa.requests)}`,
    target: '',
    ok: null,
  });
  return { name: 'dispatch', rows, details, misses };
}

/** A stable id of a review's text. */
function reviewId(review: string): string {
  return `${hash32(review).toString(16)}:${review.length}`;
}

/** The request's text in order (system, then message contents), and its prefix up to the end of the closing review fence. */
function split(body: any): { all: string; prefix: string } {
  const parts: string[] = [];
  const visit = (c: unknown) => {
    if (typeof c === 'string') parts.push(c);
    else if (Array.isArray(c)) for (const p of c) if (p && typeof p.text === 'string') parts.push(p.text);
  };
  visit(body?.system);
  for (const m of body?.messages ?? []) visit(m.content);
  const all = parts.join('\n');
  const m = /<<<(REVIEW-[0-9a-f]+)\n[\s\S]*?\n\1>>>/.exec(all);
  return { all, prefix: m ? all.slice(0, m.index + m[0].length) : '' };
}

function hasBreakpoint(body: any): boolean {
  return JSON.stringify(body?.messages ?? []).includes('"cache_control"') || JSON.stringify(body?.system ?? '').includes('"cache_control"');
}

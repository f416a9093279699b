/**
 * The fake judge the benchmarks talk to: the test suite's fake OpenAI server (real sockets, real
 * SDK wire format) driven by a script that adds latency, a requests-per-second limit (429 with
 * Retry-After) and random faults, answers in the detection/audit schemas, and keeps the counters
 * the figures are computed from. Recorded request bodies are dropped as they arrive so a
 * 10,000-vote run does not hold every prompt in memory; `onBody` sees each one first.
 */
import { mulberry32 } from '../src/score/prng.ts';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { auditOutput, detectionOutput, viewPrompt } from '../test/e2e/fakeJudge.ts';
import { startFakeAnthropic } from '../test/fakes/fakeAnthropic.ts';
import { startFakeOpenAI } from '../test/fakes/fakeOpenAI.ts';
import type { FakeServer, FakeUsage, Reply, Script } from '../test/fakes/fakeServer.ts';
import type { PromptView } from '../test/e2e/fakeJudge.ts';
import type { FaultRates } from './options.ts';

export type Word = 'detected' | 'partial' | 'undetected';

/** The verdicts the judge gives one unit, vote after vote (cycled): decides how many calls early stopping makes. */
export type Pattern = (unitKey: string) => readonly Word[];

/** Every vote agrees: 2 calls per unit without `n` at k = 3. */
export const UNANIMOUS: Pattern = () => ['detected', 'detected', 'detected'];
/** The first two votes disagree: 3 calls per unit without `n` at k = 3. */
export const SPLIT: Pattern = () => ['detected', 'undetected', 'detected'];
/** Deterministic mix: 7 units in 10 unanimous (2 calls), 3 in 10 split (3 calls). */
export const MIXED: Pattern = (key) => (hash32(key) % 10 < 7 ? UNANIMOUS(key) : SPLIT(key));

export interface BackendOptions {
  latencyMs: number;
  /** Per-request latency (ms), overriding latencyMs: e.g. slower audits, or seeded-random per unit. */
  latency?: (view: PromptView, body: any) => number;
  /** The wire format the fake speaks: OpenAI Chat Completions (default) or Anthropic Messages. */
  wire?: 'openai' | 'anthropic';
  /** Sees every request that passed the rate limit, at arrival (before the latency). */
  onArrive?: (body: any, view: PromptView, arrivedAt: number) => void;
  /** Usage to report in the answer (e.g. simulated prompt-cache hits); called when the answer is sent. */
  usage?: (body: any, view: PromptView, arrivedAt: number) => Partial<FakeUsage> | undefined;
  /** Accepted requests per rolling second; past it, 429 at once. 0 = no limit. */
  rateLimit?: number;
  retryAfter?: 's' | 'ms';
  faults?: FaultRates;
  seed?: number;
  pattern: Pattern;
  /** Sees every request body that reaches the judge brain (after the rate limit and faults). */
  onBody?: (body: any, view: { reviewId: number; problemId: string }) => void;
}

export interface BackendStats {
  /** HTTP requests received (429s and faults included). */
  requests: number;
  /** Requests answered 200 with a judge answer (the "calls"). */
  answered: number;
  /** Samples in those answers (n per request with OpenAI `n`, else 1). */
  samples: number;
  /** Answered requests that asked for more than one sample. */
  withN: number;
  throttled: number;
  faults: { status500: number; reset: number; invalid: number };
  /** performance.now() of the first request and of the end of the last non-429 reply. */
  firstArrival: number | null;
  lastDone: number | null;
  /** Sum of the time requests spent being served (latency included, 429s excluded). */
  busyMs: number;
  /** Sum of the latency the fake imposed on the requests it served (429s excluded). */
  latencySumMs: number;
  inFlight: number;
  peakInFlight: number;
}

export interface Backend {
  url: string;
  stats: BackendStats;
  /** Zeroes the counters (between the runs of one scenario). */
  reset(): void;
  close(): Promise<void>;
}

/** Starts the fake judge on 127.0.0.1. */
export async function startBackend(opts: BackendOptions): Promise<Backend> {
  const stats = freshStats();
  const random = mulberry32(opts.seed ?? 1);
  const faults = opts.faults ?? { status500: 0, reset: 0, invalid: 0 };
  const accepted: number[] = []; // arrival times inside the rate window, oldest first
  let acceptedHead = 0;
  const reviewIds = new Map<string, number>();
  const served = new Map<string, number>(); // samples handed out per unit, for cycling the pattern
  let server: FakeServer | null = null;

  const script: Script = async (body: any): Promise<Reply> => {
    const t0 = performance.now();
    stats.requests++;
    stats.firstArrival ??= t0;
    // The fake records every request; drop them at once (bodies are ~30 kB each on corpus reviews).
    if (server) server.requests.length = 0;
    if (opts.rateLimit) {
      while (acceptedHead < accepted.length && accepted[acceptedHead]! <= t0 - 1000) acceptedHead++;
      if (acceptedHead > 4096) accepted.splice(0, acceptedHead), (acceptedHead = 0);
      if (accepted.length - acceptedHead >= opts.rateLimit) {
        stats.throttled++;
        const waitMs = Math.max(1, accepted[acceptedHead]! + 1000 - t0);
        const headers: Record<string, string> =
          opts.retryAfter === 'ms' ? { 'retry-after-ms': String(Math.ceil(waitMs)) } : { 'retry-after': String(Math.ceil(waitMs / 1000)) };
        return { type: 'status', status: 429, headers };
      }
      accepted.push(t0);
    }
    stats.inFlight++;
    stats.peakInFlight = Math.max(stats.peakInFlight, stats.inFlight);
    try {
      const r = random();
      const view = opts.latency || opts.onArrive ? viewPrompt(body) : null;
      if (view) opts.onArrive?.(body, view, t0);
      const latencyMs = view && opts.latency ? Math.max(0, opts.latency(view, body)) : opts.latencyMs;
      stats.latencySumMs += latencyMs;
      if (latencyMs > 0) await sleep(latencyMs);
      if (r < faults.status500) {
        stats.faults.status500++;
        return { type: 'status', status: 500 };
      }
      if (r < faults.status500 + faults.reset) {
        stats.faults.reset++;
        return { type: 'reset' };
      }
      if (r < faults.status500 + faults.reset + faults.invalid) {
        stats.faults.invalid++;
        return { type: 'text', texts: ['{"reasoning": "cut off mid-answer'] };
      }
      return answer(body, view ?? viewPrompt(body), t0);
    } finally {
      stats.inFlight--;
      const done = performance.now();
      stats.lastDone = done;
      stats.busyMs += done - t0;
    }
  };

  function answer(body: any, view: PromptView, arrivedAt: number): Reply {
    let reviewId = reviewIds.get(view.review);
    if (reviewId === undefined) reviewIds.set(view.review, (reviewId = reviewIds.size));
    // Keyed on the review's text, not arrival order, so two runs of the same inputs get the same verdicts.
    const unit = unitKey(view);
    opts.onBody?.(body, { reviewId, problemId: view.problemId });
    const n = typeof body?.n === 'number' ? body.n : 1;
    stats.answered++;
    stats.samples += n;
    if (n > 1) stats.withN++;
    const usage = opts.usage?.(body, view, arrivedAt);
    if (view.problemId === 'audit') return { type: 'json', outputs: [auditOutput([])], ...(usage ? { usage } : {}) };
    const words = opts.pattern(unit);
    const start = served.get(unit) ?? 0;
    served.set(unit, start + n);
    const outputs = Array.from({ length: n }, (_, i) => detectionOutput(view, words[(start + i) % words.length]!));
    return { type: 'json', outputs, ...(usage ? { usage } : {}) };
  }

  server = await (opts.wire === 'anthropic' ? startFakeAnthropic : startFakeOpenAI)(script);
  const running = server;
  return {
    url: running.url,
    stats,
    reset() {
      Object.assign(stats, freshStats());
      served.clear();
      accepted.length = 0;
      acceptedHead = 0;
    },
    close: () => running.close(),
  };
}

function freshStats(): BackendStats {
  return {
    requests: 0,
    answered: 0,
    samples: 0,
    withN: 0,
    throttled: 0,
    faults: { status500: 0, reset: 0, invalid: 0 },
    firstArrival: null,
    lastDone: null,
    busyMs: 0,
    latencySumMs: 0,
    inFlight: 0,
    peakInFlight: 0,
  };
}

/** A unit's identity from its prompt: the review's text (hash and length) and the problem id (or `audit`). */
export function unitKey(view: PromptView): string {
  return `${hash32(view.review).toString(16)}:${view.review.length}|${view.problemId}`;
}

/** FNV-1a of a string (deterministic keys for verdicts and seeded per-unit latencies). */
export function hash32(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

import type { z } from 'zod';
import { voteKeys } from '../cache/cacheKey.ts';
import type { CacheStore } from '../cache/CacheEntry.ts';
import { JudgeError, type JudgeFailureKind } from '../errors.ts';
import type { AdaptiveLimit } from './AdaptiveLimit.ts';
import type { JudgePrompt, OutputSchema, Provider, ProviderRequest, SampleResult, Usage } from './Provider.ts';
import { votesToRequest, type Verdict } from './vote.ts';

/** One judge call to make k times: the prompt, its schema and how to read an answer. */
export interface JudgeTask<T> {
  prompt: JudgePrompt;
  schema: OutputSchema;
  output: z.ZodType<T>;
  /** The verdict a valid output counts as (after the evidence policy): drives early stopping. */
  countsAs: (output: T) => Verdict;
  /** False for tasks whose outcome is not one verdict (the audit): all votes are asked at once. */
  earlyStop?: boolean;
}

/** One vote slot's outcome. */
export type CollectedVote<T> = {
  judge: string;
  voteIndex: number;
  cacheKey: string;
  fromCache: boolean;
  usage: Usage | null;
  latencyMs: number | null;
} & ({ status: 'ok'; output: T } | { status: 'failed'; kind: JudgeFailureKind; reason: string });

/** The cache as the engine sees it (DiskCache or MemoryCache). */
export type VoteCache = CacheStore;

/** What collecting votes needs from outside; all edges are passed in. */
export interface CollectDeps {
  cache: VoteCache;
  limit: AdaptiveLimit;
  now: () => Date;
  /** Empty unless `--fresh`. */
  salt: string;
  /** Cache only: a miss is a failed vote of kind `cache-miss`. */
  offline: boolean;
  /** Called after every request (for progress, logs, budgets). */
  onRequest?: (info: { judge: string; samples: number; ok: boolean; usage: Usage | null }) => void;
  /** Returns a reason when no more paid calls may start (budget), else null. */
  stopReason?: () => string | null;
  signal?: AbortSignal;
  log?: { warn: (obj: object, msg: string) => void };
}

interface Slot {
  judge: Provider;
  voteIndex: number;
}

/** A slot with its cache key, its request's digest, and the pending write of that request's body. */
type KeyedSlot = Slot & { key: string; bodySha256?: string; stored?: Promise<void> };

/**
 * Collects up to k votes from each judge for one task. Judges with `n` get all their votes in one
 * request; others are asked in waves, stopping as soon as the remaining votes cannot change the
 * outcome. Cached votes count exactly like fresh ones, so a rerun follows the same path for free.
 */
export async function collectVotes<T>(task: JudgeTask<T>, judges: Provider[], k: number, deps: CollectDeps): Promise<CollectedVote<T>[]> {
  // The cache key has no panel position: the same judge twice would share (and overwrite) its votes.
  const ids = judges.map((j) => `${j.id}@${j.baseURL}`);
  if (new Set(ids).size !== ids.length) throw new Error(`the panel names the same judge twice (${ids.join(', ')})`);
  const slots: Slot[] = [];
  for (let v = 0; v < k; v++) for (const judge of judges) slots.push({ judge, voteIndex: v });
  const total = slots.length;
  const done: CollectedVote<T>[] = [];
  const pending = [...slots];
  let first = true;
  while (pending.length) {
    const valid = done.flatMap((d) => (d.status === 'ok' ? [task.countsAs(d.output)] : []));
    const failed = done.length - valid.length;
    const want = task.earlyStop === false ? pending.length : votesToRequest(valid, failed, total);
    if (want === 0) break;
    const batch = first ? firstWave(pending, want) : pending.slice(0, want);
    first = false;
    for (const s of batch) pending.splice(pending.indexOf(s), 1);
    const byJudge = new Map<Provider, Slot[]>();
    for (const s of batch) byJudge.set(s.judge, [...(byJudge.get(s.judge) ?? []), s]);
    const results = await Promise.all([...byJudge].map(([judge, ss]) => fetchSlots(task, judge, ss, deps)));
    done.push(...results.flat());
  }
  return done.sort((a, b) => a.voteIndex - b.voteIndex || judgeOrder(judges, a.judge) - judgeOrder(judges, b.judge));
}

/** First wave: every vote of `n`-capable judges (one request each) plus enough others to reach `want`. */
function firstWave(pending: Slot[], want: number): Slot[] {
  const batched = pending.filter((s) => s.judge.maxSamplesPerRequest > 1);
  const rest = pending.filter((s) => s.judge.maxSamplesPerRequest <= 1);
  return [...batched, ...rest.slice(0, Math.max(0, want - batched.length))];
}

function judgeOrder(judges: Provider[], id: string): number {
  return judges.findIndex((j) => j.id === id);
}

/** Serves slots of one judge from the cache, then asks the provider for the misses. */
async function fetchSlots<T>(task: JudgeTask<T>, judge: Provider, slots: Slot[], deps: CollectDeps): Promise<CollectedVote<T>[]> {
  const request = judge.buildRequest(task.prompt, task.schema, 1);
  const vk = voteKeys({ provider: judge.kind, model: judge.model, baseURL: judge.baseURL, body: request.body, salt: deps.salt }, slots.map((s) => s.voteIndex));
  const keyed: Array<KeyedSlot> = slots.map((s, i) => ({ ...s, key: vk.keys[i]! }));
  const out: CollectedVote<T>[] = [];
  const misses: typeof keyed = [];
  for (const s of keyed) {
    const entry = await deps.cache.get(s.key);
    const parsed = entry ? task.output.safeParse(entry.parsed) : null;
    if (entry && parsed?.success) {
      out.push({ judge: judge.id, voteIndex: s.voteIndex, cacheKey: s.key, fromCache: true, usage: entry.usage, latencyMs: entry.latencyMs, status: 'ok', output: parsed.data });
    } else {
      if (entry) deps.log?.warn({ key: s.key }, 'cached vote does not match the output schema; treated as a miss');
      misses.push(s);
    }
  }
  if (!misses.length) return out;
  const fail = (s: (typeof keyed)[number], kind: JudgeFailureKind, reason: string): CollectedVote<T> =>
    ({ judge: judge.id, voteIndex: s.voteIndex, cacheKey: s.key, fromCache: false, usage: null, latencyMs: null, status: 'failed', kind, reason });
  if (deps.offline) return [...out, ...misses.map((s) => fail(s, 'cache-miss', 'offline and not in the cache'))];
  // The request body is stored once, while its votes are asked; readSample waits for it before writing an
  // entry, so every entry on disk can be traced back to its request.
  const stored = deps.cache.putRequest(vk.bodySha256, vk.bodyJson).catch((e: unknown) => deps.log?.warn({ sha256: vk.bodySha256, err: String(e) }, 'could not write the request body'));
  for (const s of misses) Object.assign(s, { stored, bodySha256: vk.bodySha256 });
  // Requests of one wave go out together; each answer's samples map onto the slots in order.
  const first = await Promise.all(
    chunks(misses, judge.maxSamplesPerRequest).map((chunk) =>
      ask(judge, request, chunk.length, deps, (got) =>
        Promise.all(chunk.map(async (s, i) => ({ s, vote: got.ok ? await readSample(task, judge, request, s, got, i, deps) : fail(s, got.kind, got.reason) }))),
      ),
    ),
  );
  // A malformed answer gets one more try on its own; a second failure makes the vote unscored.
  // The discarded answer was billed, so its usage travels with the retried vote.
  const settled = await Promise.all(
    first.flat().map(async ({ s, vote }) => {
      if (vote.status !== 'failed' || vote.kind !== 'invalid-output') return vote;
      const retried = await ask(judge, request, 1, deps, (got) => (got.ok ? readSample(task, judge, request, s, got, 0, deps) : Promise.resolve(fail(s, got.kind, got.reason))));
      return { ...retried, usage: addUsage(vote.usage, retried.usage) };
    }),
  );
  return [...out, ...settled];
}

/** Sum of two usages, either of which may be absent. */
function addUsage(a: Usage | null, b: Usage | null): Usage | null {
  if (!a || !b) return a ?? b;
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
    cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
  };
}

type Answer = { ok: true; samples: SampleResult[]; raw: unknown; usage: Usage; latencyMs: number } | { ok: false; kind: JudgeFailureKind; reason: string };

/**
 * One provider request under the concurrency limit; failures become values, never throws. The budget
 * is checked once a slot is free, so requests queued before the budget ran out never go out; and the
 * slot is held until `handle` has cached the answer, so a kill loses at most `concurrency` answers.
 */
async function ask<R>(judge: Provider, request: ProviderRequest, samples: number, deps: CollectDeps, handle: (a: Answer) => Promise<R>): Promise<R> {
  if (deps.signal?.aborted) return handle({ ok: false, kind: 'api-error', reason: 'interrupted' });
  return deps.limit.run(async () => handle(await send(judge, request, samples, deps)));
}

async function send(judge: Provider, request: ProviderRequest, samples: number, deps: CollectDeps): Promise<Answer> {
  const stop = deps.stopReason?.();
  if (stop) return { ok: false, kind: 'budget', reason: stop };
  if (deps.signal?.aborted) return { ok: false, kind: 'api-error', reason: 'interrupted' };
  // A signal per request, linked to the run's: the SDK adds an abort listener to the signal it gets and
  // never removes it, so sharing one signal across thousands of requests grows its listener list without end.
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  deps.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const res = await judge.send({ body: request.body, samples }, controller.signal);
    deps.onRequest?.({ judge: judge.id, samples, ok: true, usage: res.usage });
    return { ok: true, ...res };
  } catch (e) {
    deps.onRequest?.({ judge: judge.id, samples, ok: false, usage: null });
    if (e instanceof JudgeError) return { ok: false, kind: e.kind, reason: e.message };
    return { ok: false, kind: 'api-error', reason: e instanceof Error ? e.message : String(e) };
  } finally {
    deps.signal?.removeEventListener('abort', onAbort);
  }
}

/** Parses and validates sample `i` of an answer; a valid vote is written to the cache at once. */
async function readSample<T>(
  task: JudgeTask<T>,
  judge: Provider,
  request: ProviderRequest,
  slot: KeyedSlot,
  got: Extract<Answer, { ok: true }>,
  i: number,
  deps: CollectDeps,
): Promise<CollectedVote<T>> {
  const sample = got.samples[i];
  // The samples of one request share its usage: count it once, on the first sample.
  const base = { judge: judge.id, voteIndex: slot.voteIndex, cacheKey: slot.key, fromCache: false, usage: i === 0 ? got.usage : null, latencyMs: got.latencyMs };
  if (!sample) return { ...base, status: 'failed', kind: 'invalid-output', reason: `the answer had ${got.samples.length} samples, expected ${i + 1}` };
  if (!sample.ok) return { ...base, status: 'failed', kind: sample.kind, reason: sample.message };
  let json: unknown;
  try {
    json = JSON.parse(sample.rawText);
  } catch {
    return { ...base, status: 'failed', kind: 'invalid-output', reason: `not JSON: ${sample.rawText.slice(0, 120)}` };
  }
  const parsed = task.output.safeParse(json);
  if (!parsed.success) {
    return { ...base, status: 'failed', kind: 'invalid-output', reason: `output does not match the schema: ${parsed.error.issues[0]?.message ?? ''}` };
  }
  await slot.stored;
  // A cache that cannot be written (disk full) costs a re-ask later, never this vote.
  const write = deps.cache.put(slot.key, {
    version: 2,
    key: slot.key,
    request: { provider: judge.kind, model: judge.model, baseURL: judge.baseURL, bodySha256: slot.bodySha256!, voteIndex: slot.voteIndex, salt: deps.salt },
    response: { raw: got.raw, rawText: sample.rawText, sampleIndex: i },
    parsed: json,
    usage: got.usage,
    latencyMs: got.latencyMs,
    createdAt: deps.now().toISOString(),
  });
  await write.catch((e: unknown) => deps.log?.warn({ key: slot.key, err: String(e) }, 'could not write the cache entry'));
  return { ...base, status: 'ok', output: parsed.data };
}


function chunks<X>(xs: X[], size: number): X[][] {
  const out: X[][] = [];
  for (let i = 0; i < xs.length; i += Math.max(1, size)) out.push(xs.slice(i, i + Math.max(1, size)));
  return out;
}

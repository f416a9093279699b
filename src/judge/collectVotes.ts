import type { CacheStore } from '../cache/CacheEntry.ts';
import type { JudgeFailureKind } from '../errors.ts';
import type { Usage } from '../types/Provider.ts';
import type { CollectedVote } from '../types/Vote.ts';
import type { Answer, Executor } from './Executor.ts';
import type { JudgePlan, VotePlan } from './planVotes.ts';
import { servedModelOf } from './servedModel.ts';
import { stripFence } from './stripFence.ts';
import { votesToRequest } from './vote.ts';

/** The cache as the engine sees it (DiskCache or MemoryCache). */
export type VoteCache = CacheStore;

/** What collecting votes needs from outside; all edges are passed in. */
export interface CollectDeps {
  cache: VoteCache;
  /** Sends the requests (the shared queue, later a batch API or a local model). */
  executor: Executor;
  now: () => Date;
  /** Cache only: a miss is a failed vote of kind `cache-miss`. */
  offline: boolean;
  log?: { warn: (obj: object, msg: string) => void };
}

interface Slot {
  plan: JudgePlan;
  voteIndex: number;
  key: string;
}

/**
 * Executes a unit's vote plan: up to k votes from each judge. Judges with `n` get all their votes
 * in one request; others are asked in waves, stopping as soon as the remaining votes cannot change
 * the outcome. Cached votes count exactly like fresh ones, so a rerun follows the same path for free.
 */
export async function collectVotes<T>(plan: VotePlan<T>, deps: CollectDeps): Promise<CollectedVote<T>[]> {
  const { task } = plan;
  const slots: Slot[] = [];
  const k = Math.max(0, ...plan.judges.map((j) => j.slots.length));
  for (let v = 0; v < k; v++) for (const jp of plan.judges) if (jp.slots[v]) slots.push({ plan: jp, ...jp.slots[v]! });
  const total = slots.length;
  const done: CollectedVote<T>[] = [];
  const pending = [...slots];
  let first = true;
  while (pending.length) {
    const valid = done.flatMap((d) => (d.status === 'ok' ? [task.countsAs(d.output)] : []));
    const failed = done.length - valid.length;
    const want = task.earlyStop === false ? pending.length : votesToRequest(valid, failed, total);
    if (want === 0) break;
    const wave = first ? firstWave(pending, want) : pending.slice(0, want);
    first = false;
    for (const s of wave) pending.splice(pending.indexOf(s), 1);
    const byJudge = new Map<JudgePlan, Slot[]>();
    for (const s of wave) byJudge.set(s.plan, [...(byJudge.get(s.plan) ?? []), s]);
    const results = await Promise.all([...byJudge].map(([jp, ss]) => fetchSlots(plan, jp, ss, deps)));
    done.push(...results.flat());
    // A vote waiting in a provider batch: what the next wave needs is not known before it is answered.
    if (done.some(isPending)) break;
  }
  const order = (id: string) => plan.judges.findIndex((j) => j.judge.id === id);
  return done.sort((a, b) => a.voteIndex - b.voteIndex || order(a.judge) - order(b.judge));
}

/** A vote still waiting in a provider batch (the unit is judged again once the batch has ended). */
export function isPending(v: CollectedVote<unknown>): boolean {
  return v.status === 'failed' && v.kind === 'batch-pending';
}

/** First wave: every vote of `n`-capable judges (one request each) plus enough others to reach `want`. */
function firstWave(pending: Slot[], want: number): Slot[] {
  const batched = pending.filter((s) => s.plan.judge.maxSamplesPerRequest > 1);
  const rest = pending.filter((s) => s.plan.judge.maxSamplesPerRequest <= 1);
  return [...batched, ...rest.slice(0, Math.max(0, want - batched.length))];
}

/** Serves slots of one judge from the cache, then asks the executor for the misses. */
async function fetchSlots<T>(plan: VotePlan<T>, jp: JudgePlan, slots: Slot[], deps: CollectDeps): Promise<CollectedVote<T>[]> {
  const judge = jp.judge;
  const out: CollectedVote<T>[] = [];
  const misses: Slot[] = [];
  for (const s of slots) {
    const hit = (await cachedVote(plan, jp, s, deps)) ?? (await cachedAtLargerBudget(plan, jp, s, deps));
    if (hit) out.push(hit);
    else misses.push(s);
  }
  if (!misses.length) return out;
  if (deps.offline) return [...out, ...misses.map((s) => failed<T>(s, 'cache-miss', 'offline and not in the cache'))];
  const first = await askSlots(plan, jp, misses, deps);
  // A malformed answer gets one more try on its own; an answer cut at the output budget one more with a
  // larger budget (when the judge allows one). A second failure makes the vote unscored, never a ×.
  // The discarded answer was billed, so its usage travels with the retried vote.
  const larger = first.some((v) => v.status === 'failed' && v.kind === 'truncated') ? jp.larger() : null;
  const cut = larger ? first.filter((v) => v.status === 'failed' && v.kind === 'truncated') : [];
  const again = larger && cut.length ? await askSlots(plan, larger, cut.map((v) => slotOf(larger, v.voteIndex)), deps) : [];
  const settled = await Promise.all(
    first.map(async (vote): Promise<CollectedVote<T>> => {
      if (vote.status !== 'failed') return vote;
      if (vote.kind === 'invalid-output') {
        const [retried] = await askSlots(plan, jp, [slotOf(jp, vote.voteIndex)], deps, 1);
        return { ...retried!, usage: addUsage(vote.usage, retried!.usage), retry: { kind: 'invalid-output' } };
      }
      if (vote.kind !== 'truncated' || !plan.task.retryTruncated) return vote;
      const sent = jp.outputTokens ?? judge.outputTokens?.budget;
      const retried = larger ? again.find((v) => v.voteIndex === vote.voteIndex) : undefined;
      if (!larger || !retried || sent === undefined) {
        return sent === undefined ? vote : { ...vote, reason: `${vote.reason} (${sent} output tokens, the most this judge may be asked for: not asked again)` };
      }
      const retry = { kind: 'truncated' as const, fromTokens: sent, toTokens: larger.outputTokens ?? sent };
      deps.log?.warn({ judge: judge.id, voteIndex: vote.voteIndex, fromTokens: retry.fromTokens, toTokens: retry.toTokens }, 'answer cut at the output budget: asked again with a larger budget');
      const usage = addUsage(vote.usage, retried.usage);
      if (retried.status === 'failed' && retried.kind === 'truncated') {
        return { ...retried, usage, retry, reason: `${retried.reason} (also with ${retry.toTokens} output tokens after ${retry.fromTokens})` };
      }
      return { ...retried, usage, retry };
    }),
  );
  return [...out, ...settled];
}

/** A slot's vote from the cache, when its entry is there and matches the output schema. */
async function cachedVote<T>(plan: VotePlan<T>, jp: JudgePlan, s: Slot, deps: CollectDeps): Promise<CollectedVote<T> | null> {
  const entry = await deps.cache.get(s.key);
  const parsed = entry ? plan.task.output.safeParse(entry.parsed) : null;
  if (entry && parsed?.success) {
    return { judge: jp.judge.id, voteIndex: s.voteIndex, cacheKey: s.key, fromCache: true, usage: entry.usage, latencyMs: entry.latencyMs, ...servedModelOf(entry.response.raw), status: 'ok', output: parsed.data };
  }
  if (entry) deps.log?.warn({ key: s.key }, 'cached vote does not match the output schema; treated as a miss');
  return null;
}

/**
 * A vote an earlier run got only at the larger budget (its first answer was cut, and cut answers are
 * never cached): read from there, so a rerun does not pay for the cut answer again.
 */
async function cachedAtLargerBudget<T>(plan: VotePlan<T>, jp: JudgePlan, s: Slot, deps: CollectDeps): Promise<CollectedVote<T> | null> {
  if (!plan.task.retryTruncated) return null;
  const larger = jp.larger();
  const sent = jp.outputTokens ?? jp.judge.outputTokens?.budget;
  if (!larger || sent === undefined) return null;
  const hit = await cachedVote(plan, larger, slotOf(larger, s.voteIndex), deps);
  return hit && { ...hit, retry: { kind: 'truncated', fromTokens: sent, toTokens: larger.outputTokens ?? sent } };
}

/** Asks the executor for some slots of one judge plan, `perRequest` samples per request at most. */
async function askSlots<T>(plan: VotePlan<T>, jp: JudgePlan, slots: Slot[], deps: CollectDeps, perRequest = jp.judge.maxSamplesPerRequest): Promise<CollectedVote<T>[]> {
  // The request body is stored once, while its votes are asked; readSample waits for it before writing an
  // entry, so every entry on disk can be traced back to its request.
  const stored = deps.cache.putRequest(jp.bodySha256, jp.bodyJson).catch((e: unknown) => deps.log?.warn({ sha256: jp.bodySha256, err: String(e) }, 'could not write the request body'));
  // Requests of one wave go out together; each answer's samples map onto the slots in order.
  const answers = await Promise.all(
    chunks(slots, perRequest).map((chunk) =>
      deps.executor.run(jp.judge, { ...jp.request, voteKeys: chunk.map((s) => s.key) }, chunk.length, plan.dispatch, (got: Answer) =>
        Promise.all(chunk.map((s, i) => (got.ok ? readSample(plan, jp, s, got, i, stored, deps) : Promise.resolve(failed<T>(s, got.kind, got.reason, jp.judge.id))))),
      ),
    ),
  );
  return answers.flat();
}

/** The slot of a vote index in a judge plan (the larger-budget plan has its own keys). */
function slotOf(jp: JudgePlan, voteIndex: number): Slot {
  const slot = jp.slots.find((s) => s.voteIndex === voteIndex)!;
  return { plan: jp, ...slot };
}

/** A vote that could not be had. */
function failed<T>(s: Slot, kind: JudgeFailureKind, reason: string, judge = s.plan.judge.id): CollectedVote<T> {
  return { judge, voteIndex: s.voteIndex, cacheKey: s.key, fromCache: false, usage: null, latencyMs: null, status: 'failed', kind, reason };
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

/** Parses and validates sample `i` of an answer; a valid vote is written to the cache at once. */
async function readSample<T>(
  plan: VotePlan<T>,
  jp: JudgePlan,
  slot: Slot,
  got: Extract<Answer, { ok: true }>,
  i: number,
  stored: Promise<unknown>,
  deps: CollectDeps,
): Promise<CollectedVote<T>> {
  const judge = jp.judge;
  const sample = got.samples[i];
  // The samples of one request share its usage: count it once, on the first sample.
  const base = { judge: judge.id, voteIndex: slot.voteIndex, cacheKey: slot.key, fromCache: false, usage: i === 0 ? got.usage : null, latencyMs: got.latencyMs, ...servedModelOf(got.raw), ...(got.billing ? { billing: got.billing } : {}) };
  if (!sample) return { ...base, status: 'failed', kind: 'invalid-output', reason: `the answer had ${got.samples.length} samples, expected ${i + 1}` };
  if (!sample.ok) return { ...base, status: 'failed', kind: sample.kind, reason: sample.message };
  let json: unknown;
  try {
    // A fenced answer (```json … ```) is still the answer; rawText stays as the model wrote it in the cache.
    json = JSON.parse(stripFence(sample.rawText));
  } catch {
    return { ...base, status: 'failed', kind: 'invalid-output', reason: `not JSON: ${sample.rawText.slice(0, 120)}` };
  }
  const parsed = plan.task.output.safeParse(json);
  if (!parsed.success) {
    return { ...base, status: 'failed', kind: 'invalid-output', reason: `output does not match the schema: ${parsed.error.issues[0]?.message ?? ''}` };
  }
  await stored;
  // A cache that cannot be written (disk full) costs a re-ask later, never this vote.
  const write = deps.cache.put(slot.key, {
    version: 2,
    key: slot.key,
    request: { provider: judge.kind, model: judge.model, baseURL: judge.baseURL, bodySha256: jp.bodySha256, voteIndex: slot.voteIndex, salt: plan.salt },
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


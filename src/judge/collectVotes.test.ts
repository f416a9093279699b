/** collectVotes against the recording fake provider: how many requests, which votes, what is cached. */
import { describe, expect, it } from 'vitest';
import { answer, createRecordingProvider, sampleQueue, type RecordingOptions, type RecordingScript, type SampleSpec } from '../../test/fakes/recordingProvider.ts';
import { MemoryCache } from '../cache/MemoryCache.ts';
import { JudgeError, type JudgeFailureKind } from '../errors.ts';
import { AdaptiveLimit } from './AdaptiveLimit.ts';
import type { CollectedVote } from '../types/Vote.ts';
import { collectVotes, type CollectDeps } from './collectVotes.ts';
import { planVotes, type JudgeTask } from './planVotes.ts';
import { RequestQueue, type RequestQueueOptions } from './RequestQueue.ts';
import type { Provider } from '../types/Provider.ts';
import { DETECTION_SCHEMA, DetectionOutput, VERDICT_SYMBOL } from './detection.ts';
import type { SampleResult } from '../types/Provider.ts';
import { applyEvidencePolicy, createQuoteIndex, type EvidencePolicy } from './evidence.ts';

const REVIEW = '## C1: Payment gateway\nThe payment gateway client has no timeout and no retry policy, so checkout threads block.';
const REAL_QUOTE = 'The payment gateway client has no timeout and no retry policy';
const index = createQuoteIndex(REVIEW);

type Word = DetectionOutput['verdict'];

/** A valid detection answer; ○/△ quote the review unless `quote` is given. */
function out(verdict: Word, quote: string = REAL_QUOTE): DetectionOutput {
  return { reasoning: `it is ${verdict}`, evidence: verdict === 'undetected' ? [] : [{ location: 'C1', quote }], verdict };
}

function task(policy: EvidencePolicy = 'require', problem = 'P01'): JudgeTask<DetectionOutput> {
  return {
    prompt: { instructions: 'Grade the review.\n', review: `<<<F\n${REVIEW}\nF>>>\n`, task: `Problem ${problem}\n` },
    schema: DETECTION_SCHEMA,
    output: DetectionOutput,
    countsAs: (o) => applyEvidencePolicy({ verdict: VERDICT_SYMBOL[o.verdict], evidence: o.evidence }, index, policy).effectiveVerdict,
  };
}

/** Engine settings of one test: the vote engine's deps plus what the queue and the plan take (limit, budget, salt). */
type TestDeps = Omit<CollectDeps, 'executor'> & Pick<RequestQueueOptions, 'limit' | 'stopReason' | 'onRequest' | 'signal'> & { salt: string };

function deps(over: Partial<TestDeps> = {}): TestDeps & { cache: MemoryCache; requests: Array<{ judge: string; samples: number; ok: boolean }>; warnings: string[] } {
  const requests: Array<{ judge: string; samples: number; ok: boolean }> = [];
  const warnings: string[] = [];
  return {
    cache: new MemoryCache(),
    limit: new AdaptiveLimit(4),
    now: () => new Date('2026-01-02T03:04:05.000Z'),
    salt: '',
    offline: false,
    onRequest: (r) => requests.push(r),
    log: { warn: (_o, msg) => warnings.push(msg) },
    requests,
    warnings,
    ...over,
  } as TestDeps & { cache: MemoryCache; requests: typeof requests; warnings: string[] };
}

/** Plans a task's votes and collects them through a fresh request queue over the test's limit. */
function collect<T>(t: JudgeTask<T>, judges: Provider[], k: number, d: TestDeps): Promise<CollectedVote<T>[]> {
  const executor = new RequestQueue({ limit: d.limit, stopReason: d.stopReason, onRequest: d.onRequest, signal: d.signal });
  return collectVotes(planVotes(t, judges, k, d.salt), { ...d, executor });
}

const provider = (samples: SampleSpec[] | RecordingScript, opts: RecordingOptions = {}) =>
  createRecordingProvider(typeof samples === 'function' ? samples : sampleQueue(samples), opts);

/** `ok:○` / `failed:timeout` per vote, in the order collectVotes returns them. */
const summary = (votes: CollectedVote<DetectionOutput>[]) =>
  votes.map((v) => `${v.judge}#${v.voteIndex} ${v.status === 'ok' ? VERDICT_SYMBOL[v.output.verdict] : `failed:${v.kind}`}`);

const [O, X, P] = [out('detected'), out('undetected'), out('partial')];

describe('collectVotes: early stopping for a judge without n', () => {
  it.each<[string, SampleSpec[], number, string[]]>([
    ['two agreeing votes decide k=3', [O, O, O], 2, ['○', '○']],
    ['two agreeing × decide k=3', [X, X, X], 2, ['×', '×']],
    ['disagreeing first two need the third', [O, X, O], 3, ['○', '×', '○']],
    ['a three-way split asks all three', [O, X, P], 3, ['○', '×', '△']],
  ])('%s', async (_name, samples, sends, verdicts) => {
    const judge = provider(samples);
    const d = deps();
    const votes = await collect(task(), [judge], 3, d);
    expect(judge.calls).toHaveLength(sends);
    expect(judge.calls.every((c) => c.samples === 1)).toBe(true);
    expect(votes.map((v) => v.voteIndex)).toEqual(verdicts.map((_, i) => i));
    expect(summary(votes)).toEqual(verdicts.map((v, i) => `openai-compatible:fake-model#${i} ${v}`));
    expect(votes.every((v) => !v.fromCache)).toBe(true);
    expect(d.requests).toHaveLength(sends);
    expect(d.cache.size).toBe(sends);
  });
});

describe('collectVotes: a judge with n', () => {
  it('asks all k votes in one request when maxSamplesPerRequest allows', async () => {
    const judge = provider([O, O, O], { maxSamplesPerRequest: 8 });
    const votes = await collect(task(), [judge], 3, deps());
    expect(judge.calls.map((c) => c.samples)).toEqual([3]);
    expect(summary(votes)).toEqual(['#0 ○', '#1 ○', '#2 ○'].map((s) => `openai-compatible:fake-model${s}`));
    // One request's usage is counted once, on its first sample.
    expect(votes.map((v) => v.usage !== null)).toEqual([true, false, false]);
  });

  it('splits k over several requests when k exceeds maxSamplesPerRequest', async () => {
    const judge = provider([O, O, O, O, O], { maxSamplesPerRequest: 2 });
    const votes = await collect(task(), [judge], 5, deps());
    expect(judge.calls.map((c) => c.samples)).toEqual([2, 2, 1]);
    expect(votes).toHaveLength(5);
  });

  it('a server that ignores n (fewer samples than asked) gets the missing votes asked one by one', async () => {
    const judge = provider(() => answer([O]), { maxSamplesPerRequest: 8 });
    const votes = await collect(task(), [judge], 3, deps());
    expect(judge.calls.map((c) => c.samples)).toEqual([3, 1, 1]);
    expect(votes.every((v) => v.status === 'ok')).toBe(true);
  });

  it('the request body carries no sample count: n is not part of a vote', async () => {
    const judge = provider([O, O, O], { maxSamplesPerRequest: 8 });
    await collect(task(), [judge], 3, deps());
    expect(judge.calls[0]!.body).not.toHaveProperty('n');
  });
});

describe('collectVotes: cache', () => {
  it('cached votes are not re-sent and come back identical', async () => {
    const d = deps();
    const first = provider([O, X, O]);
    const before = await collect(task(), [first], 3, d);
    const second = provider([]);
    const after = await collect(task(), [second], 3, d);
    expect(second.calls).toHaveLength(0);
    expect(after.every((v) => v.fromCache)).toBe(true);
    expect(after.map((v) => (v.status === 'ok' ? v.output : null))).toEqual(before.map((v) => (v.status === 'ok' ? v.output : null)));
    expect(after.map((v) => v.cacheKey)).toEqual(before.map((v) => v.cacheKey));
  });

  it('a partly cached unit asks only for the missing votes', async () => {
    const d = deps();
    await collect(task(), [provider([O, X, O])], 2, d); // k=2: votes 0 and 1 cached
    const judge = provider([O]);
    const votes = await collect(task(), [judge], 3, d);
    expect(judge.calls).toHaveLength(1);
    expect(votes.map((v) => v.fromCache)).toEqual([true, true, false]);
  });

  it('every vote index has its own key; another problem has other keys', async () => {
    const d = deps();
    const a = await collect(task('require', 'P01'), [provider([O, X, O])], 3, d);
    const b = await collect(task('require', 'P02'), [provider([O, X, O])], 3, d);
    const keys = [...a, ...b].map((v) => v.cacheKey);
    expect(new Set(keys).size).toBe(6);
  });

  it('salt changes the keys, so a salted run gets fresh samples', async () => {
    const d = deps();
    const plain = await collect(task(), [provider([O, O])], 3, d);
    const salted = provider([X, X]);
    const fresh = await collect(task(), [salted], 3, { ...d, salt: 'a1b2c3' });
    expect(salted.calls).toHaveLength(2);
    expect(fresh.every((v) => !v.fromCache)).toBe(true);
    expect(fresh.map((v) => v.cacheKey)).not.toEqual(plain.map((v) => v.cacheKey));
    expect(summary(fresh).map((s) => s.slice(-1))).toEqual(['×', '×']);
    const again = provider([]);
    await collect(task(), [again], 3, { ...d, salt: 'a1b2c3' });
    expect(again.calls).toHaveLength(0);
  });

  it('offline with an empty cache: failed cache-miss votes and no request', async () => {
    const judge = provider([O, O, O]);
    const votes = await collect(task(), [judge], 3, deps({ offline: true }));
    expect(judge.calls).toHaveLength(0);
    expect(votes.length).toBeGreaterThan(0);
    for (const v of votes) expect(v).toMatchObject({ status: 'failed', kind: 'cache-miss', fromCache: false });
  });

  it('offline with a full cache answers from it', async () => {
    const d = deps();
    await collect(task(), [provider([O, O])], 3, d);
    const judge = provider([]);
    const votes = await collect(task(), [judge], 3, { ...d, offline: true });
    expect(judge.calls).toHaveLength(0);
    expect(summary(votes)).toEqual(['openai-compatible:fake-model#0 ○', 'openai-compatible:fake-model#1 ○']);
  });

  it('another model or base URL does not read the first judge\'s votes', async () => {
    const d = deps();
    await collect(task(), [provider([O, O])], 3, d);
    for (const opts of [{ model: 'other' }, { baseURL: 'http://elsewhere.invalid/v1' }, { kind: 'openai' as const }]) {
      const judge = provider([O, O], opts);
      await collect(task(), [judge], 3, d);
      expect(judge.calls).toHaveLength(2);
    }
  });
});

describe('collectVotes: invalid output and failures', () => {
  it('an invalid-JSON sample is retried once alone and then counts', async () => {
    const judge = provider([O, 'not json {', O], { maxSamplesPerRequest: 8 });
    const d = deps();
    const votes = await collect(task(), [judge], 2, d);
    expect(judge.calls.map((c) => c.samples)).toEqual([2, 1]);
    expect(summary(votes)).toEqual(['openai-compatible:fake-model#0 ○', 'openai-compatible:fake-model#1 ○']);
    expect(d.cache.size).toBe(2);
  });

  it('a retried vote keeps its vote index (no n)', async () => {
    const judge = provider(['{"verdict":', O, O]);
    const votes = await collect(task(), [judge], 3, deps());
    expect(judge.calls).toHaveLength(3);
    expect(votes.map((v) => [v.voteIndex, v.status])).toEqual([[0, 'ok'], [1, 'ok']]);
  });

  it.each<[string, SampleSpec, RegExp]>([
    ['invalid JSON', 'not json', /^not JSON: not json/],
    ['JSON off the schema', { reasoning: 'x', evidence: [], verdict: 'maybe' }, /^output does not match the schema/],
    ['a sample without content', { ok: false, kind: 'invalid-output', message: 'no content (finish_reason stop)' }, /^no content/],
  ])('%s twice → failed vote of kind invalid-output', async (_name, bad, reason) => {
    const judge = provider(() => answer([bad]));
    const d = deps();
    const votes = await collect(task(), [judge], 1, d);
    expect(judge.calls).toHaveLength(2);
    expect(votes).toHaveLength(1);
    expect(votes[0]).toMatchObject({ status: 'failed', kind: 'invalid-output', reason: expect.stringMatching(reason) });
    expect(d.cache.size).toBe(0);
  });

  it.each<JudgeFailureKind>(['api-error', 'timeout', 'refusal', 'truncated'])('a thrown JudgeError of kind %s → failed votes of that kind', async (kind) => {
    const judge = provider(() => {
      throw new JudgeError(`judge said ${kind}`, kind);
    });
    const d = deps();
    const votes = await collect(task(), [judge], 3, d);
    // Two failures of k=3 leave no majority reachable: no third request.
    expect(judge.calls).toHaveLength(2);
    expect(votes).toHaveLength(2);
    for (const v of votes) expect(v).toMatchObject({ status: 'failed', kind, reason: `judge said ${kind}`, usage: null });
    expect(d.requests.every((r) => !r.ok)).toBe(true);
    expect(d.cache.size).toBe(0);
  });

  it.each<[string, Extract<SampleResult, { ok: false }>]>([
    ['refused', { ok: false, kind: 'refusal', message: 'model refused: no' }],
    ['truncated', { ok: false, kind: 'truncated', message: 'hit the token limit' }],
  ])('a %s sample is a failed vote, not retried', async (_name, sample) => {
    const judge = provider(() => answer([sample]));
    const votes = await collect(task(), [judge], 1, deps());
    expect(judge.calls).toHaveLength(1);
    expect(votes[0]).toMatchObject({ status: 'failed', kind: sample.kind, reason: sample.message });
  });

  it('any other thrown error is an api-error vote, never a crash', async () => {
    const judge = provider(() => {
      throw new TypeError('socket hang up');
    });
    const votes = await collect(task(), [judge], 1, deps());
    expect(votes[0]).toMatchObject({ status: 'failed', kind: 'api-error', reason: 'socket hang up' });
  });

  it('one failure among k=3 still asks the third vote', async () => {
    let call = 0;
    const judge = provider(() => {
      if (call++ === 0) throw new JudgeError('HTTP 500', 'api-error');
      return answer([O]);
    });
    const votes = await collect(task(), [judge], 3, deps());
    expect(judge.calls).toHaveLength(3);
    expect(votes.map((v) => v.status)).toEqual(['failed', 'ok', 'ok']);
  });

  it('stopReason returning a reason → failed budget votes, no request', async () => {
    const judge = provider([O, O, O]);
    const votes = await collect(task(), [judge], 3, deps({ stopReason: () => 'budget of 10 requests spent' }));
    expect(judge.calls).toHaveLength(0);
    expect(votes.length).toBeGreaterThan(0);
    for (const v of votes) expect(v).toMatchObject({ status: 'failed', kind: 'budget', reason: 'budget of 10 requests spent' });
  });
});

describe('collectVotes: a panel', () => {
  it('k=2 over two judges gets votes from both, ordered by vote index then judge', async () => {
    const a = provider([O, O], { model: 'a' });
    const b = provider([O, O], { model: 'b' });
    const votes = await collect(task(), [a, b], 2, deps());
    const judges = new Set(votes.map((v) => v.judge));
    expect(judges).toEqual(new Set(['openai-compatible:a', 'openai-compatible:b']));
    // 3 agreeing votes of 4 decide: the 4th is never asked.
    expect(votes.map((v) => `${v.voteIndex}:${v.judge}`)).toEqual(['0:openai-compatible:a', '0:openai-compatible:b', '1:openai-compatible:a']);
    expect(a.calls.length + b.calls.length).toBe(3);
  });

  it('a split panel asks all four votes, in vote-then-judge order', async () => {
    const a = provider([O, O], { model: 'a' });
    const b = provider([X, X], { model: 'b' });
    const votes = await collect(task(), [a, b], 2, deps());
    expect(votes.map((v) => `${v.voteIndex}:${v.judge}`)).toEqual([
      '0:openai-compatible:a',
      '0:openai-compatible:b',
      '1:openai-compatible:a',
      '1:openai-compatible:b',
    ]);
  });

  it('an n-capable judge gets all its votes in the first wave next to a judge without n', async () => {
    const a = provider([O, O, O], { model: 'a', maxSamplesPerRequest: 8 });
    const b = provider([O, O, O], { model: 'b' });
    const votes = await collect(task(), [a, b], 3, deps());
    expect(a.calls.map((c) => c.samples)).toEqual([3]);
    // 3 of 6 valid votes are not a strict majority (4): b is asked once in the first wave.
    expect(b.calls).toHaveLength(1);
    expect(votes).toHaveLength(4);
  });
});

describe('collectVotes: evidence policy drives early stopping (countsAs)', () => {
  const fake = out('detected', 'the review says the database is sharded across regions');
  it.each<[EvidencePolicy, number]>([
    ['require', 3],
    ['ignore', 2],
  ])('a ○ with an invented quote under %s → %i requests', async (policy, sends) => {
    const judge = provider([fake, O, O]);
    await collect(task(policy), [judge], 3, deps());
    expect(judge.calls).toHaveLength(sends);
  });

  it('two ○ votes with invented quotes count as two × and decide under require', async () => {
    const judge = provider([fake, fake, O]);
    const votes = await collect(task('require'), [judge], 3, deps());
    expect(judge.calls).toHaveLength(2);
    expect(votes).toHaveLength(2);
  });
});

describe('collectVotes: cache entries', () => {
  it('stores the request, the raw text and the parse of each valid vote', async () => {
    const d = deps();
    const judge = provider([O, O], { kind: 'openai', model: 'gpt-x' });
    const votes = await collect(task(), [judge], 3, d);
    const entry = await d.cache.get(votes[1]!.cacheKey);
    expect(entry).toMatchObject({
      key: votes[1]!.cacheKey,
      request: { provider: 'openai', model: 'gpt-x', baseURL: 'http://fake.invalid/v1', voteIndex: 1, salt: '' },
      response: { rawText: JSON.stringify(O), sampleIndex: 0 },
      parsed: O,
      createdAt: '2026-01-02T03:04:05.000Z',
    });
    expect(await d.cache.getRequest(entry!.request.bodySha256)).toEqual(judge.calls[1]!.body);
  });

  it('a cache that cannot be written costs nothing but a warning', async () => {
    const d = deps();
    d.cache.put = () => Promise.reject(new Error('ENOSPC'));
    const votes = await collect(task(), [provider([O, O])], 3, d);
    expect(votes.every((v) => v.status === 'ok')).toBe(true);
    expect(d.warnings).toEqual(['could not write the cache entry', 'could not write the cache entry']);
  });
});

describe("collectVotes: regressions", () => {
  // Regression: a retried invalid answer's request is billed but its usage is dropped: fetchSlots discards the
  // failed vote (which carried the request's usage on sample 0) and keeps only the retry's vote, so
  // manifest totals (inputTokens, outputTokens) undercount whenever a retry happened. Expected: the
  // usage of every request sent is on exactly one returned vote (here 2 requests → 2 × FAKE_USAGE).
  it('the usage of every request sent is counted once, retried ones included', async () => {
    const judge = provider(['not json {', O, O], { maxSamplesPerRequest: 8 });
    const votes = await collect(task(), [judge], 2, deps());
    expect(judge.calls.map((c) => c.samples)).toEqual([2, 1]);
    const input = votes.reduce((a, v) => a + (v.usage?.inputTokens ?? 0), 0);
    expect(input).toBe(2 * 1000);
  });

  // Regression: a panel naming the same judge twice (`--judge openai:m --judge openai:m`, accepted by
  // scoreCommand) gives both members the same cache key per vote index (the key has no judge
  // position). The first run tallies two different samples, the cache keeps only the last one written,
  // so a rerun or `replay` reads one answer twice: replay exits 1 "verdicts.json DIFFERS" (reproduced
  // through the CLI with a fake answering detected/undetected alternately, --votes 1). Expected: the
  // duplicate is refused at the boundary (throwing here is accepted), or the members get distinct keys.
  it('a panel naming one judge twice is refused, or replays from the cache exactly', async () => {
    const d = deps();
    let i = 0;
    const alternate: RecordingScript = () => answer([i++ % 2 ? X : O]);
    let first: CollectedVote<DetectionOutput>[];
    try {
      first = await collect(task(), [provider(alternate), provider(alternate)], 1, d);
    } catch {
      return; // refusing the duplicate is a fix
    }
    const again = await collect(task(), [provider([]), provider([])], 1, d);
    expect(new Set(first.map((v) => v.cacheKey)).size).toBe(2);
    expect(summary(again)).toEqual(summary(first));
  });
});

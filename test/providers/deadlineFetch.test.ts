/**
 * deadlineFetch under both SDKs against the fakes: the deadline covers the body, and a body that
 * trickles or is cut mid-way fails the attempt, so the SDK retries it like a timeout or a dropped
 * connection (before, the SDKs read the body past their retry loop: one cut body, one lost vote).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { JudgeError } from '../../src/errors.ts';
import { createAnthropicProvider } from '../../src/judge/providers/anthropicProvider.ts';
import { deadlineFetch } from '../../src/judge/providers/deadlineFetch.ts';
import { createOpenAIProvider } from '../../src/judge/providers/openaiProvider.ts';
import type { Provider } from '../../src/types/Provider.ts';
import { startFakeAnthropic } from '../fakes/fakeAnthropic.ts';
import { startFakeOpenAI } from '../fakes/fakeOpenAI.ts';
import { sequence, type FakeServer, type Reply } from '../fakes/fakeServer.ts';
import { PASS, PROMPT, SCHEMA } from './fixtures.ts';

let fake: FakeServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const DEADLINE_MS = 300;

async function provider(kind: 'openai' | 'anthropic', replies: Reply[], maxRetries: number): Promise<Provider> {
  const script = sequence(...replies);
  // No Retry-After on these faults: the SDKs' own backoff (0.5 s+) stays well inside the test's timeout.
  fake = kind === 'openai' ? await startFakeOpenAI(script) : await startFakeAnthropic(script);
  const common = { apiKey: 'sk-test-deadline-0123', timeoutMs: 60_000, maxRetries, fetch: deadlineFetch(fetch, DEADLINE_MS) };
  return kind === 'openai'
    ? createOpenAIProvider({ kind: 'openai', model: 'gpt-4.1-mini', baseURL: `${fake.url}/v1`, ...common })
    : createAnthropicProvider({ model: 'claude-sonnet-5-5', baseURL: fake.url, ...common });
}

const ok: Reply = { type: 'json', outputs: [PASS] };

describe.each(['openai', 'anthropic'] as const)('deadlineFetch with the %s SDK', (kind) => {
  it('a trickled body past the deadline is a timeout, retried as one: every attempt ends at the deadline', { timeout: 15_000 }, async () => {
    const judge = await provider(kind, [{ type: 'trickle', everyMs: 100 }], 1);
    const err = await judge.send(judge.buildRequest(PROMPT, SCHEMA, 1)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JudgeError);
    expect((err as JudgeError).kind).toBe('timeout');
    expect((err as JudgeError).message).toMatch(/no answer within 60000 ms \(2 attempts\)/);
    expect(fake!.requests).toHaveLength(2);
  });

  it.each<[string, Reply]>([
    ['a body cut mid-way', { type: 'truncated-body' }],
    ['a connection reset before the headers', { type: 'reset' }],
    ['a trickled body', { type: 'trickle', everyMs: 100 }],
  ])('%s once, then an answer: retried and answered', { timeout: 15_000 }, async (_name, fault) => {
    const judge = await provider(kind, [fault, ok], 2);
    const res = await judge.send(judge.buildRequest(PROMPT, SCHEMA, 1));
    expect(res.samples[0]).toMatchObject({ ok: true });
    expect(fake!.requests).toHaveLength(2);
  });

  it('a body cut mid-way on every attempt: a failed connection after all attempts (api-error), never an answer', { timeout: 15_000 }, async () => {
    const judge = await provider(kind, [{ type: 'truncated-body' }], 1);
    const err = await judge.send(judge.buildRequest(PROMPT, SCHEMA, 1)).catch((e: unknown) => e);
    expect((err as JudgeError).kind).toBe('api-error');
    expect((err as JudgeError).message).toMatch(/connection failed after 2 attempts/);
    expect(fake!.requests).toHaveLength(2);
  });
});

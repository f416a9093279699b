import { afterEach, describe, expect, it } from 'vitest';
import { JudgeError } from '../../src/errors.ts';
import { createAnthropicProvider, type AnthropicProviderOptions } from '../../src/judge/providers/anthropicProvider.ts';
import { startFakeAnthropic } from '../fakes/fakeAnthropic.ts';
import { FAST_RETRY, sequence, type FakeServer, type Script } from '../fakes/fakeServer.ts';
import { everythingButAuth, PASS, PROMPT, SCHEMA, steppingClock } from './fixtures.ts';

const KEY = 'sk-ant-api03-SECRETkey';

let fake: FakeServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(script: Script, opts: Partial<AnthropicProviderOptions> = {}) {
  fake = await startFakeAnthropic(script);
  const provider = createAnthropicProvider({
    model: 'claude-sonnet-5-5',
    apiKey: KEY,
    baseURL: fake.url,
    timeoutMs: 2000,
    maxRetries: 0,
    ...opts,
  });
  return { provider, fake, request: provider.buildRequest(PROMPT, SCHEMA, 1) };
}

async function failure(promise: Promise<unknown>): Promise<JudgeError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(JudgeError);
  const judgeError = err as JudgeError;
  expect(`${judgeError.message} ${judgeError.stack} ${String(judgeError.cause)}`).not.toContain(KEY);
  return judgeError;
}

describe('anthropic provider: request shape', () => {
  it('sends system, a cached review block, the task, and native structured output', async () => {
    const { provider, fake, request } = await setup(() => ({ type: 'json', outputs: [PASS] }));
    await provider.send(request);
    const req = fake.requests[0]!;
    expect(req.path).toBe('/v1/messages');
    expect(req.body).toEqual({
      model: 'claude-sonnet-5-5',
      max_tokens: 8192,
      system: PROMPT.instructions,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: PROMPT.review, cache_control: { type: 'ephemeral' } },
            { type: 'text', text: PROMPT.task },
          ],
        },
      ],
      output_config: { format: { type: 'json_schema', schema: SCHEMA.jsonSchema } },
    });
    expect(req.body).not.toHaveProperty('temperature');
    expect(req.body).not.toHaveProperty('tools');
  });

  // SDK 1.14 sends an API key as `Authorization: Bearer`, not the older `x-api-key`.
  it('sends the key only as the bearer token, with an anthropic-version header', async () => {
    const { provider, fake, request } = await setup(() => ({ type: 'json', outputs: [PASS] }));
    await provider.send(request);
    const req = fake.requests[0]!;
    expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req.headers['anthropic-version']).toBeTruthy();
    expect(everythingButAuth(req, 'authorization')).not.toContain(KEY);
  });

  it('buildRequest is pure: deep-equal bodies, one sample, no key', () => {
    const make = () => createAnthropicProvider({ model: 'claude-sonnet-5-5', apiKey: KEY, timeoutMs: 1000, maxRetries: 0 });
    const a = make().buildRequest(PROMPT, SCHEMA, 1);
    const b = make().buildRequest(structuredClone(PROMPT), structuredClone(SCHEMA), 1);
    expect(a).toEqual(b);
    expect(JSON.stringify(a)).not.toContain(KEY);
    expect(make().maxSamplesPerRequest).toBe(1);
    expect(make().baseURL).toBe('https://api.anthropic.com');
    expect(make().id).toBe('anthropic:claude-sonnet-5-5');
  });

  it('refuses more than one sample per request', async () => {
    const { provider, fake } = await setup(() => ({ type: 'json', outputs: [PASS] }));
    await expect(provider.send({ ...provider.buildRequest(PROMPT, SCHEMA, 1), samples: 2 })).rejects.toThrow(RangeError);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('anthropic provider: outcomes', () => {
  it('returns the JSON text block as rawText, with usage summed across cache reads and writes', async () => {
    const { provider, request } = await setup(
      () => ({ type: 'json', outputs: [PASS], usage: { input: 3000, output: 42, cached: 0, cacheWrite: 2600 } }),
      { clock: steppingClock(125) },
    );
    const result = await provider.send(request);
    expect(result.samples).toEqual([{ ok: true, rawText: JSON.stringify(PASS) }]);
    expect(result.usage).toEqual({ inputTokens: 3000, outputTokens: 42, cachedInputTokens: 0, cacheWriteTokens: 2600 });
    expect(result.latencyMs).toBe(125);
    expect((result.raw as { usage: { input_tokens: number } }).usage.input_tokens).toBe(400);
  });

  it('reports cache reads on a later unit of the same review', async () => {
    const { provider, request } = await setup(() => ({ type: 'json', outputs: [PASS], usage: { input: 3000, cached: 2600, cacheWrite: 0 } }));
    expect((await provider.send(request)).usage.cachedInputTokens).toBe(2600);
  });

  it('passes invalid JSON through untouched', async () => {
    const { provider, request } = await setup(() => ({ type: 'text', texts: ['verdict: pass (not JSON)'] }));
    expect((await provider.send(request)).samples).toEqual([{ ok: true, rawText: 'verdict: pass (not JSON)' }]);
  });

  it('maps stop_reason refusal to a refusal sample with the explanation', async () => {
    const { provider, request } = await setup(() => ({ type: 'refusal', message: 'Declined by policy.' }));
    const [sample] = (await provider.send(request)).samples;
    expect(sample).toMatchObject({ ok: false, kind: 'refusal' });
    expect(sample!.ok === false && sample!.message).toContain('Declined by policy.');
  });

  it('maps stop_reason max_tokens to truncated, keeping the partial text', async () => {
    const { provider, request } = await setup(() => ({ type: 'length', partial: '{"verdict":"fa' }));
    const [sample] = (await provider.send(request)).samples;
    expect(sample).toMatchObject({ ok: false, kind: 'truncated', rawText: '{"verdict":"fa' });
  });
});

describe('anthropic provider: retries and failures', () => {
  it('honours retry-after-ms on 429 and succeeds on the second request', async () => {
    const { provider, fake, request } = await setup(
      sequence({ type: 'status', status: 429, headers: { 'retry-after-ms': '40' } }, { type: 'json', outputs: [PASS] }),
      { maxRetries: 2 },
    );
    const started = performance.now();
    await expect(provider.send(request)).resolves.toMatchObject({ samples: [{ ok: true }] });
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
    expect(fake.requests).toHaveLength(2);
  });

  it('treats retry-after: 0 as "use the default backoff" (unlike the openai SDK)', async () => {
    const { provider, fake, request } = await setup(
      sequence({ type: 'status', status: 429, headers: { 'retry-after': '0' } }, { type: 'json', outputs: [PASS] }),
      { maxRetries: 1 },
    );
    const started = performance.now();
    await provider.send(request);
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
    expect(fake.requests).toHaveLength(2);
  });

  it.each([500, 529])('retries a %i and succeeds', async (status) => {
    const { provider, fake, request } = await setup(
      sequence({ type: 'status', status, headers: FAST_RETRY }, { type: 'json', outputs: [PASS] }),
      { maxRetries: 2 },
    );
    await expect(provider.send(request)).resolves.toMatchObject({ samples: [{ ok: true }] });
    expect(fake.requests).toHaveLength(2);
  });

  it('gives up on a persistent 529 after maxRetries + 1 requests', async () => {
    const { provider, fake, request } = await setup(() => ({ type: 'status', status: 529, headers: FAST_RETRY }), { maxRetries: 2 });
    const err = await failure(provider.send(request));
    expect(err.kind).toBe('api-error');
    expect(err.message).toBe('anthropic:claude-sonnet-5-5: HTTP 529: Overloaded');
    expect(fake.requests).toHaveLength(3);
  });

  it('maps a hang past the timeout to kind timeout', async () => {
    const { provider, request } = await setup(() => ({ type: 'hang' }), { timeoutMs: 300 });
    const err = await failure(provider.send(request));
    expect(err.kind).toBe('timeout');
  });

  it('maps a reset connection and a truncated body to api-error', async () => {
    const reset = await setup(() => ({ type: 'reset' }));
    expect((await failure(reset.provider.send(reset.request))).kind).toBe('api-error');
    await fake?.close();
    const cut = await setup(() => ({ type: 'truncated-body' }), { maxRetries: 2 });
    const err = await failure(cut.provider.send(cut.request));
    expect(err.kind).toBe('api-error');
    expect(cut.fake.requests).toHaveLength(1);
  });

  it('redacts a key echoed in an error body', async () => {
    const { provider, request } = await setup(() => ({
      type: 'status',
      status: 401,
      body: { type: 'error', error: { type: 'authentication_error', message: `invalid x-api-key ${KEY}` } },
    }));
    const err = await failure(provider.send(request));
    expect(err.message).toBe('anthropic:claude-sonnet-5-5: HTTP 401: invalid x-api-key [redacted]');
  });
});

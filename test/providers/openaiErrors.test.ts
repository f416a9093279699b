import { afterEach, describe, expect, it } from 'vitest';
import { JudgeError } from '../../src/errors.ts';
import { createOpenAIProvider } from '../../src/judge/providers/openaiProvider.ts';
import { startFakeOpenAI } from '../fakes/fakeOpenAI.ts';
import { FAST_RETRY, sequence, type FakeServer, type Script } from '../fakes/fakeServer.ts';
import { PASS, PROMPT, SCHEMA, SECRET_KEY } from './fixtures.ts';

let fake: FakeServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(script: Script, maxRetries: number, timeoutMs = 2000) {
  fake = await startFakeOpenAI(script);
  const provider = createOpenAIProvider({
    kind: 'openai',
    model: 'gpt-4.1-mini',
    apiKey: SECRET_KEY,
    baseURL: `${fake.url}/v1`,
    timeoutMs,
    maxRetries,
  });
  return { provider, fake, request: provider.buildRequest(PROMPT, SCHEMA, 2) };
}

async function failure(promise: Promise<unknown>): Promise<JudgeError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(JudgeError);
  const judgeError = err as JudgeError;
  // Whatever went wrong, the key must not be in anything a user or a log would see.
  expect(`${judgeError.message} ${judgeError.stack} ${String(judgeError.cause)}`).not.toContain(SECRET_KEY);
  return judgeError;
}

describe('openai provider: retries', () => {
  it('honours retry-after-ms on 429, then succeeds on the second request', async () => {
    const { provider, fake, request } = await setup(
      sequence({ type: 'status', status: 429, headers: { 'retry-after-ms': '40' } }, { type: 'json', outputs: [PASS] }),
      2,
    );
    const started = performance.now();
    const result = await provider.send(request);
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
    expect(fake.requests).toHaveLength(2);
    expect(result.samples).toHaveLength(2);
    // The retry is the same request: same body, n included.
    expect(fake.requests[1]!.rawBody).toBe(fake.requests[0]!.rawBody);
  });

  it('takes retry-after: 0 literally (no backoff) on 429', async () => {
    const { provider, fake, request } = await setup(
      sequence({ type: 'status', status: 429, headers: { 'retry-after': '0' } }, { type: 'json', outputs: [PASS] }),
      1,
    );
    const started = performance.now();
    await provider.send(request);
    expect(performance.now() - started).toBeLessThan(400);
    expect(fake.requests).toHaveLength(2);
  });

  it('retries a 500 and succeeds', async () => {
    const { provider, fake, request } = await setup(
      sequence({ type: 'status', status: 500, headers: FAST_RETRY }, { type: 'json', outputs: [PASS] }),
      2,
    );
    await expect(provider.send(request)).resolves.toMatchObject({ samples: [{ ok: true }, { ok: true }] });
    expect(fake.requests).toHaveLength(2);
  });

  it('gives up on a persistent 500 after maxRetries + 1 requests with kind api-error naming the status', async () => {
    const { provider, fake, request } = await setup(() => ({ type: 'status', status: 500, headers: FAST_RETRY }), 2);
    const err = await failure(provider.send(request));
    expect(err.kind).toBe('api-error');
    expect(err.message).toContain('HTTP 500');
    expect(err.message).toContain('openai:gpt-4.1-mini');
    expect(fake.requests).toHaveLength(3);
  });

  it('does not retry a 400', async () => {
    const { provider, fake, request } = await setup(
      () => ({ type: 'status', status: 400, body: { error: { message: "Invalid schema for response_format 'verdict'", type: 'invalid_request_error', param: null, code: null } } }),
      3,
    );
    const err = await failure(provider.send(request));
    expect(err.message).toContain("HTTP 400: Invalid schema for response_format 'verdict'");
    expect(fake.requests).toHaveLength(1);
  });
});

describe('openai provider: broken connections', () => {
  it('maps a hang past the timeout to kind timeout', async () => {
    const { provider, request } = await setup(() => ({ type: 'hang' }), 0, 300);
    const started = performance.now();
    const err = await failure(provider.send(request));
    expect(err.kind).toBe('timeout');
    expect(err.message).toContain('300 ms');
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('retries a hang like any timeout, one request per attempt', async () => {
    const { provider, fake, request } = await setup(sequence({ type: 'hang' }, { type: 'json', outputs: [PASS] }), 1, 300);
    // The SDK's own backoff (~0.5 s) applies: a timeout carries no Retry-After.
    await expect(provider.send(request)).resolves.toMatchObject({ samples: [{ ok: true }, { ok: true }] });
    expect(fake.requests).toHaveLength(2);
  });

  it('maps a reset connection to api-error', async () => {
    const { provider, fake, request } = await setup(() => ({ type: 'reset' }), 0);
    const err = await failure(provider.send(request));
    expect(err.kind).toBe('api-error');
    expect(err.message).toMatch(/connection failed/i);
    expect(fake.requests).toHaveLength(1);
  });

  it('maps a truncated body to api-error without retrying it', async () => {
    const { provider, fake, request } = await setup(() => ({ type: 'truncated-body' }), 2);
    const err = await failure(provider.send(request));
    expect(err.kind).toBe('api-error');
    expect(err.message).toContain('unreadable response');
    // The SDK's retry loop ends once headers arrive; the body is read after it.
    expect(fake.requests).toHaveLength(1);
  });

  it('maps a caller abort to api-error', async () => {
    const { provider, request } = await setup(() => ({ type: 'hang' }), 0, 5000);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const err = await failure(provider.send(request, controller.signal));
    expect(err.message).toContain('aborted');
  });
});

describe('openai provider: secrets', () => {
  it('redacts a key echoed by a 401 body and drops the SDK error as cause', async () => {
    const { provider, request } = await setup(
      () => ({
        type: 'status',
        status: 401,
        body: { error: { message: `Incorrect API key provided: ${SECRET_KEY}. You can find your API key at https://platform.openai.com/account/api-keys.`, type: 'invalid_request_error', param: null, code: 'invalid_api_key' } },
      }),
      0,
    );
    const err = await failure(provider.send(request));
    expect(err.message).toContain('HTTP 401');
    expect(err.message).toContain('[redacted]');
    expect(err.cause).toBeUndefined();
  });

  it('redacts a masked key as OpenAI really sends it', async () => {
    const { provider, request } = await setup(
      () => ({ type: 'status', status: 401, body: { error: { message: 'Incorrect API key provided: sk-test-********************************9XYZ.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } } }),
      0,
    );
    const err = await failure(provider.send(request));
    expect(err.message).not.toContain('9XYZ');
  });

  it('a malformed 200 (text/plain) is an api-error, not a crash', async () => {
    const { provider, request } = await setup(() => ({ type: 'status', status: 200, body: 'upstream says hi' }), 0);
    const err = await failure(provider.send(request));
    expect(err.kind).toBe('api-error');
    expect(err.message).toContain('malformed response');
  });
});

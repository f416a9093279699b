import { afterEach, describe, expect, it } from 'vitest';
import { createOpenAIProvider, type OpenAIProviderOptions } from '../../src/judge/providers/openaiProvider.ts';
import { startFakeOpenAI } from '../fakes/fakeOpenAI.ts';
import type { FakeServer, Script } from '../fakes/fakeServer.ts';
import { everythingButAuth, FAIL, PASS, PROMPT, SCHEMA, SECRET_KEY, steppingClock } from './fixtures.ts';

let fake: FakeServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(script: Script, opts: Partial<OpenAIProviderOptions> = {}) {
  fake = await startFakeOpenAI(script);
  const provider = createOpenAIProvider({
    kind: 'openai',
    model: 'gpt-4.1-mini',
    apiKey: SECRET_KEY,
    baseURL: `${fake.url}/v1`,
    timeoutMs: 2000,
    maxRetries: 0,
    ...opts,
  });
  return { provider, fake };
}

describe('openai provider: happy path', () => {
  it('asks for n=3 in one request and returns three samples in choice order', async () => {
    const { provider, fake } = await setup(() => ({ type: 'json', outputs: [PASS, FAIL, PASS] }));
    const result = await provider.send(provider.buildRequest(PROMPT, SCHEMA, 3));

    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.path).toBe('/v1/chat/completions');
    expect((fake.requests[0]!.body as { n: number }).n).toBe(3);
    expect(result.samples).toEqual([
      { ok: true, rawText: JSON.stringify(PASS) },
      { ok: true, rawText: JSON.stringify(FAIL) },
      { ok: true, rawText: JSON.stringify(PASS) },
    ]);
    expect((result.raw as { object: string }).object).toBe('chat.completion');
  });

  it('sends the documented wire body: system, review-first user message, strict json_schema', async () => {
    const { provider, fake } = await setup(() => ({ type: 'json', outputs: [PASS] }));
    await provider.send(provider.buildRequest(PROMPT, SCHEMA, 1));
    const body = fake.requests[0]!.body as Record<string, unknown>;

    expect(body).toEqual({
      model: 'gpt-4.1-mini',
      messages: [
        { role: 'system', content: PROMPT.instructions },
        { role: 'user', content: `${PROMPT.review}\n\n${PROMPT.task}` },
      ],
      response_format: { type: 'json_schema', json_schema: { name: 'verdict', strict: true, schema: SCHEMA.jsonSchema } },
      temperature: 0.7,
      max_completion_tokens: 4096,
    });
    expect('n' in body).toBe(false);
  });

  it('keeps the prefix (system + review) byte-identical across units of one review', () => {
    const provider = createOpenAIProvider({ kind: 'openai', model: 'gpt-4.1-mini', apiKey: SECRET_KEY, timeoutMs: 1000, maxRetries: 0 });
    const a = JSON.stringify(provider.buildRequest(PROMPT, SCHEMA, 1).body);
    const b = JSON.stringify(provider.buildRequest({ ...PROMPT, task: 'Problem P9: something else entirely.' }, SCHEMA, 1).body);
    const prefix = JSON.stringify(PROMPT.review).slice(0, -1);
    expect(a.indexOf(prefix)).toBeGreaterThan(0);
    expect(a.slice(0, a.indexOf(prefix) + prefix.length)).toBe(b.slice(0, b.indexOf(prefix) + prefix.length));
  });

  it('sends the key only as the bearer token', async () => {
    const { provider, fake } = await setup(() => ({ type: 'json', outputs: [PASS] }));
    await provider.send(provider.buildRequest(PROMPT, SCHEMA, 1));
    const req = fake.requests[0]!;
    expect(req.headers.authorization).toBe(`Bearer ${SECRET_KEY}`);
    expect(everythingButAuth(req, 'authorization')).not.toContain(SECRET_KEY);
  });

  it('maps usage, cached tokens included, and measures latency with the injected clock', async () => {
    const { provider } = await setup(
      () => ({ type: 'json', outputs: [PASS, FAIL], usage: { input: 5000, output: 60, cached: 4864, cacheWrite: 128 } }),
      { clock: steppingClock(250) },
    );
    const result = await provider.send(provider.buildRequest(PROMPT, SCHEMA, 2));
    expect(result.usage).toEqual({ inputTokens: 5000, outputTokens: 60, cachedInputTokens: 4864, cacheWriteTokens: 128 });
    expect(result.latencyMs).toBe(250);
  });

  it('works with a base URL without /v1', async () => {
    const { provider, fake } = await setup(() => ({ type: 'json', outputs: [PASS] }));
    const bare = createOpenAIProvider({ kind: 'openai', model: 'gpt-4.1-mini', apiKey: SECRET_KEY, baseURL: fake.url, timeoutMs: 2000, maxRetries: 0 });
    const result = await bare.send(provider.buildRequest(PROMPT, SCHEMA, 1));
    expect(fake.requests[0]!.path).toBe('/chat/completions');
    expect(result.samples).toHaveLength(1);
  });
});

describe('openai-compatible', () => {
  it('never sends n, uses max_tokens, and offers one sample per request', async () => {
    const { provider, fake } = await setup(() => ({ type: 'json', outputs: [PASS] }), {
      kind: 'openai-compatible',
      model: 'llama3.1',
      apiKey: 'not-needed',
    });
    expect(provider.maxSamplesPerRequest).toBe(1);
    expect(provider.id).toBe('openai-compatible:llama3.1');
    const result = await provider.send(provider.buildRequest(PROMPT, SCHEMA, 1));
    const body = fake.requests[0]!.body as Record<string, unknown>;
    expect('n' in body).toBe(false);
    expect(body.max_tokens).toBe(4096);
    expect('max_completion_tokens' in body).toBe(false);
    expect(fake.requests[0]!.headers.authorization).toBe('Bearer not-needed');
    expect(fake.requests[0]!.headers['openai-organization']).toBeUndefined();
    expect(result.samples).toEqual([{ ok: true, rawText: JSON.stringify(PASS) }]);
  });

  it('refuses more samples than the endpoint allows, before any request', async () => {
    const { provider, fake } = await setup(() => ({ type: 'json', outputs: [PASS] }), { kind: 'openai-compatible', model: 'llama3.1' });
    await expect(provider.send(provider.buildRequest(PROMPT, SCHEMA, 2))).rejects.toThrow(RangeError);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('openai provider: per-choice outcomes', () => {
  it('passes invalid JSON through as rawText: validation is the engine’s job', async () => {
    const { provider } = await setup(() => ({ type: 'text', texts: ['{"verdict": pass, oops'] }));
    const result = await provider.send(provider.buildRequest(PROMPT, SCHEMA, 1));
    expect(result.samples).toEqual([{ ok: true, rawText: '{"verdict": pass, oops' }]);
  });

  it('maps message.refusal to a refusal sample', async () => {
    const { provider } = await setup(() => ({ type: 'refusal', message: 'I cannot judge this.' }));
    const [sample] = (await provider.send(provider.buildRequest(PROMPT, SCHEMA, 1))).samples;
    expect(sample).toMatchObject({ ok: false, kind: 'refusal' });
    expect(sample!.ok === false && sample!.message).toContain('I cannot judge this.');
  });

  it('maps finish_reason length to truncated, keeping the partial text', async () => {
    const { provider } = await setup(() => ({ type: 'length', partial: '{"verdict":"pa' }));
    const [sample] = (await provider.send(provider.buildRequest(PROMPT, SCHEMA, 1))).samples;
    expect(sample).toMatchObject({ ok: false, kind: 'truncated', rawText: '{"verdict":"pa' });
  });

  it('maps each choice separately within one n>1 response', async () => {
    const { provider } = await setup(() => ({
      type: 'mixed',
      choices: [{ output: PASS }, { length: '{"ver' }, { contentFilter: true }, { refusal: 'no' }],
    }));
    const result = await provider.send(provider.buildRequest(PROMPT, SCHEMA, 4));
    expect(result.samples.map((s) => (s.ok ? 'ok' : s.kind))).toEqual(['ok', 'truncated', 'refusal', 'refusal']);
  });

  it('returns fewer samples when the server ignores n', async () => {
    const { provider } = await setup(() => ({ type: 'mixed', choices: [{ output: PASS }] }));
    const result = await provider.send(provider.buildRequest(PROMPT, SCHEMA, 3));
    expect(result.samples).toHaveLength(1);
  });
});

describe('buildRequest', () => {
  const make = () =>
    createOpenAIProvider({ kind: 'openai', model: 'gpt-4.1-mini', apiKey: SECRET_KEY, timeoutMs: 1000, maxRetries: 0 });

  it('is pure and deterministic: same input, deep-equal body, no n, no key', () => {
    const a = make().buildRequest(PROMPT, SCHEMA, 5);
    const b = make().buildRequest(structuredClone(PROMPT), structuredClone(SCHEMA), 5);
    expect(a).toEqual(b);
    expect(a.samples).toBe(5);
    expect('n' in a.body).toBe(false);
    expect(JSON.stringify(a)).not.toContain(SECRET_KEY);
  });

  it('does not mutate its inputs', () => {
    const prompt = structuredClone(PROMPT);
    const schema = structuredClone(SCHEMA);
    const request = make().buildRequest(prompt, schema, 1);
    expect(prompt).toEqual(PROMPT);
    expect(schema).toEqual(SCHEMA);
    expect(request.body).not.toHaveProperty('api_key');
  });

  it('omits temperature and raises the budget for reasoning models', () => {
    const provider = createOpenAIProvider({ kind: 'openai', model: 'o4-mini', apiKey: SECRET_KEY, timeoutMs: 1000, maxRetries: 0 });
    const { body } = provider.buildRequest(PROMPT, SCHEMA, 1);
    expect('temperature' in body).toBe(false);
    expect(body.max_completion_tokens).toBe(16384);
  });

  it('reports the effective base URL', () => {
    expect(make().baseURL).toBe('https://api.openai.com/v1');
  });
});

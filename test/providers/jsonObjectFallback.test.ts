/** The json_schema → json_object fallback of openai-compatible judges, through the real SDK against the fake. */
import { afterEach, describe, expect, it } from 'vitest';
import { createOpenAIProvider } from '../../src/judge/providers/openaiProvider.ts';
import { startFakeOpenAI } from '../fakes/fakeOpenAI.ts';
import type { FakeServer } from '../fakes/fakeServer.ts';
import { PASS, PROMPT, SCHEMA } from './fixtures.ts';

let fake: FakeServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(kind: 'openai' | 'openai-compatible', rejectJsonSchema: boolean | string = true) {
  fake = await startFakeOpenAI(() => ({ type: 'json', outputs: [PASS] }), { rejectJsonSchema });
  const provider = createOpenAIProvider({ kind, model: 'llama3.1', apiKey: 'sk-test-fallback-000', baseURL: `${fake.url}/v1`, timeoutMs: 2000, maxRetries: 0 });
  return { provider, fake };
}

const formats = (f: FakeServer) => f.requests.map((r) => (r.body as { response_format: { type: string } }).response_format.type);

describe('json_schema rejected by a local server', () => {
  it('asks once more with json_object and the schema in the system message, then sticks to json_object', async () => {
    const { provider, fake } = await setup('openai-compatible');
    const request = provider.buildRequest(PROMPT, SCHEMA, 1);
    const planned = JSON.stringify(request.body);
    const first = await provider.send(request);
    const second = await provider.send(request);
    expect(first.samples).toEqual([{ ok: true, rawText: JSON.stringify(PASS) }]);
    expect(first.fallback).toBe('json_object');
    expect(second.fallback).toBe('json_object');
    expect(formats(fake)).toEqual(['json_schema', 'json_object', 'json_object']);
    const system = (fake.requests[1]!.body as { messages: Array<{ content: string }> }).messages[0]!.content;
    expect(system.startsWith(PROMPT.instructions)).toBe(true);
    expect(system).toContain(JSON.stringify(SCHEMA.jsonSchema));
    // The planned body, which the cache key covers, is what it was.
    expect(JSON.stringify(request.body)).toBe(planned);
  });

  it('also on the older wording', async () => {
    const { provider, fake } = await setup('openai-compatible', 'response_format type must be one of "text" or "json_object"');
    expect((await provider.send(provider.buildRequest(PROMPT, SCHEMA, 1))).fallback).toBe('json_object');
    expect(formats(fake)).toEqual(['json_schema', 'json_object']);
  });

  it('never on api.openai.com: the 400 is the error', async () => {
    const { provider, fake } = await setup('openai');
    await expect(provider.send(provider.buildRequest(PROMPT, SCHEMA, 1))).rejects.toMatchObject({ kind: 'api-error', message: expect.stringContaining('HTTP 400') });
    expect(formats(fake)).toEqual(['json_schema']);
  });

  it('a server that accepts json_schema gets no fallback', async () => {
    const { provider, fake } = await setup('openai-compatible', false);
    expect((await provider.send(provider.buildRequest(PROMPT, SCHEMA, 1))).fallback).toBeUndefined();
    expect(formats(fake)).toEqual(['json_schema']);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic } from './fakeAnthropic.ts';
import type { FakeServer } from './fakeServer.ts';

let day = '2026-12-01';
let fake: FakeServer;
beforeAll(async () => {
  fake = await startFakeAnthropic(() => ({ type: 'json', outputs: [{ verdict: 'pass' }] }), { now: () => new Date(`${day}T12:00:00Z`) });
});
afterAll(() => fake.close());

async function post(body: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${fake.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

const base = (model: string, extra: Record<string, unknown> = {}) => ({ model, max_tokens: 1024, messages: [{ role: 'user', content: 'hi' }], ...extra });
const invalid = (message: string) => ({ type: 'error', error: { type: 'invalid_request_error', message } });
const cached = (text: string) => ({ type: 'text', text, cache_control: { type: 'ephemeral' } });
const format = (schema: unknown) => ({ output_config: { format: { type: 'json_schema', schema } } });
const obj = (properties: Record<string, unknown>) => ({ type: 'object', properties, required: Object.keys(properties), additionalProperties: false });

describe('fake Anthropic: models', () => {
  it.each(['claude-fable-5-1', 'claude-opus-5-5', 'claude-sonnet-5-5', 'claude-haiku-5-5', 'claude-sonnet-5', 'claude-opus-5', 'claude-opus-4-8', 'claude-opus-4-7', 'claude-opus-4-6', 'claude-sonnet-4-6', 'claude-haiku-4-5', 'claude-opus-4-5'])(
    'serves %s on 2026-12-01',
    async (model) => {
      const r = await post(base(model));
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ type: 'message', model });
    },
  );

  it.each(['claude-sonnet-4-5', 'claude-sonnet-4-5-20250929', 'claude-opus-4-1', 'claude-sonnet-4', 'claude-opus-4', 'claude-x', 'm'])('answers %s with 404 not_found_error', async (model) => {
    const r = await post(base(model));
    expect(r.status).toBe(404);
    expect(r.json).toMatchObject({ type: 'error', error: { type: 'not_found_error', message: `model: ${model}` } });
    expect(r.json.request_id).toMatch(/^req_/);
  });

  it.each([
    ['claude-sonnet-4-5', '2026-11-29', '2026-11-30'],
    ['claude-opus-4-5', '2027-01-21', '2027-01-22'],
  ])('serves %s until the day before its retirement (%s) and 404s from %s', async (model, before, after) => {
    day = before;
    const served = await post(base(model));
    day = after;
    const gone = await post(base(model));
    day = '2026-12-01';
    expect(served.status).toBe(200);
    expect(gone.status).toBe(404);
  });
});

describe('fake Anthropic: parameters', () => {
  const four = [cached('a'), cached('b'), cached('c')];
  it.each([
    // [case, status, body, error body or null]
    ['4 cache_control blocks', 200, base('claude-sonnet-5-5', { system: four, messages: [{ role: 'user', content: [cached('d')] }] }), null],
    [
      '5 cache_control blocks across system, messages and tools',
      400,
      base('claude-sonnet-5-5', { system: four, tools: [{ name: 't', input_schema: { type: 'object' }, cache_control: { type: 'ephemeral' } }], messages: [{ role: 'user', content: [cached('d')] }] }),
      invalid('A maximum of 4 blocks with cache_control may be provided. Found 5.'),
    ],
    ['temperature 0.7 on claude-sonnet-5-5', 400, base('claude-sonnet-5-5', { temperature: 0.7 }), invalid('temperature: this model does not support setting sampling parameters to non-default values')],
    ['temperature 0 on claude-haiku-5-5', 400, base('claude-haiku-5-5', { temperature: 0 }), invalid('temperature: this model does not support setting sampling parameters to non-default values')],
    ['temperature 0.7 on claude-opus-4-7', 400, base('claude-opus-4-7', { temperature: 0.7 }), invalid('temperature: this model does not support setting sampling parameters to non-default values')],
    ['temperature 1 (the default) on claude-sonnet-5', 200, base('claude-sonnet-5', { temperature: 1 }), null],
    ['temperature 0.7 on claude-sonnet-4-6', 200, base('claude-sonnet-4-6', { temperature: 0.7 }), null],
    ['temperature 0.7 on claude-haiku-4-5', 200, base('claude-haiku-4-5', { temperature: 0.7 }), null],
    ['effort xhigh on claude-sonnet-5-5', 200, base('claude-sonnet-5-5', { output_config: { effort: 'xhigh' } }), null],
    ['effort minimal on claude-sonnet-5-5', 400, base('claude-sonnet-5-5', { output_config: { effort: 'minimal' } }), invalid("output_config.effort: Input should be 'low', 'medium', 'high', 'xhigh', 'max'")],
    ['effort on claude-haiku-4-5', 400, base('claude-haiku-4-5', { output_config: { effort: 'low' } }), invalid('output_config.effort: this model does not support effort')],
  ])('%s → %i', async (_case, status, body, error) => {
    const r = await post(body);
    expect(r.status).toBe(status);
    if (error) expect(r.json).toMatchObject(error);
    else expect(r.json.type).toBe('message');
  });
});

describe('fake Anthropic: max_tokens', () => {
  it.each([
    ['claude-sonnet-5-5', 128_000, 200],
    ['claude-sonnet-5-5', 128_001, 400],
    ['claude-haiku-5-5', 200_000, 400],
    // No documented maximum in our sources: nothing is enforced.
    ['claude-opus-4-8', 200_000, 200],
  ] as const)('%s with max_tokens %i → %i', async (model, maxTokens, status) => {
    const r = await post(base(model, { max_tokens: maxTokens }));
    expect(r.status).toBe(status);
    if (status === 400) expect(r.json).toMatchObject(invalid(`max_tokens: ${maxTokens} > 128000, which is the maximum allowed number of output tokens for ${model}`));
  });
});

describe('fake Anthropic: output_config.format schemas', () => {
  const at = 'output_config.format.schema';
  it.each([
    ['a plain strict schema (with a property named maximum)', 200, obj({ verdict: { type: 'string', enum: ['pass', 'fail'] }, maximum: { type: 'integer' } }), null],
    ['minItems 1', 200, obj({ a: { type: 'array', items: { type: 'string' }, minItems: 1 } }), null],
    ['an internal $ref', 200, { ...obj({ a: { $ref: '#/$defs/x' } }), $defs: { x: { type: 'string' } } }, null],
    ['minimum', 400, obj({ a: { type: 'integer', minimum: 0 } }), `${at}.properties.a: the 'minimum' keyword is not supported in structured outputs`],
    ['maxLength', 400, obj({ a: { type: 'string', maxLength: 10 } }), `${at}.properties.a: the 'maxLength' keyword is not supported in structured outputs`],
    ['maxItems', 400, obj({ a: { type: 'array', items: { type: 'string' }, maxItems: 3 } }), `${at}.properties.a: the 'maxItems' keyword is not supported in structured outputs`],
    ['minItems 2', 400, obj({ a: { type: 'array', items: { type: 'string' }, minItems: 2 } }), `${at}.properties.a: 'minItems' only supports 0 or 1`],
    ['an external $ref', 400, obj({ a: { $ref: 'https://example.com/s.json' } }), `${at}.properties.a: external '$ref' is not supported`],
    ['an object without additionalProperties:false', 400, { type: 'object', properties: { a: { type: 'string' } } }, `${at}: 'additionalProperties' must be explicitly set to false for object types`],
  ])('%s → %i', async (_case, status, schema, message) => {
    const r = await post(base('claude-sonnet-5-5', format(schema)));
    expect(r.status).toBe(status);
    if (message) expect(r.json).toMatchObject(invalid(message));
  });
});

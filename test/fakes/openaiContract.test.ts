import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from './fakeOpenAI.ts';
import type { FakeServer } from './fakeServer.ts';

const OK = { verdict: 'pass' };
// A schema the strict mode accepts: every property required, no extra properties, nested too.
const SCHEMA = {
  type: 'object',
  properties: { verdict: { type: 'string', enum: ['pass', 'fail'] }, items: { type: 'array', items: { type: 'object', properties: { maxLength: { type: 'string' } }, required: ['maxLength'], additionalProperties: false } } },
  required: ['verdict', 'items'],
  additionalProperties: false,
};
const strict = (schema: unknown) => ({ type: 'json_schema', json_schema: { name: 'verdict', strict: true, schema } });
const base = (model: string, extra: Record<string, unknown> = {}) => ({ model, messages: [{ role: 'user', content: 'hi' }], ...extra });

let day = '2026-12-01';
const fakes: Record<'byModel' | 'openai' | 'local', FakeServer> = {} as never;
beforeAll(async () => {
  const now = () => new Date(`${day}T12:00:00Z`);
  const script = () => ({ type: 'json' as const, outputs: [OK] });
  fakes.byModel = await startFakeOpenAI(script, { now });
  fakes.openai = await startFakeOpenAI(script, { contract: 'openai', now });
  fakes.local = await startFakeOpenAI(script, { contract: 'local', now });
});
afterAll(async () => {
  await Promise.all(Object.values(fakes).map((f) => f.close()));
});

async function post(fake: FakeServer, body: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${fake.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

const notFound = (model: string) => ({
  error: { message: `The model \`${model}\` does not exist or you do not have access to it.`, type: 'invalid_request_error', param: null, code: 'model_not_found' },
});

describe('fake OpenAI: models', () => {
  it.each(['gpt-6.2-astra', 'gpt-6.2-sol', 'gpt-6.1-terra', 'gpt-6-luna', 'gpt-6-astra', 'gpt-6.1-sol', 'gpt-6-sol', 'gpt-5.6-sol', 'gpt-5.6-terra', 'gpt-5.6-luna', 'gpt-4.1', 'gpt-4.1-mini', 'gpt-4o', 'gpt-4o-mini', 'gpt-5', 'gpt-5-mini', 'gpt-5-nano', 'o3'])(
    'serves %s on 2026-12-01',
    async (model) => {
      const r = await post(fakes.byModel, base(model));
      expect(r.status).toBe(200);
      expect(r.json.choices[0].message.content).toBe(JSON.stringify(OK));
    },
  );

  it.each(['gpt-x', 'gpt-4', 'o4-mini', 'gpt-4.1-nano', 'gpt-7'])('answers %s with the real 404 model_not_found', async (model) => {
    const r = await post(fakes.byModel, base(model));
    expect(r.status).toBe(404);
    expect(r.json).toEqual(notFound(model));
  });

  it.each([
    ['gpt-5', '2026-12-10', '2026-12-11'],
    ['o3', '2026-12-10', '2026-12-11'],
    ['gpt-4.1-mini', '2027-01-13', '2027-01-14'],
    ['gpt-4o', '2027-01-13', '2027-01-14'],
  ])('serves %s until the day before its shutdown (%s) and 404s from %s', async (model, before, after) => {
    day = before;
    const served = await post(fakes.byModel, base(model));
    day = after;
    const r = await post(fakes.byModel, base(model));
    day = '2026-12-01';
    expect(served.status).toBe(200);
    expect(r.status).toBe(404);
    expect(r.json).toEqual(notFound(model));
  });

  it.each([
    ['gpt-4.1-mini', 'gpt-4.1-mini-2025-04-14'],
    ['gpt-5', 'gpt-5-2025-08-07'],
    ['gpt-6.2-sol', 'gpt-6.2-sol'],
    ['llama3.1:8b', 'llama3.1:8b'],
  ])('answers a request for %s naming the served model %s', async (model, served) => {
    expect((await post(fakes.byModel, base(model))).json.model).toBe(served);
  });

  it('plays a local server for names outside the OpenAI namespace, unless told it is api.openai.com', async () => {
    for (const model of ['fake-model', 'bench-judge', 'local-judge', 'llama3.1:8b']) {
      expect((await post(fakes.byModel, base(model, { max_tokens: 10, temperature: 0.7 }))).status).toBe(200);
      expect((await post(fakes.openai, base(model))).json).toEqual(notFound(model));
    }
  });

  it('as a local server accepts even OpenAI-looking names and parameters api.openai.com rejects', async () => {
    const r = await post(fakes.local, base('gpt-oss:20b', { temperature: 0.7, max_tokens: 10, reasoning_effort: 'bogus' }));
    expect(r.status).toBe(200);
  });

  it('does not pass rejected requests to the script but records them', async () => {
    const before = fakes.byModel.requests.length;
    await post(fakes.byModel, base('gpt-x'));
    expect(fakes.byModel.requests).toHaveLength(before + 1);
    expect(fakes.byModel.requests.at(-1)?.body).toMatchObject({ model: 'gpt-x' });
  });
});

const invalid = (param: string, message: string, code: string | null) => ({ error: { message, type: 'invalid_request_error', param, code } });
const TEMP_07 = invalid('temperature', "Unsupported value: 'temperature' does not support 0.7 with this model. Only the default (1) value is supported.", 'unsupported_value');
const MAX_TOKENS = invalid('max_tokens', "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", 'unsupported_parameter');

describe('fake OpenAI: parameters', () => {
  it.each([
    // [case, status, body, error body or null]
    ['temperature on gpt-6.2-sol', 400, base('gpt-6.2-sol', { temperature: 0.7 }), TEMP_07],
    ['temperature on gpt-5-mini', 400, base('gpt-5-mini', { temperature: 0.7 }), TEMP_07],
    ['temperature on o3', 400, base('o3', { temperature: 0.7 }), TEMP_07],
    ['temperature 0 on gpt-6-luna', 400, base('gpt-6-luna', { temperature: 0 }), invalid('temperature', "Unsupported value: 'temperature' does not support 0 with this model. Only the default (1) value is supported.", 'unsupported_value')],
    ['temperature on gpt-6-luna with effort high', 400, base('gpt-6-luna', { temperature: 0.7, reasoning_effort: 'high' }), TEMP_07],
    ['temperature on gpt-6-luna with effort none', 200, base('gpt-6-luna', { temperature: 0.7, reasoning_effort: 'none' }), null],
    ['temperature on gpt-6.1-terra with effort none', 200, base('gpt-6.1-terra', { temperature: 0.7, reasoning_effort: 'none' }), null],
    ['temperature on gpt-6-sol with effort none', 200, base('gpt-6-sol', { temperature: 0.7, reasoning_effort: 'none' }), null],
    ['temperature on gpt-5.6-terra with effort none', 200, base('gpt-5.6-terra', { temperature: 0.7, reasoning_effort: 'none' }), null],
    ['temperature on gpt-4.1-mini', 200, base('gpt-4.1-mini', { temperature: 0.7 }), null],
    ['top_p on gpt-6-sol', 400, base('gpt-6-sol', { top_p: 0.9 }), invalid('top_p', "Unsupported value: 'top_p' does not support 0.9 with this model. Only the default (1) value is supported.", 'unsupported_value')],
    ['max_tokens on gpt-6.2-astra', 400, base('gpt-6.2-astra', { max_tokens: 4096 }), MAX_TOKENS],
    ['max_tokens on gpt-5', 400, base('gpt-5', { max_tokens: 4096 }), MAX_TOKENS],
    ['max_completion_tokens on gpt-6.2-astra', 200, base('gpt-6.2-astra', { max_completion_tokens: 16384 }), null],
    ['max_tokens on gpt-4o-mini', 200, base('gpt-4o-mini', { max_tokens: 4096 }), null],
    ['the documented maximum on gpt-6-luna', 200, base('gpt-6-luna', { max_completion_tokens: 128_000 }), null],
    ['above the maximum on gpt-6-luna', 400, base('gpt-6-luna', { max_completion_tokens: 128_001 }), invalid('max_completion_tokens', 'max_completion_tokens is too large: 128001. This model supports at most 128000 completion tokens, whereas you provided 128001.', 'invalid_value')],
    ['above the maximum on gpt-4.1-mini', 400, base('gpt-4.1-mini', { max_completion_tokens: 40_000 }), invalid('max_completion_tokens', 'max_completion_tokens is too large: 40000. This model supports at most 32768 completion tokens, whereas you provided 40000.', 'invalid_value')],
    ['max_tokens above the maximum on gpt-4o', 400, base('gpt-4o', { max_tokens: 20_480 }), invalid('max_tokens', 'max_tokens is too large: 20480. This model supports at most 16384 completion tokens, whereas you provided 20480.', 'invalid_value')],
    ['reasoning_effort on gpt-4.1', 400, base('gpt-4.1', { reasoning_effort: 'low' }), invalid('reasoning_effort', "Unsupported parameter: 'reasoning_effort' is not supported with this model.", 'unsupported_parameter')],
    ['effort none on gpt-6.2-sol', 400, base('gpt-6.2-sol', { reasoning_effort: 'none' }), invalid('reasoning_effort', "Unsupported value: 'reasoning_effort' does not support 'none' with this model. Supported values are: 'low', 'medium', 'high', 'xhigh', and 'max'.", 'unsupported_value')],
    ['effort minimal on gpt-6-luna', 400, base('gpt-6-luna', { reasoning_effort: 'minimal' }), invalid('reasoning_effort', "Unsupported value: 'reasoning_effort' does not support 'minimal' with this model. Supported values are: 'none', 'low', 'medium', 'high', 'xhigh', and 'max'.", 'unsupported_value')],
    ['effort max on gpt-5', 400, base('gpt-5', { reasoning_effort: 'max' }), invalid('reasoning_effort', "Unsupported value: 'reasoning_effort' does not support 'max' with this model. Supported values are: 'minimal', 'low', 'medium', and 'high'.", 'unsupported_value')],
    ['effort minimal on gpt-5-nano', 200, base('gpt-5-nano', { reasoning_effort: 'minimal' }), null],
    ['effort max on gpt-6.1-sol', 200, base('gpt-6.1-sol', { reasoning_effort: 'max' }), null],
    ['numeric prompt_cache_key', 400, base('gpt-6-luna', { prompt_cache_key: 42 }), invalid('prompt_cache_key', "Invalid type for 'prompt_cache_key': expected a string, but got an integer instead.", 'invalid_type')],
    ['string prompt_cache_key', 200, base('gpt-6-luna', { prompt_cache_key: 'review-1' }), null],
    // n > 1: no documented per-model rule, so the fake accepts it (see openaiContract.ts).
    ['n 3 on gpt-6-luna', 200, base('gpt-6-luna', { n: 3 }), null],
  ])('%s → %i', async (_case, status, body, error) => {
    const r = await post(fakes.byModel, body);
    expect(r.status).toBe(status);
    if (error) expect(r.json).toEqual(error);
    else expect(r.json.choices.length).toBe((body as { n?: number }).n ?? 1);
  });
});

describe('fake OpenAI: strict json_schema', () => {
  const bad = (message: string) => invalid('response_format', `Invalid schema for response_format 'verdict': ${message}`, null);
  const noExtra = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] };
  const partial = { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } }, required: ['a'], additionalProperties: false };
  const nested = { type: 'object', properties: { inner: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] } }, required: ['inner'], additionalProperties: false };
  const lengths = { type: 'object', properties: { a: { type: 'string', minLength: 3 } }, required: ['a'], additionalProperties: false };

  it.each([
    ['a valid nested schema (with a property named maxLength)', 200, SCHEMA, null],
    ['an object without additionalProperties:false', 400, noExtra, bad("In context=(), 'additionalProperties' is required to be supplied and to be false.")],
    ['an object whose required misses a property', 400, partial, bad("In context=(), 'required' is required to be supplied and to be an array including every key in properties. Missing 'b'.")],
    ['a nested object without additionalProperties:false', 400, nested, bad("In context=('properties', 'inner'), 'additionalProperties' is required to be supplied and to be false.")],
    ['minLength', 400, lengths, bad("In context=('properties', 'a'), 'minLength' is not permitted.")],
  ])('%s → %i', async (_case, status, schema, error) => {
    const r = await post(fakes.byModel, base('gpt-6-luna', { response_format: strict(schema) }));
    expect(r.status).toBe(status);
    if (error) expect(r.json).toEqual(error);
  });

  it('leaves non-strict schemas alone', async () => {
    const format = { type: 'json_schema', json_schema: { name: 'verdict', strict: false, schema: { type: 'object', properties: { a: { type: 'string', minLength: 1 } } } } };
    expect((await post(fakes.byModel, base('gpt-6-luna', { response_format: format }))).status).toBe(200);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { createProvider, DEFAULT_MODELS, parseJudgeSpec } from '../../src/judge/providers/createProvider.ts';
import { startFakeOpenAI } from '../fakes/fakeOpenAI.ts';
import type { FakeServer } from '../fakes/fakeServer.ts';
import { PASS, PROMPT, SCHEMA } from './fixtures.ts';
import { bundledCatalogue } from '../../src/catalogue/loadCatalogue.ts';

let fake: FakeServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function inputError(f: () => unknown): InputError {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected an InputError');
}

describe('parseJudgeSpec', () => {
  it.each([
    ['openai:gpt-4.1-mini', { kind: 'openai', model: 'gpt-4.1-mini' }],
    ['anthropic:claude-haiku-4-5', { kind: 'anthropic', model: 'claude-haiku-4-5' }],
    ['openai-compatible:llama3.1', { kind: 'openai-compatible', model: 'llama3.1' }],
    ['openai-compatible:llama3.1:8b', { kind: 'openai-compatible', model: 'llama3.1:8b' }],
    ['openai', { kind: 'openai', model: DEFAULT_MODELS.openai }],
    [' anthropic ', { kind: 'anthropic', model: DEFAULT_MODELS.anthropic }],
  ])('%s', (spec, expected) => {
    expect(parseJudgeSpec(spec)).toEqual(expected);
  });

  it.each(['gemini:pro', '', 'openai:', 'openai-compatible', 'OpenAI:gpt-4.1'])('rejects %j naming the accepted forms', (spec) => {
    const err = inputError(() => parseJudgeSpec(spec));
    expect(err.message).toContain('openai-compatible:<model>');
  });

  it('has defaults for the two hosted kinds, the same as the model catalogue names', () => {
    expect(DEFAULT_MODELS).toEqual({ openai: 'gpt-6-luna', anthropic: 'claude-sonnet-5-5' });
    expect(bundledCatalogue().defaults).toEqual(DEFAULT_MODELS);
  });
});

describe('createProvider', () => {
  it('reads the OpenAI key and base URL from the passed env only', () => {
    const p = createProvider('openai', { OPENAI_API_KEY: 'sk-live-1234567890', OPENAI_BASE_URL: 'https://proxy.example/v1' });
    expect(p).toMatchObject({ id: 'openai:gpt-6-luna', kind: 'openai', baseURL: 'https://proxy.example/v1', maxSamplesPerRequest: 8 });
  });

  it('uses the official base URLs by default and lets --base-url win over the env', () => {
    expect(createProvider('anthropic', { ANTHROPIC_API_KEY: 'sk-ant-1234567890' }).baseURL).toBe('https://api.anthropic.com');
    expect(createProvider('openai', { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'http://a.example' }, { baseURL: 'http://b.example/v1' }).baseURL).toBe(
      'http://b.example/v1',
    );
  });

  it('names the env var and .env file when a key is missing', () => {
    for (const [spec, name] of [['openai', 'OPENAI_API_KEY'], ['anthropic:claude-haiku-4-5', 'ANTHROPIC_API_KEY']] as const) {
      const err = inputError(() => createProvider(spec, { OPENAI_API_KEY: '', UNRELATED: 'x' }));
      expect(err.message).toContain(name);
      expect(err.message).toContain('.env');
      expect(err.message).toContain('--base-url');
    }
  });

  it('openai-compatible needs a base URL and says how to give one', () => {
    const err = inputError(() => createProvider('openai-compatible:llama3.1', { OPENAI_API_KEY: 'sk-x' }));
    expect(err.message).toContain('--base-url');
    expect(err.message).toContain('JUDGE_BASE_URL');
    expect(err.message).toContain('.env');
  });

  it('rejects a base URL that is not http(s)', () => {
    const err = inputError(() => createProvider('openai-compatible:llama3.1', {}, { baseURL: 'localhost:11434' }));
    expect(err.message).toContain('--base-url');
  });

  it('openai-compatible gets a placeholder key, never OPENAI_API_KEY', async () => {
    fake = await startFakeOpenAI(() => ({ type: 'json', outputs: [PASS] }));
    const env = { OPENAI_API_KEY: 'sk-real-openai-key-mus', JUDGE_BASE_URL: `${fake.url}/v1` };
    const provider = createProvider('openai-compatible:llama3.1:8b', env, { maxRetries: 0, timeoutMs: 2000 });
    expect(provider).toMatchObject({ kind: 'openai-compatible', model: 'llama3.1:8b', maxSamplesPerRequest: 1 });
    await provider.send(provider.buildRequest(PROMPT, SCHEMA, 1));
    expect(fake.requests[0]!.headers.authorization).toBe('Bearer not-needed');
    expect(fake.requests[0]!.rawBody + JSON.stringify(fake.requests[0]!.headers)).not.toContain('sk-real-openai-key');
  });

  it('openai-compatible sends JUDGE_API_KEY when one is set', async () => {
    fake = await startFakeOpenAI(() => ({ type: 'json', outputs: [PASS] }));
    const provider = createProvider('openai-compatible:qwen', { JUDGE_API_KEY: 'gateway-token' }, { baseURL: fake.url, maxRetries: 0 });
    await provider.send(provider.buildRequest(PROMPT, SCHEMA, 1));
    expect(fake.requests[0]!.headers.authorization).toBe('Bearer gateway-token');
  });
});

describe('base URLs with credentials', () => {
  it.each([
    ['user info', 'https://user:s3cret-pass-value@gw.example/v1', /carries a user name or password/],
    ['a query key (Azure-style gateways)', 'https://gw.example/v1?api-key=s3cret-query-value', /has a query string \(api-key\)/],
  ])('%s is refused at start with one line that does not echo the secret', (_n, url, message) => {
    const attempt = () => createProvider('openai-compatible:m', { JUDGE_BASE_URL: url });
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (e) {
      expect(String((e as Error).message)).not.toContain('s3cret');
    }
  });
});

import { describe, expect, it } from 'vitest';
import { InputError } from '../../errors.ts';
import { createProvider } from './createProvider.ts';
import { defaultJudgeSpec, PROVIDER_KINDS, PROVIDERS, providerEntry } from './registry.ts';

describe('provider registry', () => {
  it('has one entry per kind, each naming itself', () => {
    expect(PROVIDER_KINDS).toEqual(['openai', 'anthropic', 'openai-compatible', 'local']);
    for (const kind of PROVIDER_KINDS) expect(PROVIDERS[kind].kind).toBe(kind);
  });

  it.each([['openai', true], ['anthropic', true], ['openai-compatible', true], ['local', true], ['gemini', false], ['toString', false], ['__proto__', false]])('providerEntry(%s) found: %s', (kind, found) => {
    expect(providerEntry(kind) !== null).toBe(found);
  });

  it.each([
    ['openai:gpt-x', { OPENAI_API_KEY: 'sk-test-registry-1' }, 8],
    ['anthropic:claude-x', { ANTHROPIC_API_KEY: 'sk-ant-test-registry-1' }, 1],
    ['openai-compatible:llama', { JUDGE_BASE_URL: 'http://127.0.0.1:9/v1' }, 1],
  ] as const)('%s: the built provider has the capabilities of its entry', (spec, env, samples) => {
    const p = createProvider(spec, env);
    expect(p.maxSamplesPerRequest).toBe(samples);
    expect(PROVIDERS[p.kind].capabilities.samplesPerRequest).toBe(samples);
  });

  it.each<[Record<string, string>, string]>([
    [{ OPENAI_API_KEY: 'k', ANTHROPIC_API_KEY: 'k' }, `openai:${PROVIDERS.openai.defaultModel}`],
    [{ ANTHROPIC_API_KEY: 'k', JUDGE_BASE_URL: 'http://h/v1', JUDGE_MODEL: 'm' }, `anthropic:${PROVIDERS.anthropic.defaultModel}`],
    [{ JUDGE_BASE_URL: 'http://h/v1', JUDGE_MODEL: 'qwen3:8b' }, 'openai-compatible:qwen3:8b'],
  ])('a bare run picks the first configured kind: %j → %s', (env, spec) => {
    expect(defaultJudgeSpec(env)).toBe(spec);
  });

  it('a local judge is built only from a prepared model file (it needs no key or URL)', () => {
    const p = createProvider('local:m.gguf', {}, { local: { file: { path: '/x/m.gguf', sha256: 'ab'.repeat(32) }, engine: { threads: 1, gpu: 'off', loadModule: () => Promise.reject(new Error('not loaded in this test')) } } });
    expect(p).toMatchObject({ id: 'local:m.gguf', kind: 'local', model: `sha256:${'ab'.repeat(32)}`, baseURL: 'local', maxSamplesPerRequest: PROVIDERS.local.capabilities.samplesPerRequest });
    expect(() => createProvider('local:m.gguf', {})).toThrow(/not prepared/);
  });

  it('a bare run with nothing configured (or a server without a model) is an input error', () => {
    expect(() => defaultJudgeSpec({})).toThrow(InputError);
    expect(() => defaultJudgeSpec({ JUDGE_BASE_URL: 'http://h/v1' })).toThrow(/no judge configured/);
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPERATURE, isReasoningModel, openAIQuirks } from '../../src/judge/providers/openaiQuirks.ts';
import { redact } from '../../src/judge/providers/providerErrors.ts';
import { bundledCatalogue } from '../../src/catalogue/loadCatalogue.ts';
import { findModel } from '../../src/catalogue/resolveModel.ts';

describe('isReasoningModel', () => {
  it.each(['o1', 'o1-mini', 'o3', 'o3-mini-2025-01-31', 'o4-mini', 'gpt-5', 'gpt-5-mini', 'gpt-5.4-nano', 'gpt-5.1-codex', 'gpt-5-chat-latest', 'codex-mini-latest', 'openai/o3-mini', 'openai/gpt-5'])(
    '%s is a reasoning model',
    (model) => expect(isReasoningModel(model)).toBe(true),
  );

  it.each(['gpt-4.1-mini', 'gpt-4o', 'gpt-4o-mini-2024-07-18', 'llama3.1', 'llama3.1:8b', 'qwen2.5-72b', 'omni-moderation', 'o1x', 'gpt-50'])(
    '%s is not',
    (model) => expect(isReasoningModel(model)).toBe(false),
  );
});

describe('openAIQuirks', () => {
  it('gives non-reasoning OpenAI models the voting temperature and max_completion_tokens', () => {
    expect(openAIQuirks('openai', 'gpt-4.1-mini')).toEqual({
      reasoning: false,
      temperature: DEFAULT_TEMPERATURE,
      maxTokensField: 'max_completion_tokens',
      maxOutputTokens: 4096,
      // Without a catalogue entry nothing larger is known to be accepted.
      maxAllowedOutputTokens: 4096,
    });
    expect(DEFAULT_TEMPERATURE).toBeGreaterThan(0);
    expect(DEFAULT_TEMPERATURE).toBeLessThan(1);
  });

  it('gives reasoning models no temperature and room for reasoning tokens', () => {
    const q = openAIQuirks('openai', 'o3');
    expect(q).not.toHaveProperty('temperature');
    expect(q.maxTokensField).toBe('max_completion_tokens');
    expect(q.maxOutputTokens).toBe(16384);
  });

  it('uses max_tokens for openai-compatible servers, whatever the model', () => {
    expect(openAIQuirks('openai-compatible', 'llama3.1').maxTokensField).toBe('max_tokens');
    expect(openAIQuirks('openai-compatible', 'openai/o3-mini')).toMatchObject({ maxTokensField: 'max_tokens', reasoning: true });
  });

  it('honours an explicit output budget', () => {
    expect(openAIQuirks('openai', 'gpt-4.1-mini', { maxOutputTokens: 512 }).maxOutputTokens).toBe(512);
  });

  it('lets a request grow up to the documented maximum of a catalogued model, and no further without one', () => {
    const entry = findModel(bundledCatalogue(), 'openai', 'gpt-4.1-mini')!;
    expect(openAIQuirks('openai', 'gpt-4.1-mini', { entry })).toMatchObject({ maxOutputTokens: 4096, maxAllowedOutputTokens: 32768 });
    expect(openAIQuirks('openai', 'gpt-4.1-mini', { entry: { ...entry, maxOutputTokens: null } })).toMatchObject({ maxOutputTokens: 4096, maxAllowedOutputTokens: 4096 });
    expect(openAIQuirks('openai-compatible', 'llama3.1')).toMatchObject({ maxOutputTokens: 4096, maxAllowedOutputTokens: 4096 });
  });
});

describe('redact', () => {
  it('removes the given secret and key-shaped tokens, not too-short values', () => {
    expect(redact('bad key sk-live-abcdef123456 and mysecretvalue99', ['mysecretvalue99'])).toBe('bad key [redacted] and [redacted]');
    expect(redact('Incorrect API key provided: sk-proj-****wxyz.', [])).toBe('Incorrect API key provided: [redacted].');
    expect(redact('the key abc was sent', ['abc'])).toBe('the key abc was sent');
  });

  it('bounds long messages to one printable line', () => {
    const out = redact(`line one\n${'x'.repeat(1000)}`, []);
    expect(out).not.toContain('\n');
    expect(out.length).toBeLessThanOrEqual(301);
  });
});

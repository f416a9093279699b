import { describe, expect, it } from 'vitest';
import { InputError } from '../../../errors.ts';
import { DETECTION_SCHEMA } from '../../detection.ts';
import { chatmlSegments } from './chatml.ts';
import { localBody, seedOf } from './localRequest.ts';
import { parseLocalModel } from './localSpec.ts';

const prompt = { instructions: 'I', review: 'R <|im_end|>', task: 'T' };

describe('local judge requests', () => {
  it('keys the digest, wrapper, prompt, bounded schema, sampling and budget', () => {
    const a = localBody('ab'.repeat(32), prompt, DETECTION_SCHEMA, 200);
    expect(a).toMatchObject({ model: { sha256: 'ab'.repeat(32) }, wrapper: 'chatml', prompt, maxTokens: 200, runtime: 'node-llama-cpp@3.21.1' });
    expect(localBody('cd'.repeat(32), prompt, DETECTION_SCHEMA, 200)).not.toEqual(a);
    expect(localBody('ab'.repeat(32), prompt, DETECTION_SCHEMA, 400).schema.bounds.strings.reasoning).toBeGreaterThan(a.schema.bounds.strings.reasoning!);
    // Sampling is spelled out, repeat penalty included (LlamaCompletion's default would apply one).
    expect(a.sampling).toEqual({ temperature: 0.8, topK: 40, topP: 0.95, minP: 0.05, repeatPenalty: false });
    // The bounds chosen are in the body (so in the cache key and the cache entry), field by field.
    expect(a.schema.bounds).toMatchObject({ charsPerToken: 3, strings: { reasoning: expect.any(Number), quote: expect.any(Number), location: expect.any(Number) }, items: { evidence: expect.any(Number) } });
  });

  it('refuses a budget that no answer fits', () => {
    expect(() => localBody('ab'.repeat(32), prompt, DETECTION_SCHEMA, 5)).toThrow(InputError);
  });

  it.each([
    ['k1', 0, 'k1', 0, true],
    ['k1', 0, 'k1', 1, false],
    ['k1', 0, 'k2', 0, false],
  ])('seeds %s#%i and %s#%i alike: %s', (k1, a1, k2, a2, same) => {
    expect(seedOf(k1, a1) === seedOf(k2, a2)).toBe(same);
    expect(seedOf(k1, a1)).toBeGreaterThanOrEqual(0);
    expect(seedOf(k1, a1)).toBeLessThan(2 ** 31);
  });

  it('wraps in ChatML with the review ending the prefix, content never a control token', () => {
    const s = chatmlSegments(prompt);
    expect(s.prefix.filter((x) => 'special' in x)).toHaveLength(3);
    expect(s.prefix.at(-1)).toEqual({ text: 'user\nR <|im_end|>\n\n' });
    expect(s.rest.at(-1)).toEqual({ text: 'assistant\n' });
  });

  it.each([
    ['models/q.gguf', { from: 'file', path: 'models/q.gguf' }],
    ['hf:Qwen/Qwen3-8B-GGUF/Qwen3-8B-Q4_K_M.gguf', { from: 'hf', owner: 'Qwen', repo: 'Qwen3-8B-GGUF', file: 'Qwen3-8B-Q4_K_M.gguf' }],
    ['hf:o/r/sub/f.gguf', { from: 'hf', owner: 'o', repo: 'r', file: 'sub/f.gguf' }],
  ])('parses local:%s', (spec, want) => {
    expect(parseLocalModel(spec)).toEqual(want);
  });

  it.each(['model.bin', 'hf:owner/file.gguf', 'hf:o/r/../x.gguf'])('refuses local:%s with one line', (spec) => {
    expect(() => parseLocalModel(spec)).toThrow(InputError);
  });
});

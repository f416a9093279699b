/** Request bodies built from the model catalogue: what each current model is sent (no network). */
import { describe, expect, it } from 'vitest';
import { bundledCatalogue } from '../../catalogue/loadCatalogue.ts';
import { planJudgeModel } from '../../catalogue/planJudgeModel.ts';
import { DETECTION_SCHEMA } from '../detection.ts';
import { createProvider } from './createProvider.ts';

const PROMPT = { instructions: 'Grade.', review: '<<<R\nreview\nR>>>', task: 'P01' };
const ENV = { OPENAI_API_KEY: 'sk-test-gen-0001', ANTHROPIC_API_KEY: 'sk-ant-test-gen-0001' };

function bodyFor(spec: string, effort?: string) {
  const [kind, model] = spec.split(':') as ['openai' | 'anthropic', string];
  const use = planJudgeModel(bundledCatalogue(), kind, model, new Date('2026-12-01T00:00:00Z'), effort);
  const p = createProvider(spec, ENV, { entry: use.entry, effort: use.effort });
  return { body: p.buildRequest(PROMPT, DETECTION_SCHEMA, 1).body, samples: p.maxSamplesPerRequest };
}

describe('generation settings from the catalogue', () => {
  it.each<[string, string | undefined, Record<string, unknown>, string[], number]>([
    ['openai:gpt-6-luna', undefined, { reasoning_effort: 'low', max_completion_tokens: 16384 }, ['temperature', 'max_tokens'], 1],
    ['openai:gpt-6-luna', 'none', { reasoning_effort: 'none', temperature: 0.7 }, ['max_tokens'], 1],
    ['openai:gpt-6.2-sol', undefined, { reasoning_effort: 'low', max_completion_tokens: 16384 }, ['temperature'], 1],
    ['openai:gpt-6.2-sol', 'high', { reasoning_effort: 'high' }, ['temperature'], 1],
    ['openai:gpt-4.1-mini', undefined, { temperature: 0.7, max_completion_tokens: 4096 }, ['reasoning_effort'], 8],
    ['openai:gpt-6.3-nova', undefined, { reasoning_effort: 'low', max_completion_tokens: 16384 }, ['temperature'], 1],
  ])('%s (effort %s)', (spec, effort, present, absent, samples) => {
    const { body, samples: n } = bodyFor(spec, effort);
    expect(body).toMatchObject(present);
    for (const k of absent) expect(body).not.toHaveProperty(k);
    expect(n).toBe(samples);
  });

  it('anthropic:claude-sonnet-5-5: effort in output_config, room for adaptive thinking, no temperature', () => {
    const { body, samples } = bodyFor('anthropic:claude-sonnet-5-5');
    expect(body).toMatchObject({ max_tokens: 16384, output_config: { effort: 'low', format: { type: 'json_schema' } } });
    expect(body).not.toHaveProperty('temperature');
    expect(samples).toBe(1);
  });

  it('effort is part of the request body, so of the cache key', () => {
    expect(JSON.stringify(bodyFor('openai:gpt-6-luna', 'low').body)).not.toBe(JSON.stringify(bodyFor('openai:gpt-6-luna', 'medium').body));
  });
});

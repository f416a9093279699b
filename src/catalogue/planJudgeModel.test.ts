import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { bundledCatalogue, mergeCatalogue } from './loadCatalogue.ts';
import { planJudgeModel } from './planJudgeModel.ts';
import { daysUntil, lifecycle, resolveModel } from './resolveModel.ts';

const cat = bundledCatalogue();
const DEC_1 = new Date('2026-12-01T12:00:00Z');

describe('the bundled catalogue', () => {
  it('validates, is dated, and every entry names its source', () => {
    expect(cat.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(cat.models.length).toBeGreaterThan(20);
    for (const m of cat.models) expect(m.source).toMatch(/^https:\/\//);
  });

  it('its defaults are current, structured-output judges with a price', () => {
    for (const provider of ['openai', 'anthropic'] as const) {
      const m = resolveModel(cat, provider, cat.defaults[provider]);
      expect(m.catalogued).toBe(true);
      expect(lifecycle(m.entry, DEC_1).state).toBe('current');
      expect(m.entry.prices).not.toBeNull();
    }
  });

  it('lists ids once per provider', () => {
    const ids = cat.models.map((m) => `${m.provider}:${m.id}`);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('planJudgeModel', () => {
  it.each<[string, 'openai' | 'anthropic', string, RegExp]>([
    ['o4-mini was shut down on 2026-10-23', 'openai', 'o4-mini', /shut down on 2026-10-23.*--judge openai:gpt-5\.6-terra/],
    ['gpt-4.1-nano likewise', 'openai', 'gpt-4.1-nano', /shut down on 2026-10-23/],
    ['claude-sonnet-4-5 reached end of life on 2026-11-30', 'anthropic', 'claude-sonnet-4-5', /shut down on 2026-11-30.*claude-sonnet-5-5/],
  ])('refuses a shut-down model, naming the replacement: %s', (_n, provider, model, message) => {
    expect(() => planJudgeModel(cat, provider, model, DEC_1)).toThrow(InputError);
    expect(() => planJudgeModel(cat, provider, model, DEC_1)).toThrow(message);
  });

  it.each<[string, string, number | null]>([
    ['gpt-5 (2026-12-11)', 'gpt-5', 10],
    ['gpt-4.1-mini (2027-01-14)', 'gpt-4.1-mini', null],
    ['gpt-6-luna (no date)', 'gpt-6-luna', null],
  ])('warns within 30 days of a shutdown: %s', (_n, model, days) => {
    const plan = planJudgeModel(cat, 'openai', model, DEC_1);
    const warning = plan.warnings.find((w) => w.includes('shuts down'));
    if (days === null) expect(warning).toBeUndefined();
    else expect(warning).toContain(`in ${days} days`);
  });

  it('gpt-4.1-mini is refused once its day has come', () => {
    expect(() => planJudgeModel(cat, 'openai', 'gpt-4.1-mini', new Date('2027-01-14T00:00:00Z'))).toThrow(/gpt-6-luna/);
    expect(planJudgeModel(cat, 'openai', 'gpt-4.1-mini', new Date('2027-01-13T23:59:00Z')).warnings[0]).toContain('in 1 days');
  });

  it.each<[string, string, string]>([
    ['a gpt-6 model the catalogue does not list yet', 'gpt-6.3-nova', 'gpt-6 and later (reasoning)'],
    ['an o-series model', 'o9-preview', 'o-series (reasoning)'],
    ['a name of no known family', 'my-finetune', 'no known family (most conservative settings)'],
  ])('allows an unknown model with a warning and capabilities inferred by family: %s', (_n, model, family) => {
    const plan = planJudgeModel(cat, 'openai', model, DEC_1);
    expect(plan.catalogued).toBe(false);
    expect(plan.inferredFrom).toBe(family);
    expect(plan.warnings.join('\n')).toContain('not in the model catalogue');
    expect(plan.entry.temperature).toBe('rejected');
    expect(plan.entry.n).toBe(false);
  });

  it.each<[string, 'openai' | 'anthropic', string, string | undefined, string | null]>([
    ['the judging default where the model takes it', 'openai', 'gpt-6-luna', undefined, 'low'],
    ['--effort when the model takes it', 'openai', 'gpt-6.2-sol', 'high', 'high'],
    ['Anthropic output_config.effort', 'anthropic', 'claude-sonnet-5-5', undefined, 'low'],
    ['none on a model without effort', 'openai', 'gpt-4.1-mini', undefined, null],
  ])('effort: %s', (_n, provider, model, requested, effort) => {
    expect(planJudgeModel(cat, provider, model, DEC_1, requested).effort).toBe(effort);
  });

  it('refuses an effort the model does not take, listing its values', () => {
    expect(() => planJudgeModel(cat, 'openai', 'gpt-6.2-sol', DEC_1, 'none')).toThrow(/--effort none: openai:gpt-6\.2-sol takes low, medium, high, xhigh, max/);
  });

  it('--models entries replace the bundled ones and add new ones', () => {
    const merged = mergeCatalogue(cat, { models: [{ id: 'gpt-6-luna', provider: 'openai', reasoning: true, temperature: 'rejected', n: true, outputTokenParam: 'max_completion_tokens', outputBudget: 1000, source: 'https://example.test/x' }] }, 'models.json');
    expect(resolveModel(merged, 'openai', 'gpt-6-luna').entry.n).toBe(true);
    expect(merged.models.filter((m) => m.id === 'gpt-6-luna')).toHaveLength(1);
    expect(() => mergeCatalogue(cat, { models: [{ id: 'x' }] }, 'models.json')).toThrow(/not a model list \(models\.0\.provider/);
  });

  it.each([
    ['2026-12-11', 10],
    ['2026-12-01', 0],
    ['2026-11-30', -1],
  ])('daysUntil(%s) from 2026-12-01 = %i', (day, n) => {
    expect(daysUntil(day, DEC_1)).toBe(n);
  });
});

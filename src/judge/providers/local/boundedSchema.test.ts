import { describe, expect, it } from 'vitest';
import { AUDIT_SCHEMA } from '../../audit.ts';
import { auditOutputTokens, AUDIT_TOKENS_PER_FINDING } from '../../auditBudget.ts';
import { DETECTION_SCHEMA } from '../../detection.ts';
import { boundedSchema, CHARS_PER_TOKEN, withBounds, worstCaseChars } from './boundedSchema.ts';
import { LOCAL_OUTPUT_TOKENS } from './localRequest.ts';

describe('boundedSchema', () => {
  it.each([
    [DETECTION_SCHEMA.jsonSchema, 200],
    [DETECTION_SCHEMA.jsonSchema, 2048],
    [AUDIT_SCHEMA.jsonSchema, 2048],
    [AUDIT_SCHEMA.jsonSchema, 16384],
  ])('fits the longest allowed answer into the budget at CHARS_PER_TOKEN (%#)', (schema, budget) => {
    const b = boundedSchema(schema, budget)!;
    expect(b).not.toBeNull();
    expect(worstCaseChars(b.schema)).toBeLessThanOrEqual(budget * CHARS_PER_TOKEN);
  });

  it('at the default budget, lets a detection answer say what the prompt asks for (reasoning, one-to-three-sentence quotes)', () => {
    const { bounds } = boundedSchema(DETECTION_SCHEMA.jsonSchema, LOCAL_OUTPUT_TOKENS.budget)!;
    expect(bounds.strings.reasoning).toBeGreaterThanOrEqual(500);
    expect(bounds.strings.quote).toBeGreaterThanOrEqual(400);
    expect(bounds.items.evidence).toBeGreaterThanOrEqual(5);
  });

  it.each([0, 3, 12, 40])('lets an audit of %i finding candidates list them all, with sentence-long quotes and full ids', (candidates) => {
    const budget = auditOutputTokens(candidates, LOCAL_OUTPUT_TOKENS);
    const { bounds } = boundedSchema(AUDIT_SCHEMA.jsonSchema, budget)!;
    expect(bounds.items.findings).toBeGreaterThanOrEqual(candidates);
    expect(bounds.items.findings).toBe(Math.floor(budget / AUDIT_TOKENS_PER_FINDING));
    // The audit prompt asks for one sentence of quote and a reasoning of at most 25 words.
    expect(bounds.strings.quote).toBeGreaterThanOrEqual(120);
    expect(bounds.strings.reasoning).toBeGreaterThanOrEqual(150);
    expect(bounds.strings.bonus_id).toBe(8);
    expect(bounds.strings.matches).toBe(8);
    expect(bounds.items.matches).toBe(3);
  });

  it('gives a larger budget longer strings', () => {
    expect(boundedSchema(DETECTION_SCHEMA.jsonSchema, 4096)!.bounds.strings.reasoning).toBeGreaterThan(boundedSchema(DETECTION_SCHEMA.jsonSchema, 200)!.bounds.strings.reasoning!);
  });

  it('returns null when not even the smallest bounds fit', () => {
    expect(boundedSchema(DETECTION_SCHEMA.jsonSchema, 10)).toBeNull();
  });

  it('bounds every string and array by its field name, not enums, and keeps tighter bounds', () => {
    const s = withBounds(
      { type: 'object', properties: { a: { type: 'string', maxLength: 3 }, b: { type: 'array', items: { type: 'string' } }, c: { type: 'string', enum: ['x'] }, d: { anyOf: [{ type: 'string' }, { type: 'null' }] } } },
      { strings: { a: 10, b: 7, d: 5 }, items: { b: 2 } },
    ) as { properties: Record<string, Record<string, unknown>> };
    expect(s.properties.a!.maxLength).toBe(3);
    expect(s.properties.b!.maxItems).toBe(2);
    expect((s.properties.b!.items as Record<string, unknown>).maxLength).toBe(7);
    expect(s.properties.c!.maxLength).toBeUndefined();
    expect((s.properties.d!.anyOf as Array<Record<string, unknown>>)[0]!.maxLength).toBe(5);
  });
});

import { describe, expect, it } from 'vitest';
import { AUDIT_SCHEMA } from '../../audit.ts';
import { DETECTION_SCHEMA } from '../../detection.ts';
import { boundedSchema, withBounds, worstCaseChars } from './boundedSchema.ts';

describe('boundedSchema', () => {
  it.each([
    [DETECTION_SCHEMA.jsonSchema, 200],
    [DETECTION_SCHEMA.jsonSchema, 2048],
    [AUDIT_SCHEMA.jsonSchema, 2048],
    [AUDIT_SCHEMA.jsonSchema, 16384],
  ])('fits the longest allowed answer into the budget (%#)', (schema, budget) => {
    const b = boundedSchema(schema, budget)!;
    expect(b).not.toBeNull();
    expect(worstCaseChars(b.schema, Infinity, Infinity)).toBeLessThanOrEqual(budget);
  });

  it('gives a larger budget longer strings', () => {
    expect(boundedSchema(DETECTION_SCHEMA.jsonSchema, 4096)!.maxLength).toBeGreaterThan(boundedSchema(DETECTION_SCHEMA.jsonSchema, 200)!.maxLength);
  });

  it('returns null when not even the smallest bounds fit', () => {
    expect(boundedSchema(DETECTION_SCHEMA.jsonSchema, 10)).toBeNull();
  });

  it('bounds every string and array, not enums, and keeps tighter bounds', () => {
    const s = withBounds({ type: 'object', properties: { a: { type: 'string', maxLength: 3 }, b: { type: 'array', items: { type: 'string' } }, c: { type: 'string', enum: ['x'] }, d: { anyOf: [{ type: 'string' }, { type: 'null' }] } } }, 10, 2) as { properties: Record<string, Record<string, unknown>> };
    expect(s.properties.a!.maxLength).toBe(3);
    expect(s.properties.b!.maxItems).toBe(2);
    expect((s.properties.b!.items as Record<string, unknown>).maxLength).toBe(10);
    expect(s.properties.c!.maxLength).toBeUndefined();
    expect((s.properties.d!.anyOf as Array<Record<string, unknown>>)[0]!.maxLength).toBe(10);
  });
});

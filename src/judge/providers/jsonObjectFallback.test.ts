import { describe, expect, it } from 'vitest';
import { isJsonSchemaRejection, jsonObjectBody, schemaInstruction } from './jsonObjectFallback.ts';

describe('isJsonSchemaRejection', () => {
  it.each<[number | undefined, string, boolean]>([
    [400, 'Either "json_schema" or "grammar" can be specified, but not both', true],
    [400, 'response_format type must be one of "text" or "json_object"', true],
    [400, '"json_schema": unsupported keyword "pattern"', true],
    [500, 'response_format type must be one of "text" or "json_object"', true],
    [400, 'model "llama3.1" not found, try pulling it first', false],
    [500, 'failed to compile grammar', false],
    [404, 'json_schema', false],
    [undefined, 'response_format', false],
  ])('HTTP %s "%s" → %s', (status, message, expected) => {
    expect(isJsonSchemaRejection(status, message)).toBe(expected);
  });
});

describe('jsonObjectBody', () => {
  const schema = { type: 'object', properties: { verdict: { type: 'string' } }, required: ['verdict'], additionalProperties: false };
  const planned = {
    model: 'llama3.1',
    messages: [{ role: 'system', content: 'Judge it.' }, { role: 'user', content: 'review' }],
    response_format: { type: 'json_schema', json_schema: { name: 'verdict', strict: true, schema } },
    max_tokens: 4096,
  };

  it('asks json_object and appends the schema to the system message; the rest untouched', () => {
    expect(jsonObjectBody(planned)).toEqual({
      model: 'llama3.1',
      messages: [{ role: 'system', content: `Judge it.${schemaInstruction(schema)}` }, { role: 'user', content: 'review' }],
      response_format: { type: 'json_object' },
      max_tokens: 4096,
    });
    expect(schemaInstruction(schema)).toContain('one JSON object');
    expect(schemaInstruction(schema)).toContain(JSON.stringify(schema));
  });

  it('does not change the planned body (its cache key must stay)', () => {
    const before = JSON.stringify(planned);
    jsonObjectBody(planned);
    expect(JSON.stringify(planned)).toBe(before);
  });

  it('adds a system message when there is none', () => {
    const out = jsonObjectBody({ ...planned, messages: [{ role: 'user', content: 'review' }] });
    expect((out.messages as Array<{ role: string }>).map((m) => m.role)).toEqual(['system', 'user']);
  });
});

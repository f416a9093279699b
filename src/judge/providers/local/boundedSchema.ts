/**
 * Bounds for the grammar of a local judge: every string gets a maxLength and every array a maxItems,
 * so a grammar-constrained answer ends by itself (a random model without bounds ran into the token
 * limit) and what the judge may say is sized per field: a reasoning of a few hundred characters, a
 * quote of a sentence or more, short locations and ids, and as many audit findings as the audit's
 * budget pays for (AUDIT_TOKENS_PER_FINDING each: at least the review's finding candidates).
 *
 * The budget is in tokens, the grammar counts characters: the estimate takes CHARS_PER_TOKEN
 * characters per token (real vocabularies take ~4 for English prose). An answer that is longer in
 * tokens (many escapes: node-llama-cpp's string grammar allows `\uXXXX`, 6 characters for one; text
 * tokenized character by character) hits the limit and is asked again with a doubled budget, which
 * collectVotes counts and shows; it is never cut silently.
 */
import { AUDIT_TOKENS_PER_FINDING } from '../../auditBudget.ts';

type Schema = Record<string, unknown>;

/** Characters per token the estimate assumes (see above). */
export const CHARS_PER_TOKEN = 3;

/** Most characters a string field may hold at full scale, by property name. */
const STRING_CAPS: Readonly<Record<string, number>> = { reasoning: 600, quote: 500, location: 80 };
/** Ids (answer-key P01, bonus-table B01) and how many a finding may match: never scaled down, a cut id is a wrong one. */
const ID_CAPS: Readonly<Record<string, number>> = { bonus_id: 8, matches: 8 };
const FIXED_ITEM_CAPS: Readonly<Record<string, number>> = { matches: 3 };
const DEFAULT_STRING_CAP = 300;

/** Most items an array may hold at full scale, by property name (`findings`: from the budget). */
const ITEM_CAPS: Readonly<Record<string, number>> = { evidence: 6 };
const DEFAULT_ITEM_CAP = 8;

/** Scales tried in order; the first whose estimate fits the budget is used. */
const SCALES = [1, 0.8, 0.65, 0.5, 0.4, 0.3, 0.25, 0.2, 0.15, 0.1, 0.06, 0.03, 0.01, 0];

/** Characters of JSON punctuation and whitespace the grammar may add around one value. */
const SLACK = 4;

/** The bounds chosen, by property name (as recorded in a local request body). */
export interface Bounds {
  scale: number;
  charsPerToken: number;
  /** maxLength of each string field. */
  strings: Record<string, number>;
  /** maxItems of each array field. */
  items: Record<string, number>;
}

/** Pure: the bounds of every string and array field of `schema` at `scale`, for an answer budget of `budget` tokens. */
export function boundsAt(schema: Schema, scale: number, budget: number): Bounds {
  const b: Bounds = { scale, charsPerToken: CHARS_PER_TOKEN, strings: {}, items: {} };
  const visit = (s: Schema, name: string): void => {
    if (Array.isArray(s.anyOf)) return (s.anyOf as Schema[]).forEach((x) => visit(x, name));
    const types = Array.isArray(s.type) ? s.type : [s.type];
    if (types.includes('string') && !Array.isArray(s.enum)) b.strings[name] = ID_CAPS[name] ?? Math.max(1, Math.floor((STRING_CAPS[name] ?? DEFAULT_STRING_CAP) * scale));
    if (types.includes('array')) {
      b.items[name] = name === 'findings' ? Math.max(1, Math.floor(budget / AUDIT_TOKENS_PER_FINDING)) : FIXED_ITEM_CAPS[name] ?? Math.max(1, Math.ceil((ITEM_CAPS[name] ?? DEFAULT_ITEM_CAP) * scale));
      if (s.items && typeof s.items === 'object') visit(s.items as Schema, name);
    }
    for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) visit(v, k);
  };
  visit(schema, '');
  return b;
}

/** Pure: the most characters an answer to `schema` may take (strings counted unescaped, see above). */
export function worstCaseChars(schema: Schema): number {
  if (Array.isArray(schema.enum)) return Math.max(...schema.enum.map((v) => JSON.stringify(v).length)) + SLACK;
  if (Array.isArray(schema.anyOf)) return Math.max(...(schema.anyOf as Schema[]).map((s) => worstCaseChars(s)));
  const type = schema.type;
  if (Array.isArray(type)) return Math.max(...type.map((t) => worstCaseChars({ ...schema, type: t })));
  switch (type) {
    case 'string':
      return (typeof schema.maxLength === 'number' ? schema.maxLength : Infinity) + 2 + SLACK;
    case 'array':
      return 2 + SLACK + (typeof schema.maxItems === 'number' ? schema.maxItems : Infinity) * (worstCaseChars((schema.items ?? {}) as Schema) + 1);
    case 'object': {
      const props = Object.entries((schema.properties ?? {}) as Record<string, Schema>);
      return 2 + SLACK + props.reduce((sum, [k, s]) => sum + JSON.stringify(k).length + 2 + worstCaseChars(s), 0);
    }
    case 'null':
      return 4 + SLACK;
    case 'boolean':
      return 5 + SLACK;
    default:
      return 24 + SLACK;
  }
}

/** Pure: `schema` with the bounds added by property name (existing tighter bounds kept). */
export function withBounds(schema: Schema, bounds: Pick<Bounds, 'strings' | 'items'>, name = ''): Schema {
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'properties' && v && typeof v === 'object') out[k] = Object.fromEntries(Object.entries(v as Record<string, Schema>).map(([p, s]) => [p, withBounds(s, bounds, p)]));
    else if ((k === 'items' || k === 'additionalProperties') && v && typeof v === 'object') out[k] = withBounds(v as Schema, bounds, name);
    else if ((k === 'anyOf' || k === 'oneOf') && Array.isArray(v)) out[k] = v.map((s: Schema) => withBounds(s, bounds, name));
    else out[k] = v;
  }
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const len = bounds.strings[name] ?? DEFAULT_STRING_CAP;
  const items = bounds.items[name] ?? DEFAULT_ITEM_CAP;
  if (types.includes('string') && !Array.isArray(schema.enum)) out.maxLength = Math.min(len, typeof schema.maxLength === 'number' ? schema.maxLength : Infinity);
  if (types.includes('array')) out.maxItems = Math.min(items, typeof schema.maxItems === 'number' ? schema.maxItems : Infinity);
  return out;
}

/** Pure: the schema bounded to fit `budget` output tokens at CHARS_PER_TOKEN, and the bounds chosen (null: even the smallest do not fit). */
export function boundedSchema(schema: Schema, budget: number): { schema: Schema; bounds: Bounds } | null {
  for (const scale of SCALES) {
    const bounds = boundsAt(schema, scale, budget);
    const bounded = withBounds(schema, bounds);
    if (worstCaseChars(bounded) <= budget * CHARS_PER_TOKEN) return { schema: bounded, bounds };
  }
  return null;
}

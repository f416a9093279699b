import { z } from 'zod';
import { InputError } from '../errors.ts';
import { DEFAULT_RUBRIC, Rubric } from '../types/Rubric.ts';

type Plain = Record<string, unknown>;

/** True for a JSON object (not an array, not null). */
function isPlain(x: unknown): x is Plain {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Deep merge of a JSON override onto a base: objects merge key by key, anything else replaces. */
function deepMerge(base: Plain, override: Plain): Plain {
  const out: Plain = { ...base };
  for (const [k, v] of Object.entries(override)) {
    const b = base[k];
    out[k] = isPlain(b) && isPlain(v) ? deepMerge(b, v) : v;
  }
  return out;
}

/** The rubric plus the orderings its bands need (the band rules are meaningless otherwise). */
const CheckedRubric = Rubric.superRefine((r, ctx) => {
  if (r.stability.high > r.stability.medium) {
    ctx.addIssue({ code: 'custom', path: ['stability', 'high'], message: `must be ≤ stability.medium (${r.stability.medium}), got ${r.stability.high}` });
  }
  if (r.recommendation.minor > r.recommendation.clear) {
    ctx.addIssue({ code: 'custom', path: ['recommendation', 'minor'], message: `must be ≤ recommendation.clear (${r.recommendation.clear}), got ${r.recommendation.minor}` });
  }
});

/** One zod issue as `field: message`, with the unknown key named for a typo'd field. */
function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => (field ? `${field}.${k}` : k));
    return `unknown field${keys.length > 1 ? 's' : ''} ${keys.join(', ')}`;
  }
  return `${field || '(root)'}: ${issue.message}`;
}

/**
 * Parses a `--rubric` override (JSON already read by the CLI) into a full Rubric.
 *
 * The override is deep-merged onto DEFAULT_RUBRIC and the result validated. A bad override throws InputError naming `file` and the field.
 */
export function parseRubricOverride(json: unknown, file: string): Rubric {
  if (!isPlain(json)) {
    const got = Array.isArray(json) ? 'an array' : json === null ? 'null' : typeof json;
    throw new InputError(`rubric override must be a JSON object, got ${got}`, file);
  }
  const result = CheckedRubric.safeParse(deepMerge(DEFAULT_RUBRIC as Plain, json));
  if (!result.success) {
    throw new InputError(`bad rubric override: ${result.error.issues.map(describeIssue).join('; ')}`, file, undefined, { cause: result.error });
  }
  return result.data;
}

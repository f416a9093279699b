import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { InputError } from '../errors.ts';
import { ModelCatalogue, ModelEntry } from '../types/ModelCatalogue.ts';

/** The catalogue shipped with the tool. */
export const BUNDLED_CATALOGUE = fileURLToPath(new URL('../../models/catalogue.json', import.meta.url));

/** A `--models FILE`: entries to add or replace (by id), and optionally new defaults. */
const CatalogueOverride = z.strictObject({
  date: z.string().optional(),
  defaults: z.strictObject({ openai: z.string().optional(), anthropic: z.string().optional() }).optional(),
  judgingEffort: z.string().optional(),
  models: z.array(ModelEntry).default([]),
});

/** Validates a catalogue; a bad one is an InputError naming the field. */
export function parseCatalogue(json: unknown, file: string): ModelCatalogue {
  const parsed = ModelCatalogue.safeParse(json);
  if (!parsed.success) throw new InputError(`not a model catalogue (${issueText(parsed.error)})`, file);
  return parsed.data;
}

/** The bundled catalogue (read and validated once per process). */
let bundled: ModelCatalogue | undefined;
export function bundledCatalogue(): ModelCatalogue {
  return (bundled ??= parseCatalogue(JSON.parse(readFileSync(BUNDLED_CATALOGUE, 'utf8')), BUNDLED_CATALOGUE));
}

/** Merges a `--models` file's JSON onto a catalogue: its entries replace those with the same id. */
export function mergeCatalogue(base: ModelCatalogue, json: unknown, file: string): ModelCatalogue {
  const parsed = CatalogueOverride.safeParse(json);
  if (!parsed.success) throw new InputError(`not a model list (${issueText(parsed.error)}); expected { "models": [ { "id", "provider", ... } ] } as in models/catalogue.json`, file);
  const o = parsed.data;
  const ids = new Set(o.models.map((m) => m.id));
  return {
    ...base,
    date: o.date ?? base.date,
    defaults: { ...base.defaults, ...Object.fromEntries(Object.entries(o.defaults ?? {}).filter(([, v]) => v)) },
    judgingEffort: o.judgingEffort ?? base.judgingEffort,
    models: [...o.models, ...base.models.filter((m) => !ids.has(m.id))],
  };
}

function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue?.path.join('.') || '(top)'}: ${issue?.message ?? 'invalid'}`;
}

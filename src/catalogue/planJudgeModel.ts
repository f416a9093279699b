import { InputError } from '../errors.ts';
import type { ModelCatalogue, ModelEntry } from '../types/ModelCatalogue.ts';
import { lifecycle, resolveModel } from './resolveModel.ts';

/** How a judge's model is used: its entry, the effort sent, and what the user must be told. */
export interface JudgeModelPlan {
  entry: ModelEntry;
  catalogued: boolean;
  inferredFrom?: string;
  /** Reasoning effort sent (null: the model takes none). */
  effort: string | null;
  warnings: string[];
}

/**
 * Checks a hosted judge's model against the catalogue before any request: a model past its shutdown
 * date is refused (naming its replacement), one within 30 days of it is a warning, an unknown one is
 * allowed with capabilities inferred by family (a warning says which). The effort is `--effort`
 * when given (checked against the model's values), else the catalogue's judging effort where the
 * model takes it, else the model's own default.
 */
export function planJudgeModel(catalogue: ModelCatalogue, provider: 'openai' | 'anthropic', model: string, today: Date, requestedEffort?: string): JudgeModelPlan {
  const info = resolveModel(catalogue, provider, model);
  const e = info.entry;
  const judge = `${provider}:${model}`;
  const warnings: string[] = [];
  const life = lifecycle(e, today);
  const instead = e.replacement ? ` use --judge ${provider}:${e.replacement}` : ' choose a current model (review-judge models)';
  if (life.state === 'shut-down') throw new InputError(`judge ${judge}: the model was shut down on ${e.shutdown} (requests fail with 404);${instead}`);
  if (life.state === 'ending') warnings.push(`judge ${judge} shuts down on ${e.shutdown} (in ${life.days} days);${instead} before then`);
  if (!info.catalogued) warnings.push(`judge ${judge} is not in the model catalogue (dated ${catalogue.date}); settings inferred from its family: ${info.inferredFrom} (add it with --models FILE to be exact)`);
  let effort: string | null = null;
  if (e.effort) {
    if (requestedEffort !== undefined) {
      if (!e.effort.values.includes(requestedEffort)) throw new InputError(`--effort ${requestedEffort}: ${judge} takes ${e.effort.values.join(', ')}`);
      effort = requestedEffort;
    } else effort = e.effort.values.includes(catalogue.judgingEffort) ? catalogue.judgingEffort : (e.effort.default ?? e.effort.values[0]!);
  } else if (requestedEffort !== undefined) {
    warnings.push(`--effort ${requestedEffort} is not sent to ${judge}: the model takes no reasoning effort`);
  }
  return { entry: e, catalogued: info.catalogued, ...(info.inferredFrom ? { inferredFrom: info.inferredFrom } : {}), effort, warnings };
}

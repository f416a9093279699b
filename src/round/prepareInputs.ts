import { parseAnswerKey } from '../answer-key/parseAnswerKey.ts';
import { parsePerspective } from '../perspective/parsePerspective.ts';
import type { Edges } from '../types/Edges.ts';
import type { InputSpec, PreparedInputs } from '../types/Inputs.ts';
import { loadAdHoc, loadRound } from './loadInputs.ts';

/** Loads and parses everything a plan or a score needs; refused reviews and key warnings are notices, not fatal. */
export async function prepareInputs(spec: InputSpec, edges: Pick<Edges, 'cwd' | 'stderr'>): Promise<PreparedInputs> {
  const opts = { cwd: edges.cwd, maxReviewBytes: spec.maxReviewBytes, prompts: spec.prompts };
  const inputs = spec.kind === 'round' ? await loadRound(spec.dir, spec.round, opts) : await loadAdHoc(spec.key, spec.reviews, spec.perspective, opts);
  const key = parseAnswerKey(inputs.key.text, inputs.key.path);
  const perspective = inputs.perspective ? parsePerspective(inputs.perspective.text, inputs.perspective.path) : null;
  for (const w of key.warnings) edges.stderr(`${inputs.key.path}:${w.line}: warning: ${w.message}\n`);
  for (const r of inputs.refused) edges.stderr(`${r.path}: refused: ${r.reason}\n`);
  for (const name of spec.prompts) {
    if (!inputs.reviews.some((r) => r.prompt === name)) edges.stderr(`warning: --prompt ${name} matches no review\n`);
  }
  return { inputs, key, perspective };
}

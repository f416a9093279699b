import type { AnswerKey } from '../answer-key/AnswerKey.ts';
import { parseAnswerKey } from '../answer-key/parseAnswerKey.ts';
import { parsePerspective } from '../perspective/parsePerspective.ts';
import type { Perspective } from '../perspective/Perspective.ts';
import type { RoundInputs } from '../round/loadInputs.ts';
import { planUnits } from '../round/planUnits.ts';
import { EXIT, type CliIO } from './CliIO.ts';
import { resolveInputs, type InputFlags } from './resolveInputs.ts';

/** Parsed inputs of a job: files read, key and perspective parsed. */
export interface PreparedInputs {
  inputs: RoundInputs;
  key: AnswerKey;
  perspective: Perspective | null;
}

/** Loads and parses everything a plan or a score needs; refused reviews are printed, not fatal. */
export async function prepareInputs(roundDir: string | undefined, flags: InputFlags, io: CliIO): Promise<PreparedInputs> {
  const inputs = await resolveInputs(roundDir, flags, io.cwd);
  const key = parseAnswerKey(inputs.key.text, inputs.key.path);
  const perspective = inputs.perspective ? parsePerspective(inputs.perspective.text, inputs.perspective.path) : null;
  for (const w of key.warnings) io.stderr(`${inputs.key.path}:${w.line}: warning: ${w.message}\n`);
  for (const r of inputs.refused) io.stderr(`${r.path}: refused: ${r.reason}\n`);
  for (const name of flags.prompt ?? []) {
    if (!inputs.reviews.some((r) => r.prompt === name)) io.stderr(`warning: --prompt ${name} matches no review\n`);
  }
  return { inputs, key, perspective };
}

/** `review-judge plan`: show what would be judged. */
export async function planCommand(roundDir: string | undefined, flags: InputFlags & { json?: boolean }, io: CliIO): Promise<number> {
  const { inputs, key, perspective } = await prepareInputs(roundDir, flags, io);
  const units = planUnits(key, inputs.reviews);
  const plan = {
    round: inputs.round,
    key: {
      path: inputs.key.path,
      sha256: inputs.key.sha256,
      title: key.title,
      problems: key.problems.map((p) => p.id),
      bonuses: key.bonuses.map((b) => b.id),
      warnings: key.warnings.length,
    },
    perspective: inputs.perspective && perspective
      ? { path: inputs.perspective.path, sha256: inputs.perspective.sha256, title: perspective.title }
      : null,
    reviews: inputs.reviews.map(({ prompt, run, path, sha256, size }) => ({ prompt, run, path, sha256, size })),
    refused: inputs.refused,
    units: units.map((u) => ({ review: { prompt: u.review.prompt, run: u.review.run, path: u.review.path }, unit: u.unit })),
  };
  if (flags.json) {
    io.stdout(JSON.stringify(plan, null, 2) + '\n');
    return EXIT.ok;
  }
  const out = [
    `answer key: ${plan.key.path}  (${key.title}; ${key.problems.length} problems, ${key.bonuses.length} ${key.bonuses.length === 1 ? 'bonus' : 'bonuses'})`,
    `perspective: ${plan.perspective ? `${plan.perspective.path}  (${plan.perspective.title})` : '-'}`,
    `reviews: ${plan.reviews.length}${plan.refused.length ? `  (refused: ${plan.refused.length})` : ''}`,
    ...plan.reviews.map((r) => `  ${r.prompt} run ${r.run}  ${r.path}  ${r.size} B  sha256 ${r.sha256.slice(0, 12)}`),
    `units: ${units.length}  (${key.problems.length} problems + 1 audit per review)`,
  ];
  io.stdout(out.join('\n') + '\n');
  return EXIT.ok;
}

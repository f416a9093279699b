import { planUnits } from '../round/planUnits.ts';
import { prepareInputs } from '../round/prepareInputs.ts';
import { unitId } from '../types/Unit.ts';
import { EXIT, type CliIO } from './CliIO.ts';
import { inputSpec, type InputFlags } from './resolveInputs.ts';

/** `review-judge plan`: show what would be judged. */
export async function planCommand(roundDir: string | undefined, flags: InputFlags & { json?: boolean }, io: CliIO): Promise<number> {
  const { inputs, key, perspective } = await prepareInputs(inputSpec(roundDir, flags), io);
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
    units: units.map((u) => ({ review: { prompt: u.review.prompt, run: u.review.run, path: u.review.path }, unit: unitId(u) })),
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

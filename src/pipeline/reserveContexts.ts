/**
 * Before a job sends anything, tells each judge that wants it (`Provider.reserve`: local judges) every
 * request the rounds plan, so a local judge sizes its context once, for the longest prompt and output
 * budget, instead of remaking it (and dropping its KV cache) when a longer prompt comes. Prompts are
 * rendered one at a time and not kept; API judges are not asked, so their jobs render nothing here.
 */
import { planUnits } from '../round/planUnits.ts';
import { requestShapeFor } from '../judge/unitTasks.ts';
import type { PreparedInputs } from '../types/Inputs.ts';
import type { ScoreJob } from './ScoreJob.ts';

/** Hands every planned request of `rounds` to the judges with a `reserve` hook. */
export function reserveContexts(rounds: readonly PreparedInputs[], job: Pick<ScoreJob, 'judges' | 'settings' | 'templates'>): void {
  const judges = job.judges.filter((j) => j.reserve);
  if (!judges.length) return;
  for (const p of rounds) {
    const ctx = { key: p.key, perspectiveRaw: p.perspective?.raw ?? null, templates: job.templates };
    for (const unit of planUnits(p.key, p.inputs.reviews, job.settings.only, job.settings.audit)) {
      const shape = requestShapeFor(unit, ctx);
      for (const j of judges) {
        // The same budget planVotes asks of this judge.
        const budget = j.outputTokens && shape.outputTokens ? Math.min(j.outputTokens.max, shape.outputTokens(j.outputTokens)) : undefined;
        j.reserve!(j.buildRequest(shape.prompt, shape.schema, 1, budget));
      }
    }
  }
}

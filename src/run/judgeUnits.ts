import { collectVotes, type CollectDeps } from '../judge/collectVotes.ts';
import { indexReview, type ReviewIndex } from '../judge/reviewIndex.ts';
import { planVotes } from '../judge/planVotes.ts';
import type { PriorityLimit } from '../judge/PriorityLimit.ts';
import { aggregateResult, prefixGroup, reviewRef, taskFor, unitPriority, type UnitContext, type UnitResult } from '../judge/unitTasks.ts';
import type { Provider } from '../types/Provider.ts';
import type { Review } from '../types/Review.ts';
import { unitId, type Unit } from '../types/Unit.ts';
import type { CollectedVote } from '../types/Vote.ts';

/** One unit to judge, under the run's salt unless it carries its own (`--only` draws fresh votes for its units). */
export interface UnitJob {
  unit: Unit;
  salt?: string;
}

/** A unit's votes and result. */
export interface UnitOutcome {
  job: UnitJob;
  collected: CollectedVote<unknown>[];
  result: UnitResult;
}

/** Settings that shape every unit's votes. */
export interface JudgeSettings extends UnitContext {
  votes: number;
  salt: string;
  offline: boolean;
}

/** What judging needs from outside: the vote engine's edges plus the job-wide unit limit. */
export interface JudgeUnitsDeps extends Omit<CollectDeps, 'offline'> {
  /**
   * Units being rendered and judged at once, shared by every round of a job and taken longest
   * first: prompts (each holding a copy of its review) are rendered only shortly before their
   * requests, which keeps memory flat on big runs.
   */
  units: PriorityLimit;
  onUnitDone?: (o: UnitOutcome) => void;
  /** Ctrl-C: units not started yet are left out (not planned, not rendered, no outcome). */
  signal?: AbortSignal;
}

/** A review's first unit outranks every other unit: its first request fills the provider's prompt cache for the rest. */
const FIRST_UNIT_BOOST = 1e9;

/**
 * Judges every job, detection and audit alike, through one engine, cache and queue. A review's
 * first unit goes ahead; its other units enter the (job-wide) unit limit only once it has finished,
 * so they never hold a unit slot while waiting for the review's prompt cache to be filled, and the
 * slots serve other reviews meanwhile. After an abort the units not started yet are dropped, so the
 * result then holds only the units that ran.
 */
export async function judgeUnits(jobs: UnitJob[], judges: Provider[], settings: JudgeSettings, deps: JudgeUnitsDeps): Promise<UnitOutcome[]> {
  const indexes = new Map<Review, ReviewIndex>();
  const indexFor = (r: Review) => indexes.get(r) ?? indexes.set(r, indexReview(r.text)).get(r)!;
  // A review's index (its folded text) is dropped with the review's last unit: a nightly does not hold every review's at once.
  const unitsLeft = new Map<Review, number>();
  for (const j of jobs) unitsLeft.set(j.unit.review, (unitsLeft.get(j.unit.review) ?? 0) + 1);
  const total = settings.votes * judges.length;
  const firstDone = new Map<Review, Promise<void>>();
  const signal = deps.signal;
  const aborted = signal ? new Promise<void>((r) => (signal.aborted ? r() : signal.addEventListener('abort', () => r(), { once: true }))) : null;
  const outcomes = await Promise.all(
    jobs.map(async (job) => {
      const review = job.unit.review;
      const gate = firstDone.get(review);
      let open: (() => void) | undefined;
      if (!gate) firstDone.set(review, new Promise<void>((r) => (open = r)));
      else await (aborted ? Promise.race([gate, aborted]) : gate);
      try {
        return await judgeOne(job, open ? FIRST_UNIT_BOOST : 0);
      } finally {
        open?.();
      }
    }),
  );
  return outcomes.filter((o): o is UnitOutcome => o !== null);

  function judgeOne(job: UnitJob, boost: number): Promise<UnitOutcome | null> {
    // Weighed by the review it renders: the job's unit limit bounds the prompt text in memory.
    return deps.units.run(async () => {
      if (signal?.aborted) return null;
      const { unit } = job;
      const index = indexFor(unit.review);
      const plan = planVotes(taskFor(unit, settings, index), judges, settings.votes, job.salt ?? settings.salt, prefixGroup(unit.review));
      const collected = await collectVotes(plan, { ...deps, offline: settings.offline });
      const result = aggregateResult(unit.kind, reviewRef(unit.review), unitId(unit), collected, total, settings, index);
      const outcome: UnitOutcome = { job, collected, result };
      // The review's last unit: its quote index (the folded review) is not needed any more.
      const left = unitsLeft.get(unit.review)! - 1;
      if (left) unitsLeft.set(unit.review, left);
      else indexes.delete(unit.review);
      deps.onUnitDone?.(outcome);
      return outcome;
    }, unitPriority(job.unit) + boost, signal, job.unit.review.text.length);
  }
}

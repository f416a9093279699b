import pLimit from 'p-limit';
import type { Problem } from '../answer-key/AnswerKey.ts';
import { aggregateUnit } from '../judge/aggregateUnit.ts';
import { collectVotes, type CollectDeps, type CollectedVote, type JudgeTask } from '../judge/collectVotes.ts';
import { DETECTION_SCHEMA, DetectionOutput, detectionValues, VERDICT_SYMBOL } from '../judge/detection.ts';
import { applyEvidencePolicy, createQuoteIndex, type EvidencePolicy, type QuoteIndex } from '../judge/evidence.ts';
import type { Provider } from '../judge/Provider.ts';
import { renderPrompt, type PromptTemplate } from '../prompts/PromptTemplate.ts';
import type { Review } from '../round/Review.ts';
import type { UnitVerdict } from './Verdicts.ts';

/** One detection unit to resolve: judged (network allowed) or only read back from the cache. */
export interface UnitJob {
  review: Review;
  problem: Problem;
  /** `cache-only` for units outside `--only`: reused, never paid for again. */
  mode: 'judge' | 'cache-only';
}

/** A unit's votes and verdict; `missing` when a cache-only unit was not fully cached. */
export interface UnitOutcome {
  job: UnitJob;
  collected: CollectedVote<DetectionOutput>[];
  verdict: UnitVerdict;
  missing: boolean;
}

/** Settings that shape every unit's votes. */
export interface JudgeSettings {
  votes: number;
  policy: EvidencePolicy;
  template: PromptTemplate;
  salt: string;
  offline: boolean;
}

/** Reference of a review as verdicts.json spells it. */
export function reviewRef(r: Review) {
  return { prompt: r.prompt, run: r.run, path: r.path, sha256: r.sha256 };
}

/**
 * Judges every job with bounded parallelism: units in flight are capped so that prompts (each holding a
 * copy of its review) are rendered only shortly before their requests, keeping memory flat on big runs.
 */
export async function judgeUnits(
  jobs: UnitJob[],
  judges: Provider[],
  settings: JudgeSettings,
  deps: Omit<CollectDeps, 'salt' | 'offline'> & { unitsInFlight: number; onUnitDone?: (o: UnitOutcome) => void },
): Promise<UnitOutcome[]> {
  const indexes = new Map<Review, QuoteIndex>();
  const indexFor = (r: Review) => indexes.get(r) ?? indexes.set(r, createQuoteIndex(r.text)).get(r)!;
  const unitLimit = pLimit(Math.max(1, deps.unitsInFlight));
  const total = settings.votes * judges.length;
  return Promise.all(
    jobs.map((job) =>
      unitLimit(async () => {
        const index = indexFor(job.review);
        const task = detectionTask(job, settings, index);
        const cacheOnly = job.mode === 'cache-only';
        const collected = await collectVotes(task, judges, settings.votes, {
          ...deps,
          salt: cacheOnly ? '' : settings.salt,
          offline: cacheOnly || settings.offline,
        });
        const verdict = aggregateUnit(reviewRef(job.review), job.problem.id, collected, total, index, settings.policy);
        const missing = cacheOnly && collected.some((c) => c.status === 'failed' && c.kind === 'cache-miss');
        const outcome: UnitOutcome = { job, collected, verdict, missing };
        deps.onUnitDone?.(outcome);
        return outcome;
      }),
    ),
  );
}

/** The judge task of one detection unit: prompt, schema, and how an answer counts after the quote check. */
export function detectionTask(job: UnitJob, settings: JudgeSettings, index: QuoteIndex): JudgeTask<DetectionOutput> {
  return {
    prompt: renderPrompt(settings.template, detectionValues(job.problem, job.review.text)),
    schema: DETECTION_SCHEMA,
    output: DetectionOutput,
    countsAs: (o) =>
      applyEvidencePolicy({ verdict: VERDICT_SYMBOL[o.verdict], evidence: o.evidence }, index, settings.policy).effectiveVerdict,
  };
}

import pLimit from 'p-limit';
import type { AnswerKey } from '../answer-key/AnswerKey.ts';
import { aggregateAudit } from '../judge/aggregateAudit.ts';
import { AUDIT_SCHEMA, AuditOutput, auditValues } from '../judge/audit.ts';
import { collectVotes, type CollectDeps, type CollectedVote, type JudgeTask } from '../judge/collectVotes.ts';
import { createQuoteIndex } from '../judge/evidence.ts';
import type { Provider } from '../judge/Provider.ts';
import { renderPrompt, type PromptTemplate } from '../prompts/PromptTemplate.ts';
import type { Review } from '../round/Review.ts';
import { reviewRef } from './judgeUnits.ts';
import type { AuditVerdict } from './Verdicts.ts';

/** One review's bonus/penalty audit to resolve. */
export interface AuditJob {
  review: Review;
  mode: 'judge' | 'cache-only';
}

/** An audit's votes and result; `missing` when a cache-only audit was not fully cached. */
export interface AuditOutcome {
  job: AuditJob;
  collected: CollectedVote<AuditOutput>[];
  verdict: AuditVerdict;
  missing: boolean;
}

/** The audit task of one review: all k votes asked at once (findings are voted on, not one verdict). */
export function auditTask(key: AnswerKey, perspectiveRaw: string | null, review: Review, template: PromptTemplate): JudgeTask<AuditOutput> {
  return {
    prompt: renderPrompt(template, auditValues(key, perspectiveRaw, review.text)),
    schema: AUDIT_SCHEMA,
    output: AuditOutput,
    countsAs: () => '○',
    earlyStop: false,
  };
}

/** Runs the audits of the given reviews with the same engine, cache and limits as detection. */
export async function judgeAudits(
  jobs: AuditJob[],
  judges: Provider[],
  ctx: { key: AnswerKey; perspectiveRaw: string | null; template: PromptTemplate; votes: number; salt: string; offline: boolean },
  deps: Omit<CollectDeps, 'salt' | 'offline'> & { unitsInFlight: number; onAuditDone?: (o: AuditOutcome) => void },
): Promise<AuditOutcome[]> {
  const limit = pLimit(Math.max(1, deps.unitsInFlight));
  const total = ctx.votes * judges.length;
  return Promise.all(
    jobs.map((job) =>
      limit(async () => {
        const cacheOnly = job.mode === 'cache-only';
        const task = auditTask(ctx.key, ctx.perspectiveRaw, job.review, ctx.template);
        const collected = await collectVotes(task, judges, ctx.votes, { ...deps, salt: cacheOnly ? '' : ctx.salt, offline: cacheOnly || ctx.offline });
        const verdict = aggregateAudit(reviewRef(job.review), collected, total, ctx.key, createQuoteIndex(job.review.text));
        const missing = cacheOnly && collected.some((c) => c.status === 'failed' && c.kind === 'cache-miss');
        const outcome = { job, collected, verdict, missing };
        deps.onAuditDone?.(outcome);
        return outcome;
      }),
    ),
  );
}

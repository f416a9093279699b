import { reserveContexts } from './reserveContexts.ts';
import path from 'node:path';
import { InputError } from '../errors.ts';
import { prepareInputs } from '../round/prepareInputs.ts';
import { seriesOf, type HistoryEntry } from '../run/history.ts';
import type { RunProgress } from '../run/scoreRun.ts';
import { checkWorkflowFiles } from '../run/writeWorkflowFiles.ts';
import type { Edges } from '../types/Edges.ts';
import type { InputSpec, PreparedInputs } from '../types/Inputs.ts';
import { isAuditId } from '../types/Unit.ts';
import { scoreRound, type RoundInterrupted, type RoundOutcome, type RoundPending } from './scoreRound.ts';
import type { JobRuntime } from './startJob.ts';
import type { RoundOptions } from './scoreRound.ts';
import type { ScoreJob } from './ScoreJob.ts';

/** One round of a job: where its inputs are and how to name it in messages. */
export interface RoundTarget {
  /** `reliability-design round 6` (messages about a round that could not be read). */
  name: string;
  spec: InputSpec;
}

/** A round's end: scored, refused with an input error (the other rounds still run), or ended by Ctrl-C. */
export type RoundResult =
  | { target: RoundTarget; outcome: RoundOutcome }
  | { target: RoundTarget; error: InputError }
  | { target: RoundTarget; interrupted: RoundInterrupted }
  /** `--batch` without `--wait` (or batches still running): submitted, to be collected later. */
  | { target: RoundTarget; pending: RoundPending };

/** What the caller hears while the job runs. */
export interface RoundsHooks {
  /** A round finished (its run folder and reports are written) or was refused. */
  onRound?: (r: RoundResult) => void;
  /** All rounds' progress, summed. */
  onProgress?: (p: RunProgress) => void;
  /** A nightly (`--all-rounds`): a round that repeats its latest run exactly writes no new folder. */
  skipUnchanged?: boolean;
  /** `--batch`: a round's batches after each poll. */
  onBatches?: RoundOptions['onBatches'];
}

/** Reads and checks a round's inputs; an InputError names the file. */
export async function prepareRound(spec: InputSpec, job: ScoreJob, edges: Edges): Promise<PreparedInputs> {
  const prepared = await prepareInputs(spec, edges);
  if (!prepared.inputs.reviews.length) throw new InputError('no reviews to judge (see the refused files above, or check --prompt and the results/ folder)', spec.kind === 'round' ? spec.dir : spec.key);
  const ids = prepared.key.problems.map((p) => p.id);
  for (const id of job.settings.only) if (!ids.includes(id) && !isAuditId(id)) throw new InputError(`--only ${id}: no such problem in the answer key (it has ${ids.join(', ')}, and audit)`);
  if (job.workflowFiles) {
    if (spec.kind !== 'round') throw new InputError('--workflow-files needs a round folder (<round-dir> --round N)');
    checkWorkflowFiles(path.resolve(edges.cwd, spec.dir), spec.round, [...new Set(prepared.inputs.reviews.map((r) => r.prompt))]);
  }
  return prepared;
}

/**
 * Scores several rounds as one job: every round's requests go into the job's one queue under one
 * concurrency limit, longest calls first, so no round waits for another to finish. A round's
 * verdicts and reports are written as soon as its last unit is judged (its report waits only for
 * the reports of earlier rounds of the same series in this job, which its convergence rule reads).
 */
export async function scoreRounds(targets: RoundTarget[], job: ScoreJob, rt: JobRuntime, edges: Edges, hooks: RoundsHooks = {}): Promise<RoundResult[]> {
  const improvements = new Map<string, Promise<number | null>>();
  const progress = new Map<RoundTarget, RunProgress>();
  const report = () => {
    if (!hooks.onProgress) return;
    const sum: RunProgress = { done: 0, total: 0, cacheHits: 0, requests: 0, failures: 0 };
    for (const p of progress.values()) for (const k of Object.keys(sum) as Array<keyof RunProgress>) sum[k] += p[k];
    hooks.onProgress(sum);
  };
  // Inputs are read first, so that every round's units are in the queue before the first answer.
  const prepared = await Promise.all(targets.map((t) => prepareRound(t.spec, job, edges).catch((e: unknown) => (e instanceof InputError ? e : Promise.reject(e)))));
  reserveContexts(prepared.filter((p): p is PreparedInputs => !(p instanceof InputError)), job);
  // Each round's own improvement, for the convergence history of later rounds of its series.
  const settle = new Map<RoundTarget, (x: number | null) => void>();
  prepared.forEach((p, i) => {
    if (p instanceof InputError || p.inputs.round === null) return;
    improvements.set(`${seriesOf(p.inputs.key.path)}\u0000${p.inputs.round}`, new Promise((r) => settle.set(targets[i]!, r)));
  });
  const historyFor = async (p: PreparedInputs): Promise<HistoryEntry[] | undefined> => {
    const round = p.inputs.round;
    if (round === null) return job.history;
    const series = seriesOf(p.inputs.key.path);
    const earlier = [...improvements].filter(([k]) => k.startsWith(`${series}\u0000`) && Number(k.split('\u0000')[1]) < round);
    await Promise.all(earlier.map(([, v]) => v));
    return rt.index.history(series, round, job.history);
  };
  return Promise.all(
    targets.map(async (target, i): Promise<RoundResult> => {
      const p = prepared[i]!;
      let result: RoundResult;
      if (p instanceof InputError) result = { target, error: p };
      else {
        try {
          const outcome = await scoreRound(p, job, rt, edges, {
            ...(target.spec.kind === 'round' ? { roundDir: target.spec.dir } : {}),
            history: () => historyFor(p),
            skipUnchanged: Boolean(hooks.skipUnchanged),
            ...(hooks.onBatches ? { onBatches: hooks.onBatches } : {}),
            onProgress: (x) => {
              progress.set(target, x);
              report();
            },
          });
          if ('interrupted' in outcome) {
            settle.get(target)?.(null);
            result = { target, interrupted: outcome };
          } else if ('pending' in outcome) {
            settle.get(target)?.(null);
            result = { target, pending: outcome };
          } else {
            settle.get(target)?.(outcome.report.convergence.history.find((h) => h.round === outcome.round)?.improvement ?? null);
            result = { target, outcome };
          }
        } catch (e) {
          settle.get(target)?.(null);
          if (!(e instanceof InputError)) throw e;
          result = { target, error: e };
        }
      }
      hooks.onRound?.(result);
      return result;
    }),
  );
}

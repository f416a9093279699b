import type { Logger } from 'pino';
import { PriorityLimit } from '../judge/PriorityLimit.ts';
import { RequestQueue } from '../judge/RequestQueue.ts';
import { RunsIndex } from '../run/RunsIndex.ts';
import type { Edges } from '../types/Edges.ts';
import type { ScoreJob } from './ScoreJob.ts';
import { KeyedMutex } from './KeyedMutex.ts';
import { readWaitingBatchRuns, type WaitingBatchRun } from '../run/findBatchRun.ts';

/** What the rounds of one job share while they run: one request queue, one unit limit, one runs index. */
export interface JobRuntime {
  queue: RequestQueue;
  units: PriorityLimit;
  index: RunsIndex;
  /** Logs of the rounds running now: a throttle of the shared limit is written to each. */
  activeLogs: Set<Logger>;
  /** `--batch`: one create call in flight per judge across the job's rounds. */
  batchCreates: KeyedMutex;
  /** The runs folder's batch runs still waiting, read once (a `--batch` round goes on in its own; an interactive one warns of it). */
  waitingBatchRuns: WaitingBatchRun[];
}

/** Units in flight per request slot: enough to keep the queue full while prompts are rendered only shortly before they are sent. */
const UNITS_PER_SLOT = 4;

/**
 * Review characters the units in flight may render at once (beyond two units, whatever their size).
 * A unit holds its review about five times over while it runs (the prompt, the request body and its
 * canonical JSON, UTF-16 where the template is not Latin-1) and the SDK makes two more copies per
 * request, so units of big reviews are what fills the heap: twelve 2 MB reviews rendered 32 units at
 * once (1.45 GB peak). 8 M characters keeps that to four; at the default concurrency (32 units) only
 * reviews above 250 kB reach it (corpus reviews are 5-70 kB).
 */
const RENDERED_CHARS = 8_000_000;

/** Creates the job's shared queue and reads the runs folder once. */
export async function startJob(job: ScoreJob, edges: Pick<Edges, 'signal'>): Promise<JobRuntime> {
  const activeLogs = new Set<Logger>();
  job.limit.onChange = (c, why) => {
    for (const log of activeLogs) log.warn({ concurrency: c }, `concurrency ${why}`);
  };
  const queue = new RequestQueue({
    limit: job.limit,
    signal: edges.signal,
    stopReason: () => job.budget.stopReason(),
    reserve: (judge, estimate) => job.budget.reserve(judge, estimate),
    onRequest: (r) => job.budget.add(r.judge, r.usage),
  });
  return { queue, units: new PriorityLimit(Math.max(16, job.limit.max * UNITS_PER_SLOT), { max: RENDERED_CHARS, floor: 2 }), index: await RunsIndex.load(job.runsDir), activeLogs, batchCreates: new KeyedMutex(), waitingBatchRuns: readWaitingBatchRuns(job.runsDir) };
}

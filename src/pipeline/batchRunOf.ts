import path from 'node:path';
import { InputError } from '../errors.ts';
import type { LedgerHeader } from '../run/BatchLedger.ts';
import { findBatchRun, type WaitingBatchRun } from '../run/findBatchRun.ts';
import type { ScoreJob } from './ScoreJob.ts';

/** Where a round's batch run goes on: its ledger header, the folder holding its batches (null: a new one), and the `--only` base it was submitted on. */
export interface BatchRunPlace {
  header: LedgerHeader;
  resumed: string | null;
  /** The run id `--only` built on when the batches were submitted: a resume builds on it again (its votes' salt derives from it). */
  recordedBase: string | null;
}

/**
 * A batch round's folder: the waiting batch run of these inputs and settings, if any (the same
 * command run again, or `collect`, which must find the folder it was given), else a new one.
 */
export function batchRunOf(job: ScoreJob & { batch: NonNullable<ScoreJob['batch']> }, waiting: readonly WaitingBatchRun[], fingerprints: { run: string; inputs: string }, roundDir: string | null, round: number | null): BatchRunPlace {
  const { allRounds: _all, ...flags } = job.batch.command.flags;
  const command = { cwd: job.batch.command.cwd, kind: job.batch.command.kind ?? 'score', roundDir, flags: { ...flags, ...(roundDir !== null && round !== null ? { round: String(round) } : {}) } };
  const header: LedgerHeader = { fingerprints, salt: job.settings.salt, only: job.settings.only, command, base: null };
  const found = findBatchRun(waiting, header);
  const resumed = found?.runId ?? null;
  if (job.batch.runDir && (!resumed || path.join(job.runsDir, resumed) !== job.batch.runDir)) {
    throw new InputError('the inputs or settings differ from those its batches were submitted with (a review, the key, a template or a judge changed): restore them to collect, or run score to judge what is there now', job.batch.runDir);
  }
  return { header, resumed, recordedBase: found?.base ?? null };
}

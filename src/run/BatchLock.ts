import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { InputError } from '../errors.ts';

/** The lock file of a batch run folder. */
export const LOCK_FILE = 'batch.lock';

/** A lock older than this is taken over even when its process cannot be checked (another host). */
const STALE_MS = 26 * 3600_000;

/** True when the process that wrote a lock is gone (same host: `kill 0` fails), or the lock is stale. */
function abandoned(lock: { pid: number; host: string; at: string }, now: Date): boolean {
  if (now.getTime() - Date.parse(lock.at) > STALE_MS) return true;
  if (lock.host !== hostname()) return false;
  try {
    process.kill(lock.pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Takes the folder's batch lock for this process, so two invocations (a `--wait` still polling and
 * a `collect`, or the next night's cron) never both submit a wave or overwrite each other's ledger.
 * A lock whose process is gone (kill -9) is taken over. Returns the release function.
 */
export function takeBatchLock(file: string, now: Date): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), at: now.toISOString() }));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let held: { pid: number; host: string; at: string } | null = null;
      try {
        held = JSON.parse(readFileSync(file, 'utf8'));
      } catch {
        held = null;
      }
      if (held && !abandoned(held, now)) {
        throw new InputError(`another review-judge process (pid ${held.pid} on ${held.host}, since ${held.at}) is working on this batch run: let it finish, or stop it and run again`, file);
      }
      rmSync(file, { force: true });
    }
  }
  throw new InputError('could not take the batch lock of this run folder', file);
}

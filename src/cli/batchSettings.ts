import { InputError } from '../errors.ts';
import type { BatchSettings } from '../pipeline/ScoreJob.ts';
import type { Provider } from '../types/Provider.ts';
import { positiveInt } from './resolveInputs.ts';

/** The batch flags of `score` and `calibrate`. */
export interface BatchFlags {
  batch?: boolean;
  wait?: boolean;
  pollSeconds?: string;
  batchSize?: string;
}

/** Default seconds between two polls of a run's batches (most batches end within an hour). */
export const DEFAULT_POLL_SECONDS = 60;

/** Flags not recorded for `collect`: how this invocation prints and waits, not what it judges. */
const NOT_RECORDED = new Set(['json', 'dryRun', 'printConfig', 'wait', 'pollSeconds']);

/**
 * `--batch` and its flags, checked against the rest; null without `--batch`. All of `flags` is recorded in
 * each run folder's ledger (base URLs never carry credentials: createProvider refuses them).
 */
export function batchSettingsOf(flags: BatchFlags & { offline?: boolean; fresh?: boolean; salt?: string; dryRun?: boolean }, judges: Provider[], cwd: string): BatchSettings | null {
  if (!flags.batch) {
    const stray = (['wait', 'pollSeconds', 'batchSize'] as const).find((f) => flags[f] !== undefined);
    if (stray) throw new InputError(`--${stray.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} needs --batch`);
    return null;
  }
  if (flags.offline) throw new InputError('--batch sends requests and --offline sends none: drop one');
  // A random salt cannot be found again by the next invocation, so its batches could never be collected.
  if (flags.fresh && !flags.salt) throw new InputError('--batch with --fresh: give the salt yourself (--salt S), so the same command can find and collect its batches later');
  const without = judges.filter((j) => !j.batch);
  if (without.length && !flags.dryRun) throw new InputError(`--batch: ${without.map((j) => j.id).join(', ')} has no batch API (openai: and anthropic: judges do; a local server has none): judge it without --batch`);
  const recorded = Object.fromEntries(Object.entries(flags as Record<string, unknown>).filter(([k, v]) => v !== undefined && !NOT_RECORDED.has(k)));
  return {
    wait: Boolean(flags.wait),
    pollMs: (flags.pollSeconds !== undefined ? nonNegativeSeconds(flags.pollSeconds) : DEFAULT_POLL_SECONDS) * 1000,
    maxRequests: flags.batchSize !== undefined ? positiveInt(flags.batchSize, '--batch-size') : null,
    command: { cwd, flags: recorded },
  };
}

function nonNegativeSeconds(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InputError(`--poll-seconds expects a non-negative number of seconds, got '${value}'`);
  return n;
}

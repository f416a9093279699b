import path from 'node:path';
import type { BatchesSummary } from '../pipeline/batchesSummary.ts';
import type { RoundPending } from '../pipeline/scoreRound.ts';
import type { CliIO } from './CliIO.ts';

/** `12m05s`, `1h02m`: elapsed time for a line. */
export function elapsed(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** One line on a round's batches: entries per state, elapsed time, and the estimated cost at the batch price. */
export function batchesText(b: BatchesSummary): string {
  const c = b.counts;
  const states = [`${c.processing} processing`, `${c.succeeded} succeeded`, `${c.failed} failed`, ...(c.expired ? [`${c.expired} expired`] : []), ...(c.canceled ? [`${c.canceled} cancelled`] : [])].join(', ');
  const cost = b.estimateUsd === null ? 'cost unknown (no price)' : `~$${b.estimateUsd.toFixed(4)} estimated at the batch price`;
  return `${b.batches.length} batch${b.batches.length === 1 ? '' : 'es'}: ${states}; ${elapsed(b.elapsedMs)} since submitted; ${cost}`;
}

/** The progress printer of `--wait`: one line per round whenever its batches' counts change (cron logs stay short). */
export function createBatchLine(io: CliIO): (title: string, b: BatchesSummary) => void {
  const last = new Map<string, string>();
  return (title, b) => {
    if (!b.batches.length) return;
    const key = JSON.stringify(b.counts) + b.batches.length;
    if (last.get(title) === key) return;
    last.set(title, key);
    io.stderr(`${title}: ${batchesText(b)}\n`);
  };
}

/** What a round that waits for its batches tells the user: what is where, and how to finish. */
export function pendingLine(p: RoundPending, cwd: string, collectable = true): string {
  const near = path.relative(cwd, p.runDir);
  const dir = near && !near.startsWith('..') ? near : p.runDir;
  const ids = p.batches.batches.filter((b) => !b.state.endsWith('(collected)')).map((b) => b.id ?? '(not named yet)');
  const expires = p.batches.expiresAt ? `; they end by ${p.batches.expiresAt} at the latest` : '';
  return `${p.title}: ${p.units.pending} of ${p.units.total} units wait for provider batches (${ids.join(', ')}) — ${batchesText(p.batches)}${expires}. Nothing is scored yet; to finish: run the same command again (--wait polls until done)${collectable ? `, or review-judge collect ${dir}` : ''} (exit 75: pending)\n`;
}

import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { canonicalJson } from '../cache/canonicalJson.ts';
import { LEDGER_FILE, readLedger, type LedgerHeader } from './BatchLedger.ts';

/** A batch run still waiting in the runs folder: its folder and what its ledger says it is for. */
export interface WaitingBatchRun {
  runId: string;
  createdAt: string;
  fingerprints: LedgerHeader['fingerprints'];
  salt: string;
  only: string[];
  /** The `--only` base its votes build on. */
  base: string | null;
}

/**
 * The runs folder's batch runs still waiting (a folder with a batch ledger and no run.json), read
 * once per job: every round of the job looks its own up in this list.
 */
export function readWaitingBatchRuns(runsDir: string): WaitingBatchRun[] {
  if (!existsSync(runsDir)) return [];
  const out: WaitingBatchRun[] = [];
  for (const d of readdirSync(runsDir, { withFileTypes: true })) {
    if (!d.isDirectory()) continue;
    const dir = path.join(runsDir, d.name);
    if (!existsSync(path.join(dir, LEDGER_FILE)) || existsSync(path.join(dir, 'run.json'))) continue;
    const l = readLedger(path.join(dir, LEDGER_FILE));
    out.push({ runId: d.name, createdAt: l.createdAt, fingerprints: l.fingerprints, salt: l.salt, only: l.only, base: l.base });
  }
  return out;
}

/**
 * Pure: the waiting batch run of these inputs and settings (the newest if several), so running the
 * same command again polls the batches it submitted instead of submitting them again; null when none.
 */
export function findBatchRun(waiting: readonly WaitingBatchRun[], header: Pick<LedgerHeader, 'fingerprints' | 'salt' | 'only'>): WaitingBatchRun | null {
  const key = (h: Pick<LedgerHeader, 'fingerprints' | 'salt' | 'only'>) => canonicalJson({ fingerprints: h.fingerprints, salt: h.salt, only: [...h.only].sort() });
  const want = key(header);
  let best: WaitingBatchRun | null = null;
  for (const w of waiting) if (key(w) === want && (!best || w.createdAt > best.createdAt)) best = w;
  return best;
}

/**
 * Every provider batch id any ledger in the runs folder records (waiting and finished batch runs):
 * a batch looked for after a lost create answer is never one of these.
 */
export function knownBatchIds(runsDir: string): Set<string> {
  const ids = new Set<string>();
  if (!existsSync(runsDir)) return ids;
  for (const d of readdirSync(runsDir, { withFileTypes: true })) {
    const file = path.join(runsDir, d.name, LEDGER_FILE);
    if (!d.isDirectory() || !existsSync(file)) continue;
    try {
      for (const b of readLedger(file).batches) if (b.id) ids.add(b.id);
    } catch {
      // An unreadable ledger is its own run's problem; its batches cannot be told apart here.
    }
  }
  return ids;
}

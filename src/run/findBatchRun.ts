import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { canonicalJson } from '../cache/canonicalJson.ts';
import { LEDGER_FILE, readLedger, type LedgerHeader } from './BatchLedger.ts';

/**
 * The unfinished batch run of these inputs and settings in the runs folder (a folder with a batch
 * ledger and no run.json, the newest if several), so running the same command again polls the
 * batches it submitted instead of submitting them again. Null when there is none.
 */
export function findBatchRun(runsDir: string, header: Pick<LedgerHeader, 'fingerprints' | 'salt' | 'only'>): string | null {
  if (!existsSync(runsDir)) return null;
  const want = canonicalJson({ fingerprints: header.fingerprints, salt: header.salt, only: [...header.only].sort() });
  let best: { runId: string; createdAt: string } | null = null;
  for (const d of readdirSync(runsDir, { withFileTypes: true })) {
    if (!d.isDirectory()) continue;
    const dir = path.join(runsDir, d.name);
    if (!existsSync(path.join(dir, LEDGER_FILE)) || existsSync(path.join(dir, 'run.json'))) continue;
    const ledger = readLedger(path.join(dir, LEDGER_FILE));
    if (canonicalJson({ fingerprints: ledger.fingerprints, salt: ledger.salt, only: [...ledger.only].sort() }) !== want) continue;
    if (!best || ledger.createdAt > best.createdAt) best = { runId: d.name, createdAt: ledger.createdAt };
  }
  return best?.runId ?? null;
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

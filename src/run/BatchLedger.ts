import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../errors.ts';
import type { BatchBook } from '../judge/BatchExecutor.ts';
import type { BatchEntryResult, BatchStatus } from '../types/Batch.ts';
import type { RunFolder } from './RunFolder.ts';

/** The ledger's file in a run folder. */
export const LEDGER_FILE = 'batch.json';

const Counts = z.object({ processing: z.number(), succeeded: z.number(), failed: z.number(), expired: z.number(), canceled: z.number() });
const Seen = z.object({ state: z.string(), counts: Counts, expiresAt: z.string().nullable(), failure: z.string().optional() });
const LedgerBatch = z.object({
  /** Names the batch at the provider (OpenAI metadata) and its results file here. */
  tag: z.string(),
  judge: z.string(),
  /** The provider's batch id; null while the create call has not answered (a kill then leaves it to be found). */
  id: z.string().nullable(),
  submittedAt: z.string(),
  state: z.enum(['submitting', 'running', 'collected']),
  entries: z.array(z.object({ customId: z.string(), keys: z.array(z.string()), samples: z.number().int() })),
  /** Estimated cost at the batch price when submitted (null: the judge has no price). */
  estimateUsd: z.number().nullable(),
  seen: Seen.optional(),
  endedAt: z.string().optional(),
});
const LedgerFile = z.object({
  version: z.literal(1),
  createdAt: z.string(),
  fingerprints: z.object({ run: z.string(), inputs: z.string() }),
  salt: z.string(),
  only: z.array(z.string()),
  /** The invocation that started it (flags without secrets, its working directory, the round folder; `calibrate` runs resume by their own command), for `collect`. */
  command: z.object({ cwd: z.string(), kind: z.enum(['score', 'calibrate']).default('score'), roundDir: z.string().nullable(), flags: z.record(z.string(), z.unknown()) }),
  /** `--only`: the run the batches' votes build on (their salt derives from it), so a resume builds on it again. */
  base: z.string().nullable().default(null),
  batches: z.array(LedgerBatch),
  /** Batches ever recorded here (dropped ones too), so a tag is never used twice. */
  serial: z.number().int().default(0),
});
/** One batch as the ledger records it. */
export type LedgerBatch = z.infer<typeof LedgerBatch>;
/** The whole ledger file. */
export type LedgerData = z.infer<typeof LedgerFile>;
/** What identifies the run a ledger belongs to. */
export type LedgerHeader = Pick<LedgerData, 'fingerprints' | 'salt' | 'only' | 'command' | 'base'>;

const ResultLine = z.union([
  z.object({ customId: z.string(), ok: z.literal(true), raw: z.unknown() }),
  z.object({ customId: z.string(), ok: z.literal(false), kind: z.enum(['batch-failed', 'batch-expired', 'batch-canceled']), reason: z.string() }),
]);

/** Reads a run folder's ledger; an InputError (exit 2) names a file that is not one. */
export function readLedger(file: string): LedgerData {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InputError(`not a readable batch ledger (${e instanceof Error ? e.message : String(e)}); it lists the batches this run submitted: restore it, or cancel them at the provider and remove the folder`, file);
  }
  const parsed = LedgerFile.safeParse(json);
  if (!parsed.success) throw new InputError(`not a batch ledger (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message})`, file);
  return parsed.data;
}

/**
 * The batches of one run folder and what became of their entries: `batch.json` (written atomically
 * before a batch is created, again once the provider has named it, and when it ends) and one
 * `batch-<tag>.results.jsonl` per collected batch. Whatever kills the process, a batch is never
 * created without the ledger saying so first, and collected results are never fetched twice.
 */
export class BatchLedger implements BatchBook {
  private readonly results = new Map<string, BatchEntryResult>();
  private readonly running = new Set<string>();
  private readonly latency = new Map<string, number>();

  private constructor(
    private readonly folder: RunFolder,
    readonly data: LedgerData,
  ) {
    for (const b of data.batches) this.index(b);
  }

  /** The folder's ledger, or a new one (not written until the first batch). */
  static open(folder: RunFolder, header: LedgerHeader, now: Date): BatchLedger {
    const file = folder.file(LEDGER_FILE);
    if (existsSync(file)) return new BatchLedger(folder, readLedger(file));
    return new BatchLedger(folder, { version: 1, createdAt: now.toISOString(), ...header, batches: [], serial: 0 });
  }

  lookup(customId: string): BatchEntryResult | 'submitted' | null {
    return this.results.get(customId) ?? (this.running.has(customId) ? 'submitted' : null);
  }

  latencyOf(customId: string): number {
    return this.latency.get(customId) ?? 0;
  }

  /** Vote keys a collected batch answered: the run reads these votes from its batch results, not the cache. */
  answeredKeys(): Set<string> {
    const keys = new Set<string>();
    for (const b of this.data.batches) if (b.state === 'collected') for (const e of b.entries) if (this.results.get(e.customId)?.ok) for (const k of e.keys) keys.add(k);
    return keys;
  }

  /** Batches whose create call never answered (to be looked for at the provider before anything is sent again). */
  unresolved(): LedgerBatch[] {
    return this.data.batches.filter((b) => b.state === 'submitting');
  }

  /** Batches at the provider that have not been collected yet. */
  live(): LedgerBatch[] {
    return this.data.batches.filter((b) => b.state === 'running');
  }

  /** A tag no batch of this ledger has had (the results file and the provider's metadata are named by it). */
  nextTag(runId: string): string {
    this.data.serial = Math.max(this.data.serial, this.data.batches.length) + 1;
    return `${runId}-${this.data.serial}`;
  }

  /** Records a batch about to be created (before the call, so a kill cannot leave an unknown batch behind). */
  intend(batch: Omit<LedgerBatch, 'state' | 'id'>): void {
    this.data.batches.push({ ...batch, id: null, state: 'submitting' });
    this.index(this.data.batches.at(-1)!);
    this.save();
  }

  /** The provider named the batch: it is running. */
  created(tag: string, status: BatchStatus): void {
    const b = this.batch(tag);
    b.id = status.id;
    b.state = 'running';
    b.seen = seenOf(status);
    this.save();
  }

  /** The create call was refused (nothing exists at the provider): the entries may be submitted again. */
  drop(tag: string): void {
    const i = this.data.batches.findIndex((b) => b.tag === tag);
    const [b] = this.data.batches.splice(i, 1);
    for (const e of b?.entries ?? []) this.running.delete(e.customId);
    this.save();
  }

  /** The latest status of a running batch, for the progress line and the ledger. */
  seen(tag: string, status: BatchStatus): void {
    this.batch(tag).seen = seenOf(status);
    this.save();
  }

  /** An ended batch's results: written beside the ledger first, then the batch is marked collected. */
  collect(tag: string, status: BatchStatus, results: BatchEntryResult[], now: Date): void {
    const b = this.batch(tag);
    const byId = new Map(results.map((r) => [r.customId, r]));
    // An entry the results do not mention was not answered: say so in the provider's terms.
    const missing = (customId: string): BatchEntryResult =>
      status.counts.expired || status.state === 'expired' ? { customId, ok: false, kind: 'batch-expired', reason: 'expired: not answered before the batch window closed' }
      : status.counts.canceled || /^cancel/.test(status.state) ? { customId, ok: false, kind: 'batch-canceled', reason: `cancelled (batch ${b.id}) before it was answered` }
      : { customId, ok: false, kind: 'batch-failed', reason: `not in the results of batch ${b.id} (${status.state}${status.failure ? `: ${status.failure}` : ''})` };
    const lines = b.entries.map((e) => byId.get(e.customId) ?? missing(e.customId));
    this.folder.writeState(resultsFile(tag), lines.map((l) => JSON.stringify(l) + '\n').join(''));
    b.state = 'collected';
    b.seen = seenOf(status);
    b.endedAt = now.toISOString();
    this.index(b, lines);
    this.save();
  }

  private batch(tag: string): LedgerBatch {
    const b = this.data.batches.find((x) => x.tag === tag);
    if (!b) throw new Error(`batch ledger: no batch ${tag}`);
    return b;
  }

  private index(b: LedgerBatch, lines?: BatchEntryResult[]): void {
    if (b.state !== 'collected') {
      for (const e of b.entries) this.running.add(e.customId);
      return;
    }
    const read = lines ?? readResults(this.folder.file(resultsFile(b.tag)));
    if (!read) {
      // A results file lost or damaged (disk trouble, a hand edit): fetched again from the provider at the next poll.
      b.state = 'running';
      for (const e of b.entries) this.running.add(e.customId);
      return;
    }
    const took = b.endedAt ? Math.max(0, Date.parse(b.endedAt) - Date.parse(b.submittedAt)) : 0;
    for (const e of b.entries) this.running.delete(e.customId);
    for (const r of read) {
      this.results.set(r.customId, r);
      this.latency.set(r.customId, took);
    }
  }

  private save(): void {
    this.folder.writeState(LEDGER_FILE, JSON.stringify(this.data, null, 2) + '\n');
  }
}

/** The results file of a batch, beside the ledger. */
export function resultsFile(tag: string): string {
  return `batch-${tag}.results.jsonl`;
}

/** A collected batch's results as written, or null when the file is missing or damaged. */
function readResults(file: string): BatchEntryResult[] | null {
  if (!existsSync(file)) return null;
  const out: BatchEntryResult[] = [];
  for (const l of readFileSync(file, 'utf8').split('\n').filter((x) => x.trim())) {
    let json: unknown;
    try {
      json = JSON.parse(l);
    } catch {
      return null;
    }
    const parsed = ResultLine.safeParse(json);
    if (!parsed.success) return null;
    out.push(parsed.data as BatchEntryResult);
  }
  return out;
}

function seenOf(s: BatchStatus): z.infer<typeof Seen> {
  return { state: s.state, counts: { ...s.counts }, expiresAt: s.expiresAt, ...(s.failure ? { failure: s.failure } : {}) };
}

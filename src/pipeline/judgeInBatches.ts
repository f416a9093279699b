import { InputError, JudgeError } from '../errors.ts';
import { BatchExecutor, type NewBatchEntry } from '../judge/BatchExecutor.ts';
import { splitBatches } from '../judge/splitBatches.ts';
import { costOf, priceFor } from '../cost/prices.ts';
import type { BatchLedger, LedgerBatch } from '../run/BatchLedger.ts';
import { withBatchAnswers } from '../run/batchAnswers.ts';
import { LOCK_FILE, takeBatchLock } from '../run/BatchLock.ts';
import { knownBatchIds } from '../run/findBatchRun.ts';
import path from 'node:path';
import { scoreRun, type RunInterrupted, type RunPending, type ScoreDeps, type ScoreResult } from '../run/scoreRun.ts';
import type { BatchLookup, BatchStatus } from '../types/Batch.ts';
import type { PreparedInputs } from '../types/Inputs.ts';
import type { BatchApi, Provider } from '../types/Provider.ts';
import type { ScoreSettings } from '../types/Settings.ts';
import type { BatchSettings } from './ScoreJob.ts';
import { batchesSummary, type BatchesSummary } from './batchesSummary.ts';

/** A batch run that cannot finish yet: its batches are at the provider, recorded in the run folder. */
export interface BatchRunPending extends RunPending {
  batches: BatchesSummary;
}

/** What the batch loop needs besides a run's deps. */
export interface BatchLoop {
  ledger: BatchLedger;
  settings: BatchSettings;
  prices: ScoreDeps['prices'];
  /** Waits between polls; ends early on abort. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** `--max-cost`: reserves an entry's estimated batch cost. */
  reserve?: (judge: Provider, estimate: { inputTokens: number; outputTokens: number }) => { ok: true } | { ok: false; reason: string };
  /** The batches' state after each poll (the progress line). */
  onBatches?: (s: BatchesSummary) => void;
  /** Runs `fn` alone among the job's calls under `key` (the judge): one create in flight per judge. */
  exclusive: <T>(key: string, fn: () => Promise<T>) => Promise<T>;
  /** Failed polls in a row, per batch tag (kept across the passes of one invocation). */
  pollFailures: Map<string, number>;
}

/**
 * Scores a round through the judges' batch APIs: finish what earlier invocations left (a create
 * whose answer was lost is looked for at the provider first), collect ended batches, judge every
 * unit from the cache and the collected results, submit what is still missing as new batches
 * (recorded before they are created), and — with `--wait` — poll until they end and go round again
 * (judges without `n` need a second wave for split votes). Without `--wait` the round is pending.
 */
export async function judgeInBatches(p: PreparedInputs, s: ScoreSettings, deps: ScoreDeps, loop: BatchLoop): Promise<ScoreResult | RunInterrupted | BatchRunPending> {
  const release = takeBatchLock(deps.folder.file(LOCK_FILE), deps.now());
  try {
    return await passes(p, s, deps, loop);
  } finally {
    release();
  }
}

async function passes(p: PreparedInputs, s: ScoreSettings, deps: ScoreDeps, loop: BatchLoop): Promise<ScoreResult | RunInterrupted | BatchRunPending> {
  const { ledger } = loop;
  const judges = new Map(deps.judges.map((j) => [j.id, j]));
  // An entry's reservation is decided once per invocation: a refused one is not counted again by every pass.
  const decided = new Map<string, { ok: true } | { ok: false; reason: string }>();
  const reserve = loop.reserve
    ? (judge: Provider, estimate: { inputTokens: number; outputTokens: number }, customId: string) => decided.get(customId) ?? decided.set(customId, loop.reserve!(judge, estimate)).get(customId)!
    : undefined;
  await recover(ledger, judges, deps);
  await poll(ledger, judges, deps, loop);
  for (;;) {
    const executor = new BatchExecutor(ledger, { ...(deps.signal ? { signal: deps.signal } : {}), ...(reserve ? { reserve } : {}) });
    const ran = await scoreRun(p, s, { ...deps, executor, cache: withBatchAnswers(deps.cache, ledger.answeredKeys()), batchPass: true });
    if (!('pending' in ran)) return ran;
    if (deps.signal?.aborted) return { interrupted: true, runDir: ran.runDir };
    try {
      if (executor.fresh.length) await submit(executor.fresh, deps, loop);
    } catch (e) {
      // Ctrl-C during a create: the ledger holds the intent, and the next run looks for the batch first.
      if (deps.signal?.aborted) return { interrupted: true, runDir: ran.runDir };
      throw e;
    }
    if (!loop.settings.wait) return { ...ran, batches: batchesSummary(ledger.data.batches, deps.now()) };
    // Pending votes wait for a batch that runs or was just submitted; anything else would poll forever.
    // Unreachable by design (every pending vote names a running or just-created batch): a bug, reported as one (exit 4), never a spin.
    if (!ledger.live().length) throw new Error(`batch pass: ${ran.units.pending} units pending with no batch running`);
    while ((await poll(ledger, judges, deps, loop)) > 0) {
      await loop.sleep(loop.settings.pollMs, deps.signal);
      if (deps.signal?.aborted) return { interrupted: true, runDir: ran.runDir };
    }
  }
}

/** A batch's judge API, or an InputError when the ledger names a judge this invocation does not have. */
function apiOf(b: LedgerBatch, judges: Map<string, Provider>): BatchApi {
  const api = judges.get(b.judge)?.batch;
  if (!api) throw new InputError(`batch ${b.id ?? b.tag} was submitted to ${b.judge}, which this command does not judge with: run it with the same --judge`);
  return api;
}

/** Resolves batches whose create call never answered: adopted when the provider has them, else dropped (safe to send again). */
async function recover(ledger: BatchLedger, judges: Map<string, Provider>, deps: ScoreDeps): Promise<void> {
  for (const b of ledger.unresolved()) {
    const look = await lookFor(apiOf(b, judges), b.tag, new Date(b.submittedAt), b.entries.length, ledger, path.dirname(deps.folder.dir), deps.signal);
    if ('ambiguous' in look) {
      throw new InputError(`the create call of batch ${b.tag} got no answer and ${look.ambiguous.length} batches at ${b.judge} could be it (${look.ambiguous.join(', ')}): cancel the ones that are not this run's, then run again`, deps.folder.file('batch.json'));
    }
    if (look.found) {
      deps.log.warn({ tag: b.tag, id: look.found.id }, 'batch created by an earlier invocation that did not hear the answer: found at the provider, not submitted again');
      ledger.created(b.tag, look.found);
    } else {
      deps.log.warn({ tag: b.tag }, 'batch whose create call got no answer is not at the provider: its entries will be submitted again');
      ledger.drop(b.tag);
    }
  }
}

/** Asks the provider about every running batch and collects the ended ones; returns how many still run. */
async function poll(ledger: BatchLedger, judges: Map<string, Provider>, deps: ScoreDeps, loop: BatchLoop): Promise<number> {
  let running = 0;
  for (const b of ledger.live()) {
    const api = apiOf(b, judges);
    try {
      const status = await api.retrieve(b.id!, deps.signal);
      loop.pollFailures.delete(b.tag);
      if (!status.ended) {
        ledger.seen(b.tag, status);
        running++;
        continue;
      }
      const answered = status.counts.succeeded + status.counts.failed + status.counts.expired + status.counts.canceled;
      const results = answered > 0 ? await api.results(b.id!, deps.signal) : [];
      const ours = new Set(b.entries.map((e) => e.customId));
      if (results.length && !results.some((r) => ours.has(r.customId))) {
        // An adopted batch (found by time and size after a lost create answer) that was someone else's.
        deps.log.warn({ tag: b.tag, id: b.id }, 'the batch adopted after a lost create answer holds none of this run\'s entries: dropped, its entries will be submitted again');
        ledger.drop(b.tag);
        continue;
      }
      ledger.collect(b.tag, status, results, deps.now());
      // The results are kept here now: the provider's copies can go (a failure leaves them, nothing more).
      await api.cleanup?.(b.id!, deps.signal).catch((e: unknown) => deps.log.warn({ batch: b.id, err: String(e) }, 'could not remove the batch files at the provider'));
      deps.log.info({ batch: b.id, state: status.state, counts: status.counts }, 'batch ended: results collected');
    } catch (e) {
      if (!(e instanceof JudgeError)) throw e;
      const failures = (loop.pollFailures.get(b.tag) ?? 0) + 1;
      loop.pollFailures.set(b.tag, failures);
      if (failures >= MAX_POLL_FAILURES) throw new InputError(`could not ask ${b.judge} about batch ${b.id} ${failures} times in a row (${e.message}); the batch stays recorded in this folder: run the same command again later`, deps.folder.file('batch.json'));
      // No retry can fix a refusal (a revoked key, a batch the provider does not know): stop, keep the ledger.
      if (e.fatal) throw new InputError(`cannot ask ${b.judge} about batch ${b.id} (${e.message}); ${e.fatal.fix}; the batch stays recorded in this folder for the next run`, deps.folder.file('batch.json'));
      // A failed poll changes nothing: the batch is still recorded and is asked about again.
      deps.log.warn({ batch: b.id, err: e.message }, 'could not ask the provider about a batch; asked again at the next poll');
      running++;
    }
  }
  loop.onBatches?.(batchesSummary(ledger.data.batches, deps.now()));
  return running;
}

/** Polls of one batch that may fail in a row before the invocation gives up on it (the batch stays recorded). */
const MAX_POLL_FAILURES = 5;

/** Submits the pass's new entries: per judge, cut to the per-batch limits, each batch recorded before it is created. */
async function submit(fresh: NewBatchEntry[], deps: ScoreDeps, loop: BatchLoop): Promise<void> {
  const { ledger } = loop;
  const byJudge = new Map<Provider, NewBatchEntry[]>();
  for (const e of fresh) byJudge.set(e.judge, [...(byJudge.get(e.judge) ?? []), e]);
  for (const [judge, entries] of byJudge) {
    const api = judge.batch!;
    const limits = { requests: Math.min(api.limits.requests, loop.settings.maxRequests ?? Infinity), bytes: api.limits.bytes };
    for (const chunk of splitBatches(entries, limits, (e) => api.entryBytes({ customId: e.customId, body: e.body }))) {
      const tag = ledger.nextTag(deps.folder.runId);
      const price = priceFor(loop.prices, judge.id);
      const estimateUsd = price ? chunk.reduce((a, e) => a + costOf({ ...e.estimate, cachedInputTokens: 0, cacheWriteTokens: 0 }, price, 'batch'), 0) : null;
      const submittedAt = deps.now();
      ledger.intend({ tag, judge: judge.id, submittedAt: submittedAt.toISOString(), entries: chunk.map((e) => ({ customId: e.customId, keys: e.keys, samples: e.samples })), estimateUsd });
      const status = await createOnce(api, chunk, tag, submittedAt, deps, loop);
      ledger.created(tag, status);
      deps.log.info({ batch: status.id, judge: judge.id, entries: chunk.length }, 'batch submitted');
    }
  }
}

/** The batch a create call made, if the provider has it; batches any run of this runs folder already knows are not it. */
async function lookFor(api: BatchApi, tag: string, since: Date, count: number, ledger: BatchLedger, runsDir: string, signal?: AbortSignal): Promise<BatchLookup> {
  const known = knownBatchIds(runsDir);
  for (const b of ledger.data.batches) if (b.id) known.add(b.id);
  const look = await api.find(tag, since, count, signal);
  if ('ambiguous' in look) {
    const rest = look.ambiguous.filter((id) => !known.has(id));
    if (rest.length > 1) return { ambiguous: rest };
    return { found: rest[0] ? await api.retrieve(rest[0], signal) : null };
  }
  return look.found && known.has(look.found.id) ? { found: null } : look;
}

/** Looks for a batch whose create answer was lost, this many times, before the invocation gives up on it. */
const LOOKS = 3;

/**
 * Creates a batch at most once per invocation. The create call is never retried (the SDKs send no
 * idempotency key, so a retried create can make a second batch): after a failure that may have
 * reached the provider, the batch is looked for a few times; not found, it stays recorded as
 * `submitting` and the next invocation looks again before anything is created. A refusal (4xx)
 * drops it from the ledger: nothing exists at the provider. Creates of one judge go one at a time
 * in a job, so a batch found by time and size (Anthropic) cannot be a sibling round's.
 */
async function createOnce(api: BatchApi, chunk: NewBatchEntry[], tag: string, since: Date, deps: ScoreDeps, loop: BatchLoop): Promise<BatchStatus> {
  const judge = chunk[0]!.judge.id;
  return loop.exclusive(judge, async () => {
    let failure: JudgeError;
    try {
      return await api.create(chunk.map((e) => ({ customId: e.customId, body: e.body })), tag, deps.signal);
    } catch (e) {
      if (!(e instanceof JudgeError)) throw e;
      if (e.fatal) {
        loop.ledger.drop(tag);
        throw new InputError(`${judge} refused the batch (${e.message}); nothing was submitted; ${e.fatal.fix}`);
      }
      failure = e;
    }
    for (let look = 1; look <= LOOKS && !deps.signal?.aborted; look++) {
      const found = await lookFor(api, tag, since, chunk.length, loop.ledger, path.dirname(deps.folder.dir), deps.signal).catch((e: unknown) => (e instanceof JudgeError ? null : Promise.reject(e)));
      if (found && 'found' in found && found.found) {
        deps.log.warn({ tag, id: found.found.id }, 'the create call failed, but the batch exists at the provider: adopted, not created again');
        return found.found;
      }
      await loop.sleep(Math.min(loop.settings.pollMs, 5000 * look), deps.signal);
    }
    throw new InputError(`could not tell whether ${judge} created the batch (${failure.message}); it is recorded as submitting: run the same command again later, which looks for it at the provider before it submits anything`, deps.folder.file('batch.json'));
  });
}

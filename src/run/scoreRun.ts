import type { Logger } from 'pino';
import { canonicalJson, sha256Hex } from '../cache/canonicalJson.ts';
import { costOf, priceFor, type PriceTable } from '../cost/prices.ts';
import type { VoteCache } from '../judge/collectVotes.ts';
import type { Executor } from '../judge/Executor.ts';
import type { PriorityLimit } from '../judge/PriorityLimit.ts';
import { unscoredReason } from '../judge/unitTasks.ts';
import type { PromptTemplate } from '../prompts/PromptTemplate.ts';
import { planUnits } from '../round/planUnits.ts';
import type { PreparedInputs } from '../types/Inputs.ts';
import type { Manifest } from '../types/Manifest.ts';
import type { Provider } from '../types/Provider.ts';
import type { Review } from '../types/Review.ts';
import type { ScoreSettings } from '../types/Settings.ts';
import { unitId, unitName, type Unit } from '../types/Unit.ts';
import type { Verdicts } from '../types/Verdicts.ts';
import type { CollectedVote } from '../types/Vote.ts';
import { buildManifest, type ResolvedUnit } from './buildManifest.ts';
import { countingExecutor } from './countingExecutor.ts';
import { judgeUnits, type UnitJob, type UnitOutcome } from './judgeUnits.ts';
import type { RunFolder } from './RunFolder.ts';
import { truncationCheckingExecutor } from './truncatedInput.ts';
import { reusedUnit, type RerunBase, type ReusedUnit } from './RerunBase.ts';
import { recordedVote } from './recordedVote.ts';
import { isPending } from '../judge/collectVotes.ts';

/** Progress of one run, as its units finish and its requests are answered. */
export interface RunProgress {
  done: number;
  total: number;
  cacheHits: number;
  requests: number;
  failures: number;
}

/** Edges a run needs; all passed in. The executor and the unit limit are the job's, shared by its rounds. */
export interface ScoreDeps {
  judges: Provider[];
  executor: Executor;
  units: PriorityLimit;
  templates: { detection: PromptTemplate; audit: PromptTemplate };
  cache: VoteCache;
  prices: PriceTable;
  folder: RunFolder;
  log: Logger;
  now: () => Date;
  /** The shared limit's current concurrency, for the request log lines. */
  concurrency?: () => number;
  onProgress?: (p: RunProgress) => void;
  /** `--only`: the latest run of the same inputs; units outside `--only` are taken from it as they were. */
  base?: RerunBase | null;
  /** Ctrl-C: the units not started are dropped and the run ends without its summaries. */
  signal?: AbortSignal;
  /** The run's digests when the caller has them already (it looked up the `--only` base by them). */
  fingerprints?: { run: string; inputs: string };
  /**
   * One pass of a batch run: votes.jsonl is written only by the pass that completes every unit, and
   * a pass that leaves votes waiting in provider batches returns RunPending without summaries.
   */
  batchPass?: boolean;
}

/** A batch pass that left votes waiting in provider batches: nothing but the ledger is written yet. */
export interface RunPending {
  pending: true;
  runDir: string;
  /** Units waiting for a batch, of all units. */
  units: { pending: number; total: number };
}

/**
 * A run ended by Ctrl-C: only votes.jsonl and log.jsonl are in its folder (no verdicts, manifest,
 * reports or run.json, so nothing takes it for a finished run); the votes answered are in the cache.
 */
export interface RunInterrupted {
  interrupted: true;
  runDir: string;
}

/** Result of a run, for the pipeline to report. */
export interface ScoreResult {
  verdicts: Verdicts;
  manifest: Manifest;
  /** Every unit judged in this run (detection and audit); units reused from the base are not among them. */
  outcomes: UnitOutcome[];
  /** Units taken from the base run as they were (`--only`). */
  reused: number;
}

/** The templates a run uses: the audit's only when the audit runs. */
export function runTemplates(templates: { detection: PromptTemplate; audit: PromptTemplate }, s: Pick<ScoreSettings, 'audit'>): PromptTemplate[] {
  return s.audit ? [templates.detection, templates.audit] : [templates.detection];
}

/** Both digests of a run: what makes two runs comparable, and its inputs alone. */
export function runFingerprints(p: PreparedInputs, templates: { detection: PromptTemplate; audit: PromptTemplate }, judges: Provider[], s: ScoreSettings): { run: string; inputs: string } {
  return { run: runFingerprint(p, runTemplates(templates, s), judges, s), inputs: inputsFingerprint(p, s) };
}

/** Digest of the inputs alone: key, perspective, reviews and whether the audit runs (`--only` finds its base by it). */
export function inputsFingerprint(p: PreparedInputs, s: Pick<ScoreSettings, 'audit'>): string {
  return sha256Hex(canonicalJson({ key: p.inputs.key.sha256, perspective: p.inputs.perspective?.sha256 ?? null, reviews: p.inputs.reviews.map((r) => [r.prompt, r.run, r.sha256]), audit: s.audit }));
}

/**
 * The salt of `--only`'s fresh votes: derived from the base run, so an interrupted rerun (no new run
 * yet, same base) resumes from the cache, and a finished one (now the base) draws a new set next time.
 */
export function onlySalt(baseRunId: string, only: readonly string[], judges: readonly Provider[], salt: string): string {
  return salt || `only-${sha256Hex(canonicalJson({ base: baseRunId, only: [...only].sort(), judges: judges.map((j) => j.id) })).slice(0, 16)}`;
}

/** Digest of what makes two runs comparable (not `--only`, `--fresh` or transport settings). */
export function runFingerprint(p: PreparedInputs, templates: PromptTemplate[], judges: Provider[], s: ScoreSettings): string {
  return sha256Hex(
    canonicalJson({
      key: p.inputs.key.sha256,
      perspective: p.inputs.perspective?.sha256 ?? null,
      reviews: p.inputs.reviews.map((r) => [r.prompt, r.run, r.sha256]),
      templates: templates.map((t) => t.sha256),
      judges: judges.map((j) => [j.id, j.baseURL]),
      votes: s.votes,
      evidencePolicy: s.evidencePolicy,
      audit: s.audit,
    }),
  );
}

/** Judges a prepared round (detection units and audits) and writes votes.jsonl, verdicts.json and manifest.json (only votes.jsonl when interrupted). */
export async function scoreRun(p: PreparedInputs, s: ScoreSettings, deps: ScoreDeps): Promise<ScoreResult | RunInterrupted | RunPending> {
  const { folder, log } = deps;
  const only = new Set(s.only);
  const base = only.size ? (deps.base ?? null) : null;
  const fresh = base ? onlySalt(base.runId, s.only, deps.judges, s.salt) : s.salt;
  const jobs: UnitJob[] = [];
  const reused: Array<{ unit: Unit; from: ReusedUnit }> = [];
  for (const unit of planUnits(p.key, p.inputs.reviews, undefined, s.audit)) {
    const id = unitId(unit);
    const from = base && !only.has(id) ? reusedUnit(base, unit.review, id) : undefined;
    if (from) reused.push({ unit, from });
    else jobs.push(only.has(id) ? { unit, salt: fresh } : { unit });
  }
  const counters = { done: 0, cacheHits: 0, requests: 0, failures: 0 };
  let batchRequests = 0;
  const held: object[] = [];
  let fallbacks = 0;
  const total = jobs.length + reused.length;
  counters.done = reused.length;
  const progress = () => deps.onProgress?.({ ...counters, total });
  const templates = runTemplates(deps.templates, s);
  const fingerprints = deps.fingerprints ?? runFingerprints(p, deps.templates, deps.judges, s);
  log.info({ runId: folder.runId, units: jobs.filter((j) => j.unit.kind === 'detection').length, audits: jobs.filter((j) => j.unit.kind === 'audit').length, judges: deps.judges.map((j) => j.id), settings: { ...s } }, 'run started');
  progress();
  const executor = countingExecutor(truncationCheckingExecutor(deps.executor), (r) => {
    // Batch answers are not interactive requests: counted apart, as they are billed apart.
    if (r.batch) {
      batchRequests++;
      if (!r.ok) counters.failures++;
      return;
    }
    counters.requests++;
    if (!r.ok) counters.failures++;
    // One warning per run is enough to explain the manifest's count; every request says so in its own line.
    if (r.fallback && fallbacks++ === 0) log.warn({ judge: r.judge }, 'the server rejected response_format json_schema: json_object fallback (schema in the system message) used from here on');
    log.info({ judge: r.judge, samples: r.samples, ok: r.ok, ...(r.usage ? { usage: r.usage } : {}), ...(r.fallback ? { fallback: 'json_object' } : {}), ...(deps.concurrency ? { concurrency: deps.concurrency() } : {}) }, 'request');
    progress();
  });
  const outcomes = await judgeUnits(
    jobs,
    deps.judges,
    { key: p.key, perspectiveRaw: p.perspective?.raw ?? null, templates: deps.templates, policy: s.evidencePolicy, votes: s.votes, salt: s.salt, offline: s.offline },
    {
      cache: deps.cache,
      executor,
      units: deps.units,
      now: deps.now,
      log,
      ...(deps.signal ? { signal: deps.signal } : {}),
      onUnitDone: (o) => {
        counters.done++;
        counters.cacheHits += o.collected.filter((c) => c.fromCache).length;
        const lines = o.collected.map((c) => voteLine(o.job.unit.review, unitId(o.job.unit), c));
        if (deps.batchPass) held.push(...lines);
        else folder.appendVotes(lines);
        const why = o.collected.some(isPending) ? null : unscoredReason(o.result);
        if (why) log.warn({ unit: unitName(o.job.unit.review, unitId(o.job.unit)), reason: why }, 'unit unscored');
        progress();
      },
    },
  );
  if (deps.signal?.aborted) {
    log.warn({ unitsFinished: counters.done, units: total, requests: counters.requests }, 'run interrupted: no verdicts or reports written');
    return { interrupted: true, runDir: folder.dir };
  }
  if (deps.batchPass) {
    const waiting = outcomes.filter((o) => o.collected.some(isPending)).length;
    if (waiting) {
      log.info({ unitsWaiting: waiting, units: total }, 'batch pass: units wait for provider batches');
      return { pending: true, runDir: folder.dir, units: { pending: waiting, total } };
    }
    // Written whole, not appended: a pass killed after this line and run again must not repeat them.
    folder.writeState('votes.jsonl', held.map((l) => JSON.stringify(l) + '\n').join(''));
  }
  // Plan order, judged and reused units alike, so verdicts.json holds every unit of the run.
  const order = new Map(planUnits(p.key, p.inputs.reviews, undefined, s.audit).map((u, i) => [`${u.review.path}\u0000${unitId(u)}`, i]));
  const rank = (u: Unit) => order.get(`${u.review.path}\u0000${unitId(u)}`) ?? 0;
  const all = [
    ...outcomes.map((o) => ({ unit: o.job.unit, result: o.result, collected: o.collected, reused: undefined as ResolvedUnit['reused'] })),
    ...reused.map(({ unit, from }) => ({ unit, result: from.result, collected: from.votes.map((v) => recordedVote(v)), reused: { runId: base!.runId, judges: from.judges, expectedVotes: from.expectedVotes } })),
  ].sort((a, b) => rank(a.unit) - rank(b.unit));
  const verdicts: Verdicts = {
    runId: folder.runId,
    units: all.flatMap((o) => (o.result.kind === 'detection' ? [o.result.verdict] : [])),
    ...(s.audit ? { audits: all.flatMap((o) => (o.result.kind === 'audit' ? [o.result.verdict] : [])) } : {}),
  };
  const resolved: ResolvedUnit[] = all.map((o) => ({
    review: o.unit.review,
    unit: unitId(o.unit),
    judged: !o.reused,
    ...(o.reused ? { reused: o.reused } : {}),
    unscored: unscoredReason(o.result) !== null,
    collected: o.collected,
  }));
  const manifest = buildManifest({
    runId: folder.runId,
    createdAt: deps.now().toISOString(),
    fingerprint: fingerprints.run,
    inputsFingerprint: fingerprints.inputs,
    prepared: p,
    settings: s,
    templates,
    judges: deps.judges,
    units: resolved,
    requests: counters.requests,
    batchRequests,
    jsonObjectFallbacks: fallbacks,
    price: (judge, usage, billing) => {
      const price = priceFor(deps.prices, judge);
      return price ? costOf(usage, price, billing) : null;
    },
    priceTable: { date: deps.prices.date, source: deps.prices.source },
  });
  // votes.jsonl or log.jsonl lost lines to a full disk: the summaries of an incomplete folder are not written.
  folder.assertWhole();
  folder.writeJson('verdicts.json', verdicts);
  folder.writeJson('manifest.json', manifest);
  log.info({ units: manifest.totals.units, unscored: manifest.totals.unscored, requests: counters.requests, cacheHits: counters.cacheHits }, 'run finished');
  return { verdicts, manifest, outcomes, reused: reused.length };
}

function voteLine(review: Review, unit: string, c: CollectedVote<unknown>): object {
  const base = { prompt: review.prompt, run: review.run, path: review.path, unit, judge: c.judge, voteIndex: c.voteIndex, cacheKey: c.cacheKey, fromCache: c.fromCache, usage: c.fromCache ? null : c.usage, latencyMs: c.fromCache ? null : c.latencyMs, ...(c.servedModel ? { servedModel: c.servedModel } : {}), ...(c.fingerprint ? { fingerprint: c.fingerprint } : {}), ...(c.retry ? { retry: c.retry } : {}), ...(c.billing && !c.fromCache ? { billing: c.billing } : {}) };
  return c.status === 'ok' ? { ...base, status: 'ok', output: c.output } : { ...base, status: 'failed', kind: c.kind, reason: c.reason };
}

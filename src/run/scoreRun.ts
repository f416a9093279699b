import type { Logger } from 'pino';
import { canonicalJson, sha256Hex } from '../cache/canonicalJson.ts';
import type { PreparedInputs } from '../cli/planCommand.ts';
import type { AdaptiveLimit } from '../judge/AdaptiveLimit.ts';
import type { CollectedVote, VoteCache } from '../judge/collectVotes.ts';
import type { EvidencePolicy } from '../judge/evidence.ts';
import type { Provider, Usage } from '../judge/Provider.ts';
import type { Budget } from '../cost/Budget.ts';
import { costOf, priceFor, type PriceTable } from '../cost/prices.ts';
import type { PromptTemplate } from '../prompts/PromptTemplate.ts';
import type { Review } from '../round/Review.ts';
import { buildManifest, type ResolvedUnit } from './buildManifest.ts';
import { judgeAudits, type AuditJob, type AuditOutcome } from './judgeAudits.ts';
import { judgeUnits, type UnitJob, type UnitOutcome } from './judgeUnits.ts';
import type { Manifest } from './Manifest.ts';
import type { RunFolder } from './RunFolder.ts';
import type { Verdicts } from './Verdicts.ts';

/** Settings of one `score` run, after flag parsing. */
export interface ScoreSettings {
  votes: number;
  only: string[];
  fresh: boolean;
  salt: string;
  offline: boolean;
  evidencePolicy: EvidencePolicy;
  /** Run the bonus/penalty audit (one unit per review). */
  audit: boolean;
  concurrency: number;
  timeoutMs: number;
  maxRetries: number;
  /** `--max-cost`: no new paid call once this much USD is spent; null for no limit. */
  maxCostUsd: number | null;
}

/** Edges a run needs; all passed in. */
export interface ScoreDeps {
  judges: Provider[];
  limit: AdaptiveLimit;
  templates: { detection: PromptTemplate; audit: PromptTemplate };
  cache: VoteCache;
  budget: Budget;
  prices: PriceTable;
  folder: RunFolder;
  log: Logger;
  now: () => Date;
  signal?: AbortSignal;
  onProgress?: (p: { done: number; total: number; cacheHits: number; requests: number; failures: number }) => void;
}

/** Result of a run, for the CLI to print. */
export interface ScoreResult {
  verdicts: Verdicts;
  manifest: Manifest;
  outcomes: UnitOutcome[];
  audits: AuditOutcome[];
  /** Cache-only units (outside `--only`) that were not in the cache and so were left out. */
  missing: number;
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

/** Judges a prepared round (detection units and audits) and writes votes.jsonl, verdicts.json and manifest.json. */
export async function scoreRun(p: PreparedInputs, s: ScoreSettings, deps: ScoreDeps): Promise<ScoreResult> {
  const { folder, log } = deps;
  const only = new Set(s.only);
  const mode = (unit: string) => (only.size && !only.has(unit) ? 'cache-only' : 'judge') as 'judge' | 'cache-only';
  const jobs: UnitJob[] = p.inputs.reviews.flatMap((review) => p.key.problems.map((problem) => ({ review, problem, mode: mode(problem.id) })));
  const auditJobs: AuditJob[] = s.audit ? p.inputs.reviews.map((review) => ({ review, mode: mode('audit') })) : [];
  const counters = { done: 0, cacheHits: 0, requests: 0, failures: 0 };
  const total = jobs.length + auditJobs.length;
  const progress = () => deps.onProgress?.({ ...counters, total });
  const templates = s.audit ? [deps.templates.detection, deps.templates.audit] : [deps.templates.detection];
  log.info({ runId: folder.runId, units: jobs.length, audits: auditJobs.length, judges: deps.judges.map((j) => j.id), settings: { ...s } }, 'run started');
  progress();
  const finished = (review: Review, unit: string, collected: CollectedVote<unknown>[], missing: boolean, unscoredReason?: string) => {
    counters.done++;
    counters.cacheHits += collected.filter((c) => c.fromCache).length;
    if (!missing) folder.appendVotes(collected.map((c) => voteLine(review, unit, c)));
    if (unscoredReason) log.warn({ unit: `${review.prompt} run${review.run} ${unit}`, reason: unscoredReason }, 'unit unscored');
    progress();
  };
  const common = {
    cache: deps.cache,
    limit: deps.limit,
    now: deps.now,
    signal: deps.signal,
    log,
    unitsInFlight: Math.max(16, deps.limit.max * 4),
    stopReason: () => deps.budget.stopReason(),
    onRequest: (r: { judge: string; samples: number; ok: boolean; usage: Usage | null }) => {
      deps.budget.add(r.judge, r.usage);
      counters.requests++;
      if (!r.ok) counters.failures++;
      log.info({ judge: r.judge, samples: r.samples, ok: r.ok, concurrency: deps.limit.concurrency }, 'request');
      progress();
    },
  };
  const [outcomes, audits] = await Promise.all([
    judgeUnits(jobs, deps.judges, { votes: s.votes, policy: s.evidencePolicy, template: deps.templates.detection, salt: s.salt, offline: s.offline }, {
      ...common,
      onUnitDone: (o) => finished(o.job.review, o.job.problem.id, o.collected, o.missing, o.verdict.verdict === 'unscored' ? o.verdict.reason : undefined),
    }),
    judgeAudits(auditJobs, deps.judges, { key: p.key, perspectiveRaw: p.perspective?.raw ?? null, template: deps.templates.audit, votes: s.votes, salt: s.salt, offline: s.offline }, {
      ...common,
      onAuditDone: (o) => finished(o.job.review, 'audit', o.collected, o.missing, o.verdict.status === 'unscored' ? o.verdict.reason : undefined),
    }),
  ]);
  const kept = outcomes.filter((o) => !o.missing);
  const keptAudits = audits.filter((o) => !o.missing);
  const verdicts: Verdicts = { runId: folder.runId, units: kept.map((o) => o.verdict), ...(s.audit ? { audits: keptAudits.map((o) => o.verdict) } : {}) };
  const resolved: ResolvedUnit[] = [
    ...outcomes.map((o) => ({ review: o.job.review, unit: o.job.problem.id, judged: o.job.mode === 'judge', missing: o.missing, unscored: o.verdict.verdict === 'unscored', collected: o.collected })),
    ...audits.map((o) => ({ review: o.job.review, unit: 'audit', judged: o.job.mode === 'judge', missing: o.missing, unscored: o.verdict.status === 'unscored', collected: o.collected })),
  ];
  const manifest = buildManifest({
    runId: folder.runId,
    createdAt: deps.now().toISOString(),
    fingerprint: runFingerprint(p, templates, deps.judges, s),
    prepared: p,
    settings: s,
    templates,
    judges: deps.judges,
    units: resolved,
    requests: counters.requests,
    price: (judge, usage) => {
      const price = priceFor(deps.prices, judge);
      return price ? costOf(usage, price) : null;
    },
    priceTable: { date: deps.prices.date, source: deps.prices.source },
  });
  folder.writeJson('verdicts.json', verdicts);
  folder.writeJson('manifest.json', manifest);
  log.info({ units: manifest.totals.units, unscored: manifest.totals.unscored, requests: counters.requests, cacheHits: counters.cacheHits }, 'run finished');
  return { verdicts, manifest, outcomes: kept, audits: keptAudits, missing: resolved.filter((u) => u.missing).length };
}

/** `baseline run1 P03`: how units are named in messages. */
export function unitName(review: Review, unit: string): string {
  return `${review.prompt} run${review.run} ${unit}`;
}

function voteLine(review: Review, unit: string, c: CollectedVote<unknown>): object {
  const base = { prompt: review.prompt, run: review.run, path: review.path, unit, judge: c.judge, voteIndex: c.voteIndex, cacheKey: c.cacheKey, fromCache: c.fromCache, usage: c.fromCache ? null : c.usage, latencyMs: c.fromCache ? null : c.latencyMs };
  return c.status === 'ok' ? { ...base, status: 'ok', output: c.output } : { ...base, status: 'failed', kind: c.kind, reason: c.reason };
}

import type { Logger } from 'pino';
import { canonicalJson, sha256Hex } from '../cache/canonicalJson.ts';
import type { PreparedInputs } from '../cli/planCommand.ts';
import { AdaptiveLimit } from '../judge/AdaptiveLimit.ts';
import type { VoteCache } from '../judge/collectVotes.ts';
import type { EvidencePolicy } from '../judge/evidence.ts';
import type { Provider } from '../judge/Provider.ts';
import type { PromptTemplate } from '../prompts/PromptTemplate.ts';
import { VERSION } from '../version.ts';
import { judgeUnits, type UnitJob, type UnitOutcome } from './judgeUnits.ts';
import type { Manifest, ManifestVote } from './Manifest.ts';
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
  concurrency: number;
  timeoutMs: number;
  maxRetries: number;
}

/** Edges a run needs; all passed in. */
export interface ScoreDeps {
  judges: Provider[];
  limit: AdaptiveLimit;
  template: PromptTemplate;
  cache: VoteCache;
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
  /** Cache-only units (outside `--only`) that were not in the cache and so were left out. */
  missing: UnitOutcome[];
}

/** Digest of what makes two runs comparable (not `--only`, `--fresh` or transport settings). */
export function runFingerprint(p: PreparedInputs, template: PromptTemplate, judges: Provider[], s: ScoreSettings): string {
  return sha256Hex(
    canonicalJson({
      key: p.inputs.key.sha256,
      perspective: p.inputs.perspective?.sha256 ?? null,
      reviews: p.inputs.reviews.map((r) => [r.prompt, r.run, r.sha256]),
      templates: [template.sha256],
      judges: judges.map((j) => [j.id, j.baseURL]),
      votes: s.votes,
      evidencePolicy: s.evidencePolicy,
    }),
  );
}

/** Judges the detection units of a prepared round and writes votes.jsonl, verdicts.json and manifest.json. */
export async function scoreRun(p: PreparedInputs, s: ScoreSettings, deps: ScoreDeps): Promise<ScoreResult> {
  const { folder, log } = deps;
  const only = new Set(s.only);
  const jobs: UnitJob[] = p.inputs.reviews.flatMap((review) =>
    p.key.problems.map((problem) => ({ review, problem, mode: only.size && !only.has(problem.id) ? 'cache-only' : 'judge' }) as UnitJob),
  );
  const counters = { done: 0, cacheHits: 0, requests: 0, failures: 0 };
  const progress = () => deps.onProgress?.({ ...counters, total: jobs.length });
  log.info({ runId: folder.runId, units: jobs.length, judges: deps.judges.map((j) => j.id), settings: { ...s } }, 'run started');
  progress();
  const outcomes = await judgeUnits(jobs, deps.judges, { votes: s.votes, policy: s.evidencePolicy, template: deps.template, salt: s.salt, offline: s.offline }, {
    cache: deps.cache,
    limit: deps.limit,
    now: deps.now,
    signal: deps.signal,
    log,
    unitsInFlight: Math.max(16, deps.limit.max * 4),
    onRequest: (r) => {
      counters.requests++;
      if (!r.ok) counters.failures++;
      log.info({ judge: r.judge, samples: r.samples, ok: r.ok, concurrency: deps.limit.concurrency }, 'request');
      progress();
    },
    onUnitDone: (o) => {
      counters.done++;
      counters.cacheHits += o.collected.filter((c) => c.fromCache).length;
      if (!o.missing) for (const c of o.collected) folder.appendVote(voteLine(o, c));
      if (o.verdict.verdict === 'unscored') log.warn({ unit: unitName(o), reason: o.verdict.reason }, 'unit unscored');
      progress();
    },
  });
  const kept = outcomes.filter((o) => !o.missing);
  const verdicts: Verdicts = { runId: folder.runId, units: kept.map((o) => o.verdict) };
  const manifest = buildManifest(p, s, deps, outcomes, kept, runFingerprint(p, deps.template, deps.judges, s), counters.requests);
  folder.writeJson('verdicts.json', verdicts);
  folder.writeJson('manifest.json', manifest);
  log.info({ units: kept.length, unscored: manifest.totals.unscored, requests: counters.requests, cacheHits: counters.cacheHits }, 'run finished');
  return { verdicts, manifest, outcomes: kept, missing: outcomes.filter((o) => o.missing) };
}

/** `baseline run1 P03`: how units are named in messages. */
export function unitName(o: UnitOutcome): string {
  return `${o.job.review.prompt} run${o.job.review.run} ${o.job.problem.id}`;
}

function voteLine(o: UnitOutcome, c: UnitOutcome['collected'][number]): object {
  const base = { prompt: o.job.review.prompt, run: o.job.review.run, path: o.job.review.path, unit: o.job.problem.id, judge: c.judge, voteIndex: c.voteIndex, cacheKey: c.cacheKey, fromCache: c.fromCache, usage: c.usage, latencyMs: c.latencyMs };
  return c.status === 'ok'
    ? { ...base, status: 'ok', verdict: c.output.verdict, reasoning: c.output.reasoning, evidence: c.output.evidence }
    : { ...base, status: 'failed', kind: c.kind, reason: c.reason };
}

function buildManifest(p: PreparedInputs, s: ScoreSettings, deps: ScoreDeps, all: UnitOutcome[], kept: UnitOutcome[], fingerprint: string, requests: number): Manifest {
  const votes: ManifestVote[] = kept.flatMap((o) =>
    o.collected.map((c) => ({
      prompt: o.job.review.prompt,
      run: o.job.review.run,
      unit: o.job.problem.id,
      judge: c.judge,
      voteIndex: c.voteIndex,
      cacheKey: c.cacheKey,
      status: c.status,
      ...(c.status === 'failed' ? { reason: `${c.kind}: ${c.reason}` } : {}),
    })),
  );
  const sum = (f: (u: NonNullable<UnitOutcome['collected'][number]['usage']>) => number) =>
    kept.reduce((acc, o) => acc + o.collected.reduce((a, c) => a + (c.usage && !c.fromCache ? f(c.usage) : 0), 0), 0);
  return {
    runId: deps.folder.runId,
    tool: { name: 'review-judge', version: VERSION },
    createdAt: deps.now().toISOString(),
    fingerprint,
    round: p.inputs.round,
    inputs: {
      key: { path: p.inputs.key.path, sha256: p.inputs.key.sha256 },
      perspective: p.inputs.perspective ? { path: p.inputs.perspective.path, sha256: p.inputs.perspective.sha256 } : null,
      reviews: p.inputs.reviews.map(({ prompt, run, path, sha256, size }) => ({ prompt, run, path, sha256, size })),
      refused: p.inputs.refused,
    },
    key: p.key,
    perspective: p.perspective,
    templates: [{ name: deps.template.name, file: deps.template.file, sha256: deps.template.sha256 }],
    judges: deps.judges.map((j) => ({ id: j.id, kind: j.kind, model: j.model, baseURL: j.baseURL, maxSamplesPerRequest: j.maxSamplesPerRequest })),
    settings: { ...s },
    units: all.map((o) => ({ prompt: o.job.review.prompt, run: o.job.review.run, unit: o.job.problem.id, judged: o.job.mode === 'judge' && !o.missing })),
    votes,
    totals: {
      units: kept.length,
      unscored: kept.filter((o) => o.verdict.verdict === 'unscored').length,
      requests,
      cacheHits: kept.reduce((a, o) => a + o.collected.filter((c) => c.fromCache).length, 0),
      inputTokens: sum((u) => u.inputTokens),
      outputTokens: sum((u) => u.outputTokens),
      cachedInputTokens: sum((u) => u.cachedInputTokens),
    },
  };
}

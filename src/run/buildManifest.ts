import type { PreparedInputs } from '../types/Inputs.ts';
import type { Provider } from '../types/Provider.ts';
import type { CollectedVote } from '../types/Vote.ts';
import type { PromptTemplate } from '../prompts/PromptTemplate.ts';
import type { Review } from '../types/Review.ts';
import { VERSION } from '../version.ts';
import type { Manifest, ManifestVote } from '../types/Manifest.ts';
import type { ScoreSettings } from '../types/Settings.ts';
import type { LocalUsage } from '../types/LocalUsage.ts';

/** A resolved unit (detection or audit) as the manifest records it. */
export interface ResolvedUnit {
  review: Review;
  unit: string;
  judged: boolean;
  /** Taken as it was from this earlier run (`--only`), with its judges and expected votes. */
  reused?: { runId: string; judges: string[]; expectedVotes: number };
  unscored: boolean;
  collected: CollectedVote<unknown>[];
}

/** Pure: manifest.json from everything a run decided; no keys can reach it (none are passed in). */
export function buildManifest(args: {
  runId: string;
  createdAt: string;
  fingerprint: string;
  inputsFingerprint: string;
  prepared: PreparedInputs;
  settings: ScoreSettings;
  templates: PromptTemplate[];
  judges: Provider[];
  units: ResolvedUnit[];
  requests: number;
  /** Entries answered by provider batches (not among `requests`). */
  batchRequests?: number;
  /** Requests sent as json_object because the server rejected json_schema (recorded when any). */
  jsonObjectFallbacks?: number;
  /** Prices usage; null when the judge has no price. */
  price: (judge: string, usage: NonNullable<CollectedVote<unknown>['usage']>, billing?: 'batch') => number | null;
  priceTable: { date: string; source: string };
}): Manifest {
  const { prepared: p, units } = args;
  const kept = units;
  const votes: ManifestVote[] = kept.flatMap((u) =>
    u.collected.map((c) => ({
      prompt: u.review.prompt,
      run: u.review.run,
      unit: u.unit,
      judge: c.judge,
      voteIndex: c.voteIndex,
      cacheKey: c.cacheKey,
      status: c.status,
      ...(c.status === 'failed' ? { reason: `${c.kind}: ${c.reason}` } : {}),
      ...(c.retry ? { retry: { ...c.retry, fromCache: c.fromCache } } : {}),
      ...(c.billing && !c.fromCache ? { billing: c.billing } : {}),
    })),
  );
  // A retry read back from the cache cost nothing in this run: only the ones sent are counted.
  const sentRetries = kept.flatMap((u) => u.collected.filter((c) => c.retry && !c.fromCache).map((c) => c.retry!.kind));
  const retries = { invalidOutput: sentRetries.filter((k) => k === 'invalid-output').length, truncated: sentRetries.filter((k) => k === 'truncated').length };
  const fresh = kept.flatMap((u) => u.collected.filter((c) => !c.fromCache && c.usage).map((c) => c.usage!));
  // Votes this run got from provider batches (billed at the batch price); their usage sits on each request's first vote.
  const batched = kept.flatMap((u) => u.collected.filter((c) => !c.fromCache && c.billing === 'batch'));
  const sum = (f: (x: (typeof fresh)[number]) => number) => fresh.reduce((a, x) => a + f(x), 0);
  const localJudges = new Set(args.judges.filter((j) => j.kind === 'local').map((j) => j.id));
  const local = kept.flatMap((u) => u.collected.filter((c) => !c.fromCache && c.usage && localJudges.has(c.judge)));
  const byUnit = kept.map((u) => {
    const paid = u.collected.filter((c) => !c.fromCache && c.usage);
    return {
      prompt: u.review.prompt,
      run: u.review.run,
      unit: u.unit,
      usd: round6(paid.reduce((a, c) => a + (args.price(c.judge, c.usage!, c.billing) ?? 0), 0)),
      inputTokens: paid.reduce((a, c) => a + c.usage!.inputTokens, 0),
      outputTokens: paid.reduce((a, c) => a + c.usage!.outputTokens, 0),
    };
  });
  const byReview = p.inputs.reviews.map((r) => ({
    prompt: r.prompt,
    run: r.run,
    usd: round6(byUnit.filter((u) => u.prompt === r.prompt && u.run === r.run).reduce((a, u) => a + u.usd, 0)),
  }));
  const snapshots = new Map<string, { judge: string; servedModel: string; fingerprints: Set<string>; votes: number }>();
  for (const c of kept.flatMap((u) => u.collected)) {
    if (c.status !== 'ok' || !c.servedModel) continue;
    const k = `${c.judge}\u0000${c.servedModel}`;
    const s = snapshots.get(k) ?? snapshots.set(k, { judge: c.judge, servedModel: c.servedModel, fingerprints: new Set(), votes: 0 }).get(k)!;
    s.votes++;
    if (c.fingerprint) s.fingerprints.add(c.fingerprint);
  }
  return {
    runId: args.runId,
    tool: { name: 'review-judge', version: VERSION },
    createdAt: args.createdAt,
    fingerprint: args.fingerprint,
    inputsFingerprint: args.inputsFingerprint,
    round: p.inputs.round,
    inputs: {
      key: { path: p.inputs.key.path, sha256: p.inputs.key.sha256 },
      perspective: p.inputs.perspective ? { path: p.inputs.perspective.path, sha256: p.inputs.perspective.sha256 } : null,
      reviews: p.inputs.reviews.map(({ prompt, run, path, sha256, size }) => ({ prompt, run, path, sha256, size })),
      refused: p.inputs.refused,
    },
    key: p.key,
    perspective: p.perspective,
    templates: args.templates.map((t) => ({ name: t.name, file: t.file, sha256: t.sha256 })),
    snapshots: [...snapshots.values()].map((s) => ({ ...s, fingerprints: [...s.fingerprints].sort() })).sort((a, b) => a.judge.localeCompare(b.judge) || a.servedModel.localeCompare(b.servedModel)),
    judges: args.judges.map((j) => ({ id: j.id, kind: j.kind, model: j.model, baseURL: j.baseURL, maxSamplesPerRequest: j.maxSamplesPerRequest, ...(j.modelUse ? { modelUse: j.modelUse } : {}) })),
    settings: { ...args.settings },
    units: units.map((u) => ({
      prompt: u.review.prompt,
      run: u.review.run,
      unit: u.unit,
      judged: u.judged,
      ...(u.reused ? { reusedFrom: u.reused.runId, judges: u.reused.judges, expectedVotes: u.reused.expectedVotes } : { judges: args.judges.map((j) => j.id), expectedVotes: args.settings.votes * args.judges.length }),
    })),
    votes,
    totals: {
      units: kept.length,
      unscored: kept.filter((u) => u.unscored).length,
      requests: args.requests,
      cacheHits: kept.reduce((a, u) => a + u.collected.filter((c) => c.fromCache).length, 0),
      inputTokens: sum((x) => x.inputTokens),
      outputTokens: sum((x) => x.outputTokens),
      cachedInputTokens: sum((x) => x.cachedInputTokens),
      costUsd: round6(byUnit.reduce((a, u) => a + u.usd, 0)),
      ...(args.jsonObjectFallbacks ? { jsonObjectFallbacks: args.jsonObjectFallbacks } : {}),
      ...(sentRetries.length ? { retries } : {}),
      ...(local.length ? { local: localUsage(local) } : {}),
      ...(batched.length || args.batchRequests ? { batch: { requests: args.batchRequests ?? 0, votes: batched.length, costUsd: round6(batched.reduce((a, c) => a + (c.usage ? (args.price(c.judge, c.usage, 'batch') ?? 0) : 0), 0)) } } : {}),
    },
    costs: { priceTable: args.priceTable, unpricedRequests: fresh.length ? kept.reduce((a, u) => a + u.collected.filter((c) => !c.fromCache && c.usage && args.price(c.judge, c.usage, c.billing) === null).length, 0) : 0, byReview, byUnit },
  };
}

/** A local judge answers one sample per request, so each fresh vote with usage is one request. */
function localUsage(votes: CollectedVote<unknown>[]): LocalUsage {
  const sum = (f: (c: CollectedVote<unknown>) => number) => votes.reduce((a, c) => a + f(c), 0);
  return {
    requests: votes.length,
    wallMs: Math.round(sum((c) => c.latencyMs ?? 0)),
    promptTokens: sum((c) => c.usage!.inputTokens),
    evaluatedTokens: sum((c) => c.usage!.inputTokens - c.usage!.cachedInputTokens),
    outputTokens: sum((c) => c.usage!.outputTokens),
  };
}

/** Micro-dollar precision: enough for totals, stable in JSON. */
function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

import type { AnswerKey } from '../types/AnswerKey.ts';
import { canonicalJson, sha256Hex } from '../cache/canonicalJson.ts';
import type { Perspective } from '../types/Perspective.ts';
import type { Manifest } from '../types/Manifest.ts';
import type { UnitVerdict, Verdicts } from '../types/Verdicts.ts';
import { VERSION } from '../version.ts';
import type { ScoringFile } from './parseScoringFile.ts';

/** A file with its digest, as an import records it. */
export interface FileDigest {
  path: string;
  sha256: string;
  size: number;
}

/** Everything read for one round of history. */
export interface HistoryRound {
  runId: string;
  createdAt: string;
  round: number;
  key: { file: FileDigest; parsed: AnswerKey };
  perspective: { file: FileDigest; parsed: Perspective } | null;
  scoring: Array<{ file: FileDigest; parsed: ScoringFile }>;
  unreadable: Array<{ path: string; reason: string }>;
  /** Review run files by `prompt/run`. */
  runFiles: Map<string, FileDigest>;
}

/** Judge id of historical verdicts: one LLM grader's single pass, a reference rather than the truth. */
export const HISTORY_JUDGE = 'history:phase4-scoring';

/**
 * Pure: one round of historical scoring files as a run (verdicts.json + manifest.json shapes),
 * marked `imported`, each verdict carrying its scoring file and line; `review.path` is the run file.
 */
export function importedRun(h: HistoryRound): { verdicts: Verdicts; manifest: Manifest; warnings: string[] } {
  const warnings: string[] = [];
  const ids = new Set(h.key.parsed.problems.map((p) => p.id));
  const units: UnitVerdict[] = [];
  const reviews = new Map<string, FileDigest & { prompt: string; run: number }>();
  const statedCounts: NonNullable<Verdicts['statedCounts']> = [];
  for (const { file, parsed } of h.scoring) {
    const runs = [...new Set(parsed.verdicts.map((v) => v.run))].sort((a, b) => a - b);
    for (const run of runs) {
      const runFile = h.runFiles.get(`${parsed.prompt}/${run}`) ?? { path: file.path.replace(/-scoring\.md$/, `-run${run}.md`), sha256: '', size: 0 };
      if (!runFile.sha256) warnings.push(`${file.path}: run ${run} has verdicts but no run file ${runFile.path}`);
      else reviews.set(`${parsed.prompt}/${run}`, { ...runFile, prompt: parsed.prompt, run });
      statedCounts.push({ prompt: parsed.prompt, run, bonus: parsed.bonusCounts[run] ?? null, penalty: parsed.penaltyCounts[run] ?? null, file: file.path });
    }
    for (const v of parsed.verdicts) {
      if (!ids.has(v.problem)) warnings.push(`${file.path}:${v.line}: ${v.problem} is not in the answer key; left out`);
      if (!ids.has(v.problem)) continue;
      const runFile = h.runFiles.get(`${parsed.prompt}/${v.run}`);
      const source = { file: file.path, line: v.line };
      units.push({
        review: { prompt: parsed.prompt, run: v.run, path: runFile?.path ?? file.path.replace(/-scoring\.md$/, `-run${v.run}.md`), sha256: runFile?.sha256 ?? '' },
        unit: v.problem,
        verdict: v.verdict,
        agreement: 1,
        votes: [{ judge: HISTORY_JUDGE, voteIndex: 0, verdict: v.verdict, modelVerdict: v.verdict, verified: true, reason: `${source.file}:${source.line}` }],
        evidence: [],
        unverified: 0,
        source,
      });
    }
  }
  units.sort((a, b) => (a.review.prompt < b.review.prompt ? -1 : a.review.prompt > b.review.prompt ? 1 : 0) || a.review.run - b.review.run || (a.unit < b.unit ? -1 : 1));
  const reviewList = [...reviews.values()].sort((a, b) => (a.prompt < b.prompt ? -1 : a.prompt > b.prompt ? 1 : a.run - b.run));
  const manifest: Manifest = {
    runId: h.runId,
    tool: { name: 'review-judge', version: VERSION },
    createdAt: h.createdAt,
    fingerprint: sha256Hex(canonicalJson({ imported: h.scoring.map((s) => s.file.sha256), key: h.key.file.sha256 })),
    round: h.round,
    inputs: {
      key: { path: h.key.file.path, sha256: h.key.file.sha256 },
      perspective: h.perspective ? { path: h.perspective.file.path, sha256: h.perspective.file.sha256 } : null,
      reviews: reviewList.map(({ prompt, run, path, sha256, size }) => ({ prompt, run, path, sha256, size })),
      refused: [],
    },
    key: h.key.parsed,
    perspective: h.perspective?.parsed ?? null,
    templates: [],
    snapshots: [],
    judges: [{ id: HISTORY_JUDGE, kind: 'imported', model: 'phase4-scoring-files', baseURL: '', maxSamplesPerRequest: 1 }],
    settings: { votes: 1, only: [], fresh: false, salt: '', offline: true, evidencePolicy: 'ignore', audit: false, maxCostUsd: null, concurrency: 1, timeoutMs: 0, maxRetries: 0 },
    units: units.map((u) => ({ prompt: u.review.prompt, run: u.review.run, unit: u.unit, judged: false })),
    votes: [],
    totals: { units: units.length, unscored: 0, requests: 0, cacheHits: 0, inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, costUsd: 0 },
    imported: { scoringFiles: h.scoring.map((s) => ({ path: s.file.path, sha256: s.file.sha256 })), unreadable: h.unreadable },
  };
  return { verdicts: { runId: h.runId, units, imported: true, statedCounts }, manifest, warnings };
}

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { Report } from '../types/Report.ts';
import { Verdicts } from '../types/Verdicts.ts';
import { seriesOf, type HistoryEntry } from './history.ts';
import { readJsonOrNull } from './readRun.ts';

/** The few manifest fields the index needs: parsing only these keeps a night's start-up flat as history grows. */
const ManifestHead = z.object({
  runId: z.string(),
  createdAt: z.string(),
  fingerprint: z.string(),
  round: z.number().int().nullable(),
  inputsFingerprint: z.string().optional(),
  inputs: z.object({ key: z.object({ path: z.string(), sha256: z.string() }) }),
});

/** The part of report.json the convergence rule reads from earlier rounds. */
const ReportHead = z.object({ convergence: z.object({ history: z.array(z.object({ round: z.number().int(), improvement: z.number() })) }) });

/** run.json: a run's entry in the index, written beside its manifest so the index reads a few hundred bytes, not the manifest. */
export const RunSummary = z.object({
  runId: z.string(),
  createdAt: z.string(),
  fingerprint: z.string(),
  round: z.number().int().nullable(),
  series: z.string(),
  keySha256: z.string(),
  improvement: z.number().nullable(),
  hasReport: z.boolean(),
  /** The inputs' digest (absent in runs written before it): `--only` builds on the latest run with the same. */
  inputs: z.string().optional(),
});
export type RunSummary = z.infer<typeof RunSummary>;

/** One run folder as the index knows it. */
export interface RunEntry {
  dir: string;
  runId: string;
  createdAt: string;
  fingerprint: string;
  round: number | null;
  /** The answer key folder's name (`reliability-design`). */
  series: string;
  keySha256: string;
  /** This run's own round improvement from its report, or null (no report, or no round). */
  improvement: number | null;
  hasReport: boolean;
  inputs?: string;
}

/** How many run folders are read at once. */
const PARALLEL_READS = 32;

/**
 * The runs folder, read once per invocation (not once per round): every run's identity, for the
 * convergence history, the previous run of the same inputs, and `--compare-to`. Unreadable
 * folders are skipped. Runs written during the invocation are added with `add`.
 */
export class RunsIndex {
  private constructor(readonly runsDir: string, private readonly entries: RunEntry[]) {}

  /** Reads every run folder's manifest head and report head under `runsDir` (none: an empty index). */
  static async load(runsDir: string): Promise<RunsIndex> {
    const names = (await readdir(runsDir, { withFileTypes: true }).catch(() => [])).filter((d) => d.isDirectory() && d.name !== 'cache').map((d) => d.name);
    const entries: RunEntry[] = [];
    for (let i = 0; i < names.length; i += PARALLEL_READS) {
      const got = await Promise.all(names.slice(i, i + PARALLEL_READS).map((n) => readEntry(path.join(runsDir, n))));
      for (const e of got) if (e) entries.push(e);
    }
    return new RunsIndex(runsDir, entries);
  }

  /** Every run known, in no particular order. */
  get runs(): readonly RunEntry[] {
    return this.entries;
  }

  /** Records a run written by this invocation. */
  add(entry: RunEntry): void {
    this.entries.push(entry);
  }

  /**
   * Earlier rounds' improvements of a series (the latest run of each round wins), merged under a
   * `--history` file's entries.
   */
  history(series: string, beforeRound: number, historyFile: HistoryEntry[] = []): HistoryEntry[] {
    const byRound = new Map<number, { createdAt: string; improvement: number }>();
    for (const e of this.entries) {
      if (e.round === null || e.round >= beforeRound || e.series !== series || e.improvement === null) continue;
      const seen = byRound.get(e.round);
      if (!seen || seen.createdAt < e.createdAt) byRound.set(e.round, { createdAt: e.createdAt, improvement: e.improvement });
    }
    const merged = new Map([...byRound].map(([round, v]) => [round, v.improvement]));
    for (const h of historyFile) if (h.round < beforeRound) merged.set(h.round, h.improvement);
    return [...merged].map(([round, improvement]) => ({ round, improvement })).sort((a, b) => a.round - b.round);
  }

  /** The most recent other run with this fingerprint whose verdicts can be read, or null. */
  async previousRun(fingerprint: string, exceptRunId: string): Promise<{ entry: RunEntry; verdicts: Verdicts } | null> {
    const same = this.entries.filter((e) => e.fingerprint === fingerprint && e.runId !== exceptRunId).sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
    for (const entry of same) {
      const verdicts = await readJsonOrNull(path.join(entry.dir, 'verdicts.json'), Verdicts);
      if (verdicts) return { entry, verdicts };
    }
    return null;
  }

  /**
   * The latest run of these inputs for `--only` to build on: same inputs digest, or (runs written
   * before it was recorded) the same full fingerprint. Null when there is none.
   */
  latestOfInputs(inputs: string, fingerprint: string): RunEntry | null {
    const same = this.entries.filter((e) => e.hasReport && (e.inputs ? e.inputs === inputs : e.fingerprint === fingerprint));
    return same.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.runId < b.runId ? 1 : -1))[0] ?? null;
  }

  /** The latest report per answer key (sha256), for `--compare-to` a runs folder. */
  async latestReports(): Promise<Map<string, Report>> {
    const latest = new Map<string, RunEntry>();
    for (const e of this.entries) {
      if (!e.hasReport) continue;
      const seen = latest.get(e.keySha256);
      if (!seen || seen.createdAt < e.createdAt) latest.set(e.keySha256, e);
    }
    const out = new Map<string, Report>();
    for (const [k, e] of latest) {
      const report = await readJsonOrNull(path.join(e.dir, 'report.json'), Report);
      if (report) out.set(k, report);
    }
    return out;
  }
}

async function readEntry(dir: string): Promise<RunEntry | null> {
  const summary = RunSummary.safeParse(await readJsonText(path.join(dir, 'run.json')));
  if (summary.success) return { dir, ...summary.data };
  // Runs written before run.json existed (and imported ones): the manifest's and the report's heads.
  const head = ManifestHead.safeParse(await readJsonText(path.join(dir, 'manifest.json')));
  if (!head.success) return null;
  const m = head.data;
  const report = ReportHead.safeParse(await readJsonText(path.join(dir, 'report.json')));
  const own = report.success && m.round !== null ? (report.data.convergence.history.find((h) => h.round === m.round)?.improvement ?? null) : null;
  return {
    dir,
    runId: m.runId,
    createdAt: m.createdAt,
    fingerprint: m.fingerprint,
    round: m.round,
    series: seriesOf(m.inputs.key.path),
    keySha256: m.inputs.key.sha256,
    improvement: own,
    hasReport: report.success,
    ...(m.inputsFingerprint ? { inputs: m.inputsFingerprint } : {}),
  };
}

async function readJsonText(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return null;
  }
}

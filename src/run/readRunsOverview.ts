import { access, readdir } from 'node:fs/promises';
import path from 'node:path';
import { LEDGER_FILE } from './BatchLedger.ts';
import { nightOf } from '../report/nightOf.ts';
import { Report } from '../types/Report.ts';
import type { Night, RunsOverview } from '../types/RunsOverview.ts';
import { readJsonOrNull } from './readRun.ts';
import { RunsIndex, type RunEntry } from './RunsIndex.ts';

/** How many report.json files are read at once (they are larger than run.json: tens of KB each). */
const PARALLEL_READS = 16;

/**
 * The edge of `review-judge view`: every run folder of `runsDir` read into a typed overview. The
 * runs index gives each folder's identity (run.json, or the manifest head for older runs); then
 * each report.json is read in parallel batches. Folders neither can read are listed, not fatal.
 */
export async function readRunsOverview(runsDir: string, opts: { label: string; generatedAt: string }): Promise<RunsOverview> {
  const folders = (await readdir(runsDir, { withFileTypes: true })).filter((d) => d.isDirectory() && d.name !== 'cache').map((d) => d.name);
  const index = await RunsIndex.load(runsDir);
  const byFolder = new Map(index.runs.map((e) => [path.basename(e.dir), e]));
  const nights: Night[] = [];
  const unreadable: RunsOverview['unreadable'] = [];
  for (let i = 0; i < folders.length; i += PARALLEL_READS) {
    const batch = folders.slice(i, i + PARALLEL_READS);
    const read = await Promise.all(batch.map((f) => readNight(runsDir, f, byFolder.get(f))));
    read.forEach((r, j) => (typeof r === 'string' ? unreadable.push({ folder: batch[j]!, reason: r }) : nights.push(r)));
  }
  unreadable.sort((a, b) => (a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0));
  return { runsDir: opts.label, generatedAt: opts.generatedAt, nights, unreadable };
}

/** One folder's night, or why it cannot be shown. */
async function readNight(runsDir: string, folder: string, entry: RunEntry | undefined): Promise<Night | string> {
  const dir = path.join(runsDir, folder);
  if (!entry) {
    const waiting = await access(path.join(dir, LEDGER_FILE)).then(() => true, () => false);
    return waiting ? `a --batch run waiting for provider batches: review-judge collect ${dir}` : 'no readable run.json or manifest.json';
  }
  const report = await readJsonOrNull(path.join(dir, 'report.json'), Report);
  if (!report) return 'no readable report.json (an interrupted run, or not a run folder)';
  const reportHtml = await access(path.join(dir, 'report.html')).then(
    () => true,
    () => false,
  );
  return nightOf({ folder, runId: entry.runId, createdAt: entry.createdAt, series: entry.series, round: entry.round, reportHtml }, report);
}

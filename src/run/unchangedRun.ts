import path from 'node:path';
import { canonicalJson } from '../cache/canonicalJson.ts';
import { Manifest } from '../types/Manifest.ts';
import { Report } from '../types/Report.ts';
import { readJsonOrNull } from './readRun.ts';
import type { RunEntry } from './RunsIndex.ts';

/** What makes two runs' results the same: every vote's key and status, in a fixed order. */
function voteSet(m: Pick<Manifest, 'votes'>): string {
  return m.votes.map((v) => `${v.prompt}\u0000${v.run}\u0000${v.unit}\u0000${v.judge}\u0000${v.voteIndex}\u0000${v.cacheKey}\u0000${v.status}`).sort().join('\n');
}

/** A report without what differs between two runs of the same votes: its run id and this run's spend. */
function comparable(r: Report): string {
  return canonicalJson({ ...r, runId: '', cost: null });
}

/**
 * The latest run a new one repeats exactly — same fingerprint, the same votes (keys and statuses),
 * no request sent (interactive or batch), the same report apart from its run id — or null. A nightly that finds nothing
 * new then writes no new folder and reports the round as unchanged.
 */
export async function unchangedRun(latest: RunEntry | null, manifest: Manifest, report: Report): Promise<{ entry: RunEntry; report: Report } | null> {
  // A batch answer was paid for too: a run that got any is new, whatever its votes say.
  if (!latest || latest.fingerprint !== manifest.fingerprint || manifest.totals.requests > 0 || (manifest.totals.batch?.requests ?? 0) > 0) return null;
  const [before, beforeReport] = await Promise.all([readJsonOrNull(path.join(latest.dir, 'manifest.json'), Manifest), readJsonOrNull(path.join(latest.dir, 'report.json'), Report)]);
  if (!before || !beforeReport || voteSet(before) !== voteSet(manifest)) return null;
  return comparable(beforeReport) === comparable({ ...report, cost: beforeReport.cost }) ? { entry: latest, report: beforeReport } : null;
}

import path from 'node:path';
import { InputError } from '../errors.ts';
import { readJsonOrNull } from '../run/readRun.ts';
import { RunsIndex } from '../run/RunsIndex.ts';
import { Report } from '../types/Report.ts';

/** `--compare-to`: one run folder (its report applies to any round) or a runs folder (the latest report per answer key). */
export async function loadCompareTo(dir: string, shown: string, opts: { firstNightOk?: boolean } = {}): Promise<Map<string | null, Report>> {
  const own = await readJsonOrNull(path.join(dir, 'report.json'), Report);
  if (own) return new Map([[null, own]]);
  const out = new Map<string | null, Report>(await (await RunsIndex.load(dir)).latestReports());
  // --compare-to its own --runs-dir on the first night: nothing earlier yet, which is not an error.
  if (!out.size && opts.firstNightOk) return out;
  if (!out.size) throw new InputError('no report.json here or in its run folders; expected a run folder written by `review-judge score`', shown);
  return out;
}

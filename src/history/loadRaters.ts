import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.ts';
import { readRun, type StoredRun } from '../run/readRun.ts';
import type { LabeledUnit } from './agreement.ts';
import { calibrationPath, readCalibration } from './calibrationFile.ts';
import { parseLabelsTsv } from './labelsTsv.ts';

/** The units a run folder holds, addressed by its answer key's folder (the series) and round. */
export function unitsOfRun(run: StoredRun): LabeledUnit[] {
  const series = path.basename(path.dirname(run.manifest.inputs.key.path));
  const severity = new Map(run.manifest.key.problems.map((p) => [p.id, p.severity.level]));
  return run.verdicts.units.map((u) => ({
    series,
    round: run.manifest.round ?? 0,
    prompt: u.review.prompt,
    run: u.review.run,
    unit: u.unit,
    verdict: u.verdict,
    severity: severity.get(u.unit) ?? null,
    detail: u.source ? `${u.source.file}:${u.source.line}` : (u.votes.find((v) => v.verdict === u.verdict)?.reason ?? u.reason ?? ''),
  }));
}

/** One rater's units; `history` when they are the workflow's own verdicts (an import or labels.tsv), which a gold set replaces. */
export interface Rater {
  label: string;
  units: LabeledUnit[];
  runs: StoredRun[];
  history: boolean;
}

/**
 * Loads one rater: a run folder, a folder of run folders (e.g. a whole import), a calibration
 * folder (its judge's units), or a labels TSV like ../shared/corpus/labels.tsv.
 */
export async function loadRater(arg: string, cwd: string): Promise<Rater> {
  const p = path.resolve(cwd, arg);
  const st = await stat(p).catch(() => {
    throw new InputError('not found; expected a run folder, a folder of runs, a calibration folder, or a labels .tsv file', arg);
  });
  if (await calibrationPath(arg, cwd)) {
    const c = await readCalibration(arg, cwd);
    return { label: arg, runs: [], units: c.judged, history: false };
  }
  if (st.isFile()) {
    const rows = parseLabelsTsv(await readFile(p, 'utf8'), arg);
    return {
      label: arg,
      runs: [],
      history: true,
      units: rows.map((r) => ({ series: r.target, round: r.round, prompt: r.prompt, run: r.run, unit: r.problemId, verdict: r.verdict, severity: null, detail: `${r.scoringFile} (labels.tsv line ${r.line})` })),
    };
  }
  const names = await readdir(p);
  if (names.includes('verdicts.json')) {
    const run = await readRun(p);
    return { label: arg, runs: [run], units: unitsOfRun(run), history: run.verdicts.imported === true };
  }
  const runs: StoredRun[] = [];
  for (const name of names.sort()) {
    if (name === 'cache') continue;
    const dir = path.join(p, name);
    if (!(await stat(path.join(dir, 'verdicts.json')).catch(() => null))) continue;
    runs.push(await readRun(dir));
  }
  if (!runs.length) throw new InputError('holds no run folder (no verdicts.json here or one level down)', arg);
  // Several runs of one round (e.g. judged twice): the latest one speaks for it. Keyed by the key's
  // content, not its path: manifests record paths as typed.
  const latest = new Map<string, StoredRun>();
  for (const r of runs) {
    const k = `${r.manifest.inputs.key.sha256}\u0000${r.manifest.round}`;
    const prev = latest.get(k);
    if (!prev || prev.manifest.createdAt < r.manifest.createdAt) latest.set(k, r);
  }
  const kept = [...latest.values()];
  return { label: arg, runs: kept, units: kept.flatMap(unitsOfRun), history: kept.length > 0 && kept.every((r) => r.verdicts.imported === true) };
}

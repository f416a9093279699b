import path from 'node:path';
import { InputError } from '../errors.ts';
import { findHistory } from '../history/findHistory.ts';
import { importedRun } from '../history/importedRun.ts';
import { readHistoryRound } from '../history/readHistoryRound.ts';
import { RunFolder } from '../run/RunFolder.ts';
import { reportTitle, writeReports } from '../run/writeReports.ts';
import { buildReport } from '../score/buildReport.ts';
import { DEFAULT_RUBRIC } from '../types/Rubric.ts';
import { EXIT, type CliIO } from './CliIO.ts';

/**
 * `review-judge import <round-dir|workflow-root>`: the workflow's historical scoring files as runs
 * (one per round, same verdicts.json schema, marked imported), so `agree` and `compare` can use them.
 */
export async function importCommand(root: string, flags: { runsDir: string; json?: boolean }, io: CliIO): Promise<number> {
  const locations = await findHistory(path.resolve(io.cwd, root));
  if (!locations.length) throw new InputError('no results/vNNN-<prompt>-scoring.md files found here or in its <perspective>-<target>/ folders', root);
  const runsDir = path.resolve(io.cwd, flags.runsDir);
  const summary: Array<{ series: string; round: number; run: string; verdicts: number; files: number; unreadable: Array<{ path: string; reason: string }> }> = [];
  for (const loc of locations) {
    const h = await readHistoryRound(loc, io);
    if (!h) continue;
    const { verdicts, manifest, warnings } = importedRun(h);
    for (const u of h.unreadable) io.stderr(`${u.path}: not imported: ${u.reason}\n`);
    if (!verdicts.units.length) continue;
    const folder = new RunFolder(runsDir, h.runId);
    folder.writeJson('verdicts.json', verdicts);
    folder.writeJson('manifest.json', manifest);
    writeReports(folder, buildReport({ verdicts, key: h.key.parsed, rubric: DEFAULT_RUBRIC, round: h.round, title: `${reportTitle(h.key.parsed, h.round, loc.series)} (imported history)` }), verdicts);
    for (const w of warnings) io.stderr(`warning: ${w}\n`);
    summary.push({ series: loc.series, round: loc.round, run: folder.dir, verdicts: verdicts.units.length, files: h.scoring.length, unreadable: h.unreadable });
  }
  const total = summary.reduce((a, s) => a + s.verdicts, 0);
  const unreadable = summary.reduce((a, s) => a + s.unreadable.length, 0);
  if (flags.json) io.stdout(JSON.stringify({ rounds: summary, verdicts: total, unreadable }, null, 2) + '\n');
  else {
    for (const s of summary) io.stdout(`${s.series} round ${s.round}: ${s.verdicts} verdicts from ${s.files} scoring files → ${path.relative(io.cwd, s.run) || s.run}\n`);
    io.stdout(`imported ${total} verdicts from ${summary.reduce((a, s) => a + s.files, 0)} scoring files in ${summary.length} rounds; ${unreadable} files could not be read\n`);
  }
  return total ? EXIT.ok : EXIT.input;
}


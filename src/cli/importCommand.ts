import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { parseAnswerKey } from '../answer-key/parseAnswerKey.ts';
import { InputError } from '../errors.ts';
import { findHistory, type HistoryLocation } from '../history/findHistory.ts';
import { importedRun, type FileDigest, type HistoryRound } from '../history/importedRun.ts';
import { parseScoringFile } from '../history/parseScoringFile.ts';
import { parsePerspective } from '../perspective/parsePerspective.ts';
import { readSource } from '../round/loadInputs.ts';
import { RunFolder } from '../run/RunFolder.ts';
import { reportTitle, writeReports } from '../run/writeReports.ts';
import { buildReport } from '../score/buildReport.ts';
import { DEFAULT_RUBRIC } from '../score/Rubric.ts';
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
    const h = await readRound(loc, io);
    if (!h) continue;
    const { verdicts, manifest, warnings } = importedRun(h);
    const folder = new RunFolder(runsDir, h.runId);
    folder.writeJson('verdicts.json', verdicts);
    folder.writeJson('manifest.json', manifest);
    if (verdicts.units.length) {
      writeReports(folder, buildReport({ verdicts, key: h.key.parsed, rubric: DEFAULT_RUBRIC, round: h.round, title: `${reportTitle(h.key.parsed, h.round)} (imported history)` }), verdicts);
    }
    for (const w of warnings) io.stderr(`warning: ${w}\n`);
    for (const u of h.unreadable) io.stderr(`${u.path}: not imported: ${u.reason}\n`);
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

/** Reads one round's key, perspective, scoring files and run files; a round without its key is skipped with a message. */
async function readRound(loc: HistoryLocation, io: CliIO): Promise<HistoryRound | null> {
  const rel = (p: string) => path.relative(io.cwd, p) || p;
  const keyPath = rel(path.join(loc.dir, `answer-key-round-${String(loc.round).padStart(3, '0')}.md`));
  let key: HistoryRound['key'];
  try {
    const src = await readSource(keyPath, io.cwd, 'answer key');
    key = { file: { path: src.path, sha256: src.sha256, size: Buffer.byteLength(src.text) }, parsed: parseAnswerKey(src.text, src.path) };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    for (const f of loc.scoringFiles) io.stderr(`${rel(path.join(loc.dir, 'results', f))}: not imported: no usable answer key (${e.format()})\n`);
    return null;
  }
  const perspectivePath = rel(path.join(loc.dir, 'perspective.md'));
  const perspectiveSrc = await readSource(perspectivePath, io.cwd, 'perspective').catch(() => null);
  const scoring: HistoryRound['scoring'] = [];
  const unreadable: HistoryRound['unreadable'] = [];
  for (const name of loc.scoringFiles) {
    const file = rel(path.join(loc.dir, 'results', name));
    try {
      const src = await readSource(file, io.cwd, 'scoring file');
      scoring.push({ file: { path: file, sha256: src.sha256, size: Buffer.byteLength(src.text) }, parsed: parseScoringFile(src.text, file) });
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      unreadable.push({ path: file, reason: e.message });
    }
  }
  const runFiles = new Map<string, FileDigest>();
  for (const name of loc.runFiles) {
    const m = /^v\d{3}-(.+)-run(\d+)\.md$/.exec(name)!;
    const file = rel(path.join(loc.dir, 'results', name));
    const bytes = await readFile(path.resolve(io.cwd, file));
    runFiles.set(`${m[1]}/${Number(m[2])}`, { path: file, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.byteLength });
  }
  const stamp = io.now().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return {
    runId: `${stamp}-import-${loc.series}-r${String(loc.round).padStart(3, '0')}`,
    createdAt: io.now().toISOString(),
    round: loc.round,
    key,
    perspective: perspectiveSrc ? { file: { path: perspectiveSrc.path, sha256: perspectiveSrc.sha256, size: Buffer.byteLength(perspectiveSrc.text) }, parsed: parsePerspective(perspectiveSrc.text, perspectiveSrc.path) } : null,
    scoring,
    unreadable,
    runFiles,
  };
}

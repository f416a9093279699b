import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseAnswerKey } from '../answer-key/parseAnswerKey.ts';
import type { Edges } from '../types/Edges.ts';
import { InputError } from '../errors.ts';
import { parsePerspective } from '../perspective/parsePerspective.ts';
import { readSource } from '../round/loadInputs.ts';
import type { HistoryLocation } from './findHistory.ts';
import type { FileDigest, HistoryRound } from './importedRun.ts';
import { parseScoringFile } from './parseScoringFile.ts';
import { runStamp } from '../run/RunFolder.ts';

/** Reads one round's key, perspective, scoring files and run files; a round without its key is skipped with a message. */
export async function readHistoryRound(loc: HistoryLocation, io: Pick<Edges, 'cwd' | 'now' | 'stderr' | 'randomHex'>): Promise<HistoryRound | null> {
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
  const stamp = runStamp(io.now());
  return {
    runId: `${stamp}-import-${loc.series}-r${String(loc.round).padStart(3, '0')}-${io.randomHex(3)}`,
    createdAt: io.now().toISOString(),
    round: loc.round,
    key,
    perspective: perspectiveSrc ? { file: { path: perspectiveSrc.path, sha256: perspectiveSrc.sha256, size: Buffer.byteLength(perspectiveSrc.text) }, parsed: parsePerspective(perspectiveSrc.text, perspectiveSrc.path) } : null,
    scoring,
    unreadable,
    runFiles,
  };
}

import type { AnswerKey } from '../types/AnswerKey.ts';
import { findBonusTables } from '../answer-key/bonusTable.ts';
import { splitLines } from '../answer-key/markdown.ts';
import { parseAnswerKey } from '../answer-key/parseAnswerKey.ts';
import { RESTATED_THRESHOLD, restatedBonuses } from '../answer-key/restatedBonuses.ts';
import { readSource } from '../round/loadInputs.ts';
import { EXIT, type CliIO } from './CliIO.ts';

/** `review-judge key <file> [--json]`: parse one answer key. */
export async function keyCommand(file: string, opts: { json?: boolean }, io: CliIO): Promise<number> {
  const source = await readSource(file, io.cwd, 'answer key');
  const key = parseAnswerKey(source.text, file);
  const restated = restatedBonusWarnings(key, source.text, file);
  if (opts.json) io.stdout(JSON.stringify(key, null, 2) + '\n');
  else io.stdout(summarizeKey(key, file, restated.length));
  for (const w of key.warnings) io.stderr(`${file}:${w.line}: warning: ${w.message}\n`);
  for (const line of restated) io.stderr(line + '\n');
  return EXIT.ok;
}

/** One warning line per bonus row that restates a planted problem, at the row's line (`--json` leaves the canonical key as it is). */
export function restatedBonusWarnings(key: AnswerKey, text: string, file: string): string[] {
  const found = restatedBonuses(key);
  if (!found.length) return [];
  const lines = new Map(findBonusTables(splitLines(text)).rows.map((r) => [r.bonus.id, r.line]));
  return found.map((r) => {
    const at = lines.get(r.bonus);
    return `${file}${at ? `:${at}` : ''}: warning: bonus ${r.bonus} restates ${r.problem} (its ${r.part}; similarity ${r.score.toFixed(2)} ≥ ${RESTATED_THRESHOLD}): a finding for it is a match of ${r.problem}, never a bonus — narrow the row or drop it`;
  });
}

/** Reads and parses an answer key file; IO and encoding errors become InputError. */
export async function readAnswerKey(file: string, cwd: string): Promise<AnswerKey> {
  const source = await readSource(file, cwd, 'answer key');
  return parseAnswerKey(source.text, file);
}

/** Human-readable summary of a parsed key. */
export function summarizeKey(key: AnswerKey, file: string, restated = 0): string {
  const lines = [
    `${key.title}  (${file})`,
    `round: ${key.round ?? '-'}  perspective: ${key.perspective ?? '-'}  target: ${key.target ?? '-'}`,
    `problems: ${key.problems.length}${key.declaredProblemCount !== null ? ` (declared ${key.declaredProblemCount})` : ''}  bonuses: ${key.bonuses.length}  warnings: ${key.warnings.length}${restated ? `  bonus rows restating a problem: ${restated}` : ''}`,
    '',
  ];
  for (const p of key.problems) {
    lines.push(`${p.id}  [${p.severity.level ?? '?'}: ${p.severity.raw}]  ${p.title}`);
    lines.push(`     category: ${p.category}${p.location ? `  location: ${p.location}` : ''}`);
    lines.push(`     ○ ${oneLine(p.criteria.detected)}`);
    lines.push(`     △ ${oneLine(p.criteria.partial)}`);
    lines.push(`     × ${oneLine(p.criteria.undetected)}`);
  }
  if (key.bonuses.length) lines.push('');
  for (const b of key.bonuses) lines.push(`${b.id}  [${b.category}]  ${oneLine(b.description)}`);
  return lines.join('\n') + '\n';
}

function oneLine(s: string, max = 110): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}

import type { AnswerKey } from '../types/AnswerKey.ts';
import { parseAnswerKey } from '../answer-key/parseAnswerKey.ts';
import { readSource } from '../round/loadInputs.ts';
import { EXIT, type CliIO } from './CliIO.ts';

/** `review-judge key <file> [--json]`: parse one answer key. */
export async function keyCommand(file: string, opts: { json?: boolean }, io: CliIO): Promise<number> {
  const key = await readAnswerKey(file, io.cwd);
  if (opts.json) io.stdout(JSON.stringify(key, null, 2) + '\n');
  else io.stdout(summarizeKey(key, file));
  for (const w of key.warnings) io.stderr(`${file}:${w.line}: warning: ${w.message}\n`);
  return EXIT.ok;
}

/** Reads and parses an answer key file; IO and encoding errors become InputError. */
export async function readAnswerKey(file: string, cwd: string): Promise<AnswerKey> {
  const source = await readSource(file, cwd, 'answer key');
  return parseAnswerKey(source.text, file);
}

/** Human-readable summary of a parsed key. */
export function summarizeKey(key: AnswerKey, file: string): string {
  const lines = [
    `${key.title}  (${file})`,
    `round: ${key.round ?? '-'}  perspective: ${key.perspective ?? '-'}  target: ${key.target ?? '-'}`,
    `problems: ${key.problems.length}${key.declaredProblemCount !== null ? ` (declared ${key.declaredProblemCount})` : ''}  bonuses: ${key.bonuses.length}  warnings: ${key.warnings.length}`,
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

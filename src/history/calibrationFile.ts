/** calibration.json: the parts later commands read back (`compare-judges`, `agree` on a calibration folder), validated on load. */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { InputError } from '../errors.ts';
import { VerdictSymbol } from '../types/Verdicts.ts';

const Unit = z.object({
  series: z.string(),
  round: z.number().int(),
  prompt: z.string(),
  run: z.number().int(),
  unit: z.string(),
  verdict: z.union([VerdictSymbol, z.literal('unscored')]),
  severity: z.string().nullable(),
  detail: z.string(),
});

/** The fields of calibration.json a comparison needs (the file holds more: the agreement, the sample). */
export const CalibrationFile = z.object({
  seed: z.number().int(),
  judges: z.array(z.string()),
  split: z.object({ name: z.enum(['all', 'dev', 'test']), digest: z.string() }),
  goldOverrides: z.number().int(),
  /** The judge's verdict and reasoning per unit. */
  judged: z.array(Unit),
  /** The reference per unit: the history after the gold set. */
  history: z.array(Unit),
});
export type CalibrationFile = z.infer<typeof CalibrationFile>;

/** Where a calibration's file is: the file itself, or the calibration folder holding it. */
export async function calibrationPath(arg: string, cwd: string): Promise<string | null> {
  const p = path.resolve(cwd, arg);
  const st = await stat(p).catch(() => null);
  if (!st) return null;
  if (st.isFile()) return path.basename(p) === 'calibration.json' ? p : null;
  const inside = path.join(p, 'calibration.json');
  return (await stat(inside).catch(() => null)) ? inside : null;
}

/** Reads a calibration folder's calibration.json; a missing, malformed or pre-interval file is an InputError naming it. */
export async function readCalibration(arg: string, cwd: string): Promise<CalibrationFile & { file: string }> {
  const file = await calibrationPath(arg, cwd);
  if (!file) throw new InputError('not a calibration: expected a folder written by calibrate (with calibration.json) or the calibration.json itself', arg);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new InputError(`calibration.json is not valid JSON (${(e as Error).message})`, arg);
  }
  const parsed = CalibrationFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(`calibration.json: ${issue.path.join('.') || '(root)'}: ${issue.message} (written by an older review-judge? run calibrate again: its votes are cached)`, arg);
  }
  return { ...parsed.data, file };
}

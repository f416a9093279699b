import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { InputError } from '../errors.ts';
import { Manifest } from '../types/Manifest.ts';
import { Verdicts } from '../types/Verdicts.ts';

/** A run folder read back: its manifest and verdicts, validated. */
export interface StoredRun {
  dir: string;
  manifest: Manifest;
  verdicts: Verdicts;
}

/** Reads and validates one JSON file of a run folder; any problem is an InputError naming the file. */
export async function readRunJson<T>(file: string, schema: z.ZodType<T>, what: string): Promise<T> {
  const text = await readFile(file, 'utf8').catch(() => {
    throw new InputError(`no ${path.basename(file)} here; expected ${what}`, path.dirname(file));
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InputError(`${path.basename(file)} is not valid JSON; the run folder is damaged`, file);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`${path.basename(file)} does not match its schema (${issue?.path.join('.')}: ${issue?.message})`, file);
  }
  return parsed.data;
}

/** Reads a run folder written by `score` (or `import`). */
export async function readRun(dir: string): Promise<StoredRun> {
  const what = 'a run folder written by `review-judge score`';
  const manifest = await readRunJson(path.join(dir, 'manifest.json'), Manifest, what);
  const verdicts = await readRunJson(path.join(dir, 'verdicts.json'), Verdicts, what);
  return { dir, manifest, verdicts };
}

/** Reads and validates a JSON file, or null when it is missing, unreadable or off-schema (for scans of many runs). */
export async function readJsonOrNull<T>(file: string, schema: z.ZodType<T>): Promise<T | null> {
  try {
    const parsed = schema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

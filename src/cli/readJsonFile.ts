import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.ts';
import type { CliIO } from './CliIO.ts';

/** Reads a JSON file named on the command line; a missing or malformed file is an InputError naming it. */
export async function readJsonFile(file: string, io: Pick<CliIO, 'cwd'>): Promise<unknown> {
  const text = await readFile(path.resolve(io.cwd, file), 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new InputError(`cannot read (${e.code ?? e.message})`, file);
  });
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(`not valid JSON (${(e as Error).message})`, file);
  }
}

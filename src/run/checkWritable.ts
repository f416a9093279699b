import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.ts';

/**
 * Makes sure a folder exists and takes a file, before anything is paid for: a cache that cannot be
 * written makes every rerun pay again, and a runs folder that cannot be written loses the run after
 * all its requests were bought. The probe is created exclusively and removed at once.
 */
export function checkWritable(dir: string, what: string, fix: string): void {
  const probe = path.join(dir, `.review-judge-write-check-${process.pid}`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(probe, '', { flag: 'wx' });
    rmSync(probe, { force: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new InputError(`cannot write to the ${what} (${code}); ${fix}`, dir);
  }
}

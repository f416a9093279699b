import { appendFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { RunFiles } from '../types/Edges.ts';

/** Atomic text write: a unique temp file beside the target, then rename (the temp is removed if either fails). */
export function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (e) {
    // A disk that filled up mid-write must not keep half a temp file as well.
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** The run folder's writes on the real file system. */
export const nodeRunFiles: RunFiles = {
  mkdir: (dir) => void mkdirSync(dir, { recursive: true }),
  append: (file, text) => appendFileSync(file, text),
  writeAtomic,
  remove: (file) => rmSync(file, { force: true }),
};

import { closeSync, openSync, readSync } from 'node:fs';
import { InputError } from '../../../errors.ts';

/** GGUF versions llama.cpp reads (https://github.com/ggml-org/ggml/blob/master/docs/gguf.md: magic `GGUF`, then a little-endian uint32 version). */
const VERSIONS = new Set([2, 3]);

/**
 * Refuses a file that is not a GGUF model llama.cpp can read before it is handed to it: given a
 * file with another header, llama.cpp 3.21.1 does not fail but spins (seen here), so the CLI would hang.
 */
export function assertGguf(file: string, judge: string): void {
  const head = Buffer.alloc(8);
  let read = 0;
  const fd = openSync(file, 'r');
  try {
    read = readSync(fd, head, 0, 8, 0);
  } finally {
    closeSync(fd);
  }
  if (read < 8 || head.toString('latin1', 0, 4) !== 'GGUF') throw new InputError(`judge ${judge}: not a GGUF model file (it does not start with the GGUF magic): give a .gguf file`, file);
  const version = head.readUInt32LE(4);
  if (!VERSIONS.has(version)) throw new InputError(`judge ${judge}: GGUF version ${version} is not one llama.cpp reads (2 or 3): convert or re-download the model`, file);
}

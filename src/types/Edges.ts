/**
 * The process edges a library stage may touch, passed in so tests can drive them: working directory,
 * clock, randomness, the message stream (one line per notice), interruption and the run folder's writes.
 */
export interface Edges {
  cwd: string;
  now: () => Date;
  /** Random hex string (salts, run-id suffixes); tests pass a seeded one. */
  randomHex: (bytes: number) => string;
  /** Notices and warnings for the user (the CLI's stderr). */
  stderr: (text: string) => void;
  /** Aborts in-flight work (Ctrl-C). */
  signal?: AbortSignal;
  /** How run folders are written (default: the real file system); tests pass one that fills up. */
  files?: RunFiles;
  /** Waits `ms` (between polls of provider batches), ending early on abort; default: a real timer. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * The writes of a run folder, all synchronous (a killed run keeps every line it wrote). A failure
 * throws the file system's own error (with its `code`, e.g. ENOSPC).
 */
export interface RunFiles {
  mkdir(dir: string): void;
  /** Appends to a file, creating it when missing. */
  append(file: string, text: string): void;
  /** Replaces a file atomically: readers see the old file or the new one, never half of it. */
  writeAtomic(file: string, text: string): void;
  /** Removes a file; a missing one is not an error. */
  remove(file: string): void;
}

/**
 * The process edges a library stage may touch, passed in so tests can drive them: working directory,
 * clock, randomness, the message stream (one line per notice) and interruption.
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
}

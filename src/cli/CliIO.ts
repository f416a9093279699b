/** Everything the CLI touches outside the process's pure core, passed in so tests can drive it. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Whether stderr is a terminal (progress line on/off). */
  isTTY: boolean;
  now: () => Date;
  /** Random hex string (salts, run-id suffixes); tests pass a seeded one. */
  randomHex: (bytes: number) => string;
  /** Aborts in-flight work (Ctrl-C). */
  signal?: AbortSignal;
}

/** Exit codes shared by every command: a contract for scripts and CI. */
export const EXIT = { ok: 0, unscored: 1, input: 2, threshold: 3 } as const;

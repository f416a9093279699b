import type { Edges } from '../types/Edges.ts';

/** Everything the CLI touches outside the process's pure core, passed in so tests can drive it. */
export interface CliIO extends Edges {
  stdout: (text: string) => void;
  env: Record<string, string | undefined>;
  /** Whether stderr is a terminal (progress line on/off). */
  isTTY: boolean;
  /** All of standard input, read when a command asks for it (`quote-check` without `--quotes`). */
  readStdin?: () => Promise<string>;
  /** Opens a file in the default browser (`view --open`); absent in tests, so no test can open one. Rejects with why it could not. */
  openFile?: (file: string) => Promise<void>;
}

/** Exit codes shared by every command: a contract for scripts and CI. */
export const EXIT = { ok: 0, unscored: 1, input: 2, threshold: 3, /** `--batch`: submitted, provider batches still running; collect later (EX_TEMPFAIL). */ pending: 75 } as const;

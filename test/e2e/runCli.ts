/** Drives the CLI in-process with captured streams and a fixed clock, as a user's shell would. */
import { main } from '../../src/cli/main.ts';
import type { CliIO } from '../../src/cli/CliIO.ts';
import type { RunFiles } from '../../src/types/Edges.ts';

/** What one CLI invocation produced. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

let counter = 0;

/** Runs `review-judge <argv>` with the given environment; time and randomness are deterministic. */
export async function runCli(argv: string[], env: Record<string, string | undefined>, opts: { cwd?: string; now?: Date; stdin?: string; files?: RunFiles } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const base = (opts.now ?? new Date('2026-11-25T12:00:00Z')).getTime();
  let tick = 0;
  const io: CliIO = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    env,
    cwd: opts.cwd ?? process.cwd(),
    isTTY: false,
    now: () => new Date(base + 1000 * ++tick),
    randomHex: (n) => (++counter).toString(16).padStart(n * 2, '0').slice(-n * 2),
    readStdin: async () => opts.stdin ?? '',
    ...(opts.files ? { files: opts.files } : {}),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
